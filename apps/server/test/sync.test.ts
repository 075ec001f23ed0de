import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { aSaleDocument, startSelling, type SellableVariant, type SellingHarness } from './support/selling.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';

describe.each(DIALECTS)('register sync on %s', (dialect) => {
  let h: SellingHarness;
  let mug: SellableVariant;

  beforeAll(async () => {
    h = await startSelling(dialect);
    mug = await h.aSellable({ price: 1295 });
  });
  afterAll(async () => h?.close());

  it('acknowledges each item; a rejected one does not block the ones after it; a resend is all duplicates', async () => {
    const good1 = aSaleDocument(h, 1, [{ item: mug }]);
    const bad = {
      ...aSaleDocument(h, 2, [{ item: mug }]),
      totals: { total: 1, taxTotal: 0, rounding: 0, change: 0 },
    };
    const good2 = aSaleDocument(h, 3, [{ item: mug, quantity: 2 }]);
    const offline = {
      id: uuidv7(),
      kind: 'offline_period',
      payload: {
        startedAt: '2026-11-27T10:00:00.000Z',
        endedAt: '2026-11-27T10:20:00.000Z',
        salesWhileOffline: 2,
      },
    };
    const items = [
      { id: good1.id, kind: 'sale', payload: good1 },
      { id: bad.id, kind: 'sale', payload: bad },
      { id: good2.id, kind: 'sale', payload: good2 },
      offline,
    ];
    const res = await h.call('POST', '/api/v1/sync/push', { registerId: h.registerId, items });
    expect(res.statusCode).toBe(200);
    expect(res.json().results.map((r: { status: string }) => r.status)).toEqual([
      'recorded',
      'rejected',
      'recorded',
      'recorded',
    ]);
    expect(res.json().results[1].error.code).toBe('SALES_ARITHMETIC_MISMATCH');

    const again = await h.call('POST', '/api/v1/sync/push', {
      registerId: h.registerId,
      items: [items[0], items[2], items[3]],
    });
    expect(again.json().results.map((r: { status: string }) => r.status)).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    const journal = await h.call('GET', `/api/v1/journal?registerId=${h.registerId}`);
    expect(journal.json().items.map((e: { kind: string }) => e.kind)).toEqual([
      'sale.completed',
      'sale.completed',
      'register.offline_period',
    ]);
  });

  it('reports the missing receipt of the rejected sale as an open incident in the sync status', async () => {
    await h.call('POST', '/api/v1/sync/heartbeat', {
      registerId: h.registerId,
      pendingItems: 1,
      appVersion: '0.1.0',
      storagePersisted: true,
    });
    const res = await h.call('GET', '/api/v1/registers/sync-status');
    expect(res.json().items).toEqual([
      expect.objectContaining({
        registerId: h.registerId,
        pendingItems: 1,
        appVersion: '0.1.0',
        storagePersisted: true,
        openIncidents: 1,
      }),
    ]);
  });

  it('refuses a sale pushed for another register than the one pushing', async () => {
    const other = h.shop.stores[1]!.registerIds[0]!;
    const doc = aSaleDocument(h, 4, [{ item: mug }]);
    const res = await h.call('POST', '/api/v1/sync/push', {
      registerId: other,
      items: [{ id: doc.id, kind: 'sale', payload: doc }],
    });
    expect(res.json().results[0]).toMatchObject({
      status: 'rejected',
      error: { code: 'SYNC_WRONG_REGISTER' },
    });
  });

  it('journals register events once and voids a sale from the outbox', async () => {
    const sale = aSaleDocument(h, 10, [{ item: mug }]);
    const event = {
      id: uuidv7(),
      kind: 'register_event',
      payload: {
        kind: 'drawer.opened_no_sale',
        occurredAt: new Date().toISOString(),
        // Each value keeps its type: request bodies are coerced, and a union once made them all strings.
        details: { reason: 'wisselgeld', amount: 500, receipt: '41', approved: true, approver: null },
      },
    };
    const voidItem = {
      id: uuidv7(),
      kind: 'void',
      payload: {
        saleId: sale.id,
        id: uuidv7(),
        receiptNumber: 1,
        deviceTime: new Date().toISOString(),
        reasonCode: 'mistake',
      },
    };
    const items = [{ id: sale.id, kind: 'sale', payload: sale }, event, voidItem];
    const first = await h.call('POST', '/api/v1/sync/push', { registerId: h.registerId, items });
    expect(first.json().results.map((r: { status: string }) => r.status)).toEqual([
      'recorded',
      'recorded',
      'recorded',
    ]);
    const again = await h.call('POST', '/api/v1/sync/push', { registerId: h.registerId, items });
    expect(again.json().results.map((r: { status: string }) => r.status)).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    const kinds = (await h.call('GET', `/api/v1/journal?registerId=${h.registerId}&limit=200`))
      .json()
      .items.map((e: { kind: string }) => e.kind);
    expect(kinds.filter((k: string) => k === 'drawer.opened_no_sale')).toHaveLength(1);
    const [drawer] = (await h.call('GET', `/api/v1/journal?registerId=${h.registerId}&kind=drawer.opened_no_sale`)).json().items;
    expect(drawer.payload.details).toEqual({ reason: 'wisselgeld', amount: 500, receipt: '41', approved: true, approver: null });
    expect(kinds.filter((k: string) => k === 'void.completed')).toHaveLength(1);
    const bad = await h.call('POST', '/api/v1/sync/push', {
      registerId: h.registerId,
      items: [{ ...event, id: uuidv7(), payload: { ...event.payload, kind: 'made.up' } }],
    });
    expect(bad.statusCode).toBe(400);
  });

  it('gives the register to one holder at a time', async () => {
    const a = 'tab-aaaaaaaa';
    const b = 'tab-bbbbbbbb';
    expect(
      (await h.call('POST', `/api/v1/registers/${h.registerId}/lease`, { holderId: a })).statusCode,
    ).toBe(200);
    const second = await h.call('POST', `/api/v1/registers/${h.registerId}/lease`, { holderId: b });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('SYNC_REGISTER_IN_USE');
    expect(
      (await h.call('POST', `/api/v1/registers/${h.registerId}/lease`, { holderId: a })).statusCode,
    ).toBe(200);
    expect(
      (await h.call('POST', `/api/v1/registers/${h.registerId}/lease/release`, { holderId: a })).statusCode,
    ).toBe(204);
    expect(
      (await h.call('POST', `/api/v1/registers/${h.registerId}/lease`, { holderId: b })).statusCode,
    ).toBe(200);
  });

  it('lets exactly one of many tabs racing for a free register win', async () => {
    const register = h.shop.stores[1]!.registerIds[0]!;
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        h.call('POST', `/api/v1/registers/${register}/lease`, { holderId: `racer-${i}-xxxx` }),
      ),
    );
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(1);
  });
});
