import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRegisterDatabase, type LocalSale, type RegisterDatabase } from '../src/db/database.ts';
import { uuidv7 } from '../src/lib/uuid.ts';
import type { ApiClient, ApiError, ApiResult } from '../src/sync/api.ts';
import {
  deliverReceiptEmail,
  isEmailAddress,
  keepReceiptEmail,
  sendWaitingReceiptEmails,
  waitingReceiptEmails,
  type ReceiptEmailRequest,
} from '../src/sale/receipt-email.ts';

let db: RegisterDatabase;
beforeEach(() => {
  db = openRegisterDatabase(`receipt-email-${Math.random()}`);
});
afterEach(() => db.delete());

const NETWORK: ApiError = { status: 0, code: 'NETWORK_UNAVAILABLE', message: 'offline' };

/** A server stand-in for POST …/emails: answers with what the test says and counts the calls. */
function fakeServer(answer: () => ApiError | 'queued' | Promise<'queued'>) {
  const posted: Array<{ path: string; body: unknown }> = [];
  const api: ApiClient = {
    async call<T>(_method: string, path: string, options?: { body?: unknown }): Promise<ApiResult<T>> {
      posted.push({ path, body: options?.body });
      const outcome = await answer();
      if (outcome !== 'queued') return { ok: false, error: outcome };
      const id = (options?.body as { id: string }).id;
      return { ok: true, value: { id, status: 'pending', attempts: 0, lastError: null } as T };
    },
  };
  return { api, posted };
}

async function aSale(syncedAt: string | null): Promise<LocalSale> {
  const sale = {
    id: uuidv7(),
    receiptNumber: (await db.sales.count()) + 1,
    document: {} as LocalSale['document'],
    staffName: null,
    committedAt: new Date().toISOString(),
    syncedAt,
  };
  await db.sales.put(sale);
  return sale;
}

function aRequest(saleId: string, to = 'klant@example.nl'): ReceiptEmailRequest {
  return { id: uuidv7(), saleId, to, locale: 'nl', requestedAt: new Date().toISOString() };
}

describe('e-mail addresses for receipts', () => {
  it('accepts what the server accepts and refuses what it would refuse', () => {
    for (const good of ['klant@example.nl', 'a.b+bon@mail.example.co.uk', 'KLANT@EXAMPLE.NL'])
      expect(isEmailAddress(good), good).toBe(true);
    const tooLong = `${'a'.repeat(64)}@${'b'.repeat(190)}.nl`;
    for (const bad of [
      '',
      'klant',
      'klant@example',
      'klant@@example.nl',
      'klant @example.nl',
      'klant@.nl',
      'ré@example.nl',
      tooLong,
    ])
      expect(isEmailAddress(bad), bad).toBe(false);
  });
});

describe('receipt e-mails waiting for their sale', () => {
  it('waits while the sale has not reached the server, then asks for the job once and forgets the request', async () => {
    const sale = await aSale(null);
    const request = aRequest(sale.id);
    await keepReceiptEmail(db, request);
    const { api, posted } = fakeServer(() => 'queued');
    await sendWaitingReceiptEmails(db, api, 'token');
    expect(posted).toHaveLength(0);
    await db.sales.update(sale.id, { syncedAt: new Date().toISOString() });
    await sendWaitingReceiptEmails(db, api, 'token');
    expect(posted).toEqual([
      {
        path: `/api/v1/sales/${sale.id}/emails`,
        body: { id: request.id, to: 'klant@example.nl', locale: 'nl' },
      },
    ]);
    expect(await waitingReceiptEmails(db)).toEqual([]);
  });

  it('keeps a request the server did not answer and asks again with the same job id', async () => {
    const sale = await aSale(new Date().toISOString());
    const request = aRequest(sale.id);
    await keepReceiptEmail(db, request);
    let down = true;
    const { api, posted } = fakeServer(() => (down ? NETWORK : 'queued'));
    expect((await deliverReceiptEmail(db, api, 'token', request)).kind).toBe('notYet');
    expect(await waitingReceiptEmails(db)).toEqual([request]);
    down = false;
    await sendWaitingReceiptEmails(db, api, 'token');
    expect(posted.map((p) => (p.body as { id: string }).id)).toEqual([request.id, request.id]);
    expect(await waitingReceiptEmails(db)).toEqual([]);
  });

  it('drops a request the server refuses for good, and says why', async () => {
    const sale = await aSale(new Date().toISOString());
    const request = aRequest(sale.id);
    await keepReceiptEmail(db, request);
    const refusal: ApiError = { status: 404, code: 'RECEIPTS_SALE_NOT_FOUND', message: 'Sale not found.' };
    const { api } = fakeServer(() => refusal);
    expect(await deliverReceiptEmail(db, api, 'token', request)).toEqual({ kind: 'refused', error: refusal });
    expect(await waitingReceiptEmails(db)).toEqual([]);
  });

  it('asks once when the receipt screen and the sell screen send the same request at the same time', async () => {
    const sale = await aSale(new Date().toISOString());
    const request = aRequest(sale.id);
    await keepReceiptEmail(db, request);
    const { api, posted } = fakeServer(() => 'queued');
    const [first, second] = await Promise.all([
      deliverReceiptEmail(db, api, 'token', request),
      deliverReceiptEmail(db, api, 'token', { ...request }),
    ]);
    expect(posted).toHaveLength(1);
    expect(second).toBe(first);
  });

  it('replaces a request not sent yet when the address is corrected, so the mistyped one never gets the receipt', async () => {
    const sale = await aSale(null);
    const typo = aRequest(sale.id, 'klant@exampel.nl');
    await keepReceiptEmail(db, typo);
    const fixed = aRequest(sale.id, 'klant@example.nl');
    await keepReceiptEmail(db, fixed, typo.id);
    expect(await waitingReceiptEmails(db)).toEqual([fixed]);
  });
});
