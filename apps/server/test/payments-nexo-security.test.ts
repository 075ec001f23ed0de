import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { aSaleDocument } from './support/selling.ts';
import { startPaying, type PayingHarness } from './support/payments.ts';
import { buildApp, type App } from '../src/app.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';

const key = { keyIdentifier: 'KassaKey', keyVersion: 1, passphrase: 'the terminal passphrase' };

/** A man in the middle on a real socket: passes messages on, or flips a bit of the request's or the answer's NexoBlob. */
async function startTamperingProxy(target: string) {
  let mode: 'pass' | 'request' | 'response' = 'pass';
  const flip = (text: string, side: 'SaleToPOIRequest' | 'SaleToPOIResponse') => {
    const body = JSON.parse(text);
    const secured = body[side];
    if (!secured?.NexoBlob) return text;
    const blob = Buffer.from(secured.NexoBlob, 'base64');
    blob[0] = blob[0]! ^ 1;
    return JSON.stringify({ [side]: { ...secured, NexoBlob: blob.toString('base64') } });
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const sent = Buffer.concat(chunks).toString('utf8');
        const answer = await fetch(target, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: mode === 'request' ? flip(sent, 'SaleToPOIRequest') : sent,
        });
        const text = await answer.text();
        res
          .writeHead(answer.status, { 'content-type': 'application/json' })
          .end(mode === 'response' && text ? flip(text, 'SaleToPOIResponse') : text);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/nexo`,
    set: (next: typeof mode) => void (mode = next),
    close: () =>
      new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

describe.each(DIALECTS)('card payments with the nexo encryption envelope, on %s', (dialect) => {
  let h: PayingHarness;
  let wrongKeyApp: App;
  let plainApp: App;
  let proxy: Awaited<ReturnType<typeof startTamperingProxy>>;
  let proxiedTerminal: string;
  let receipt = 0;

  beforeAll(async () => {
    h = await startPaying(dialect, { nexoSecurity: key }, { security: key });
    // Two more apps on the same database: one configured with a wrong passphrase, one without any key.
    const appWith = (payments: Parameters<typeof buildApp>[0]['payments']) =>
      buildApp({ config: { logLevel: 'silent', bodyLimit: 1024 * 1024 }, database: h.database, payments });
    wrongKeyApp = await appWith({
      paymentTimeoutMs: 1500,
      requestTimeoutMs: 1500,
      progressPollMs: 0,
      nexoSecurity: { ...key, passphrase: 'a wrong passphrase' },
    });
    plainApp = await appWith({ paymentTimeoutMs: 1500, requestTimeoutMs: 1500, progressPollMs: 0 });
    proxy = await startTamperingProxy(h.sim.endpoint);
    proxiedTerminal = uuidv7();
    await h.call('POST', '/api/v1/payment-terminals', {
      id: proxiedTerminal,
      storeId: h.storeId,
      name: 'Pin via the LAN',
      adapter: 'simulator',
      endpoint: proxy.endpoint,
      poiId: 'SIM-0002',
    });
  });
  afterAll(async () => {
    await proxy?.close();
    await wrongKeyApp?.close();
    await plainApp?.close();
    await h?.close();
  });

  const payVia = (app: App, terminalId: string, amount: number, saleId: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/payments',
      headers: { authorization: `Bearer ${h.shop.ownerToken}` },
      payload: { id: uuidv7(), saleId, registerId: h.registerId, terminalId, amount, currency: 'EUR' },
    });
  const chargesOf = (amount: number) =>
    h.sim.ledger().filter((e) => e.kind === 'charge' && e.amount === amount);

  it('pays, asks for status and refunds through encrypted messages', async () => {
    const item = await h.aSellable({ price: 1295 });
    const doc = aSaleDocument(h, ++receipt, [{ item }], { tender: 'card' });
    const paid = await h.settled((await h.pay(1295, { saleId: doc.id })).json().id);
    expect(paid).toMatchObject({
      state: 'approved',
      card: { maskedPan: expect.stringMatching(/^\d{6}\*+\d{4}$/) },
    });
    expect((await h.call('POST', `/api/v1/payments/${paid.id}/status`)).json().state).toBe('approved');
    (doc.tenders[0] as { reference?: string }).reference = paid.id;
    expect((await h.call('POST', '/api/v1/sales', doc)).statusCode).toBe(201);
    const refund = await h.call('POST', `/api/v1/payments/${paid.id}/refunds`, { id: uuidv7(), amount: 300 });
    expect(await h.settled(refund.json().id)).toMatchObject({ state: 'approved' });
  });

  it('a wrong passphrase: the terminal rejects the message, the attempt is cancelled with the reason, nothing is charged', async () => {
    const saleId = uuidv7();
    const started = await payVia(wrongKeyApp, h.terminalId, 1395, saleId);
    const attempt = await h.settled(started.json().id);
    expect(attempt).toMatchObject({
      state: 'cancelled',
      failure: {
        message: expect.stringMatching(/terminal rejected the request: Reject .*passphrase differs/),
      },
    });
    expect(chargesOf(1395)).toEqual([]);
    const doc = aSaleDocument(h, ++receipt, [{ item: await h.aSellable({ price: 1395 }) }], {
      tender: 'card',
      id: saleId,
    });
    (doc.tenders[0] as { reference?: string }).reference = attempt.id;
    expect((await h.call('POST', '/api/v1/sales', doc)).json().error.code).toBe('SALES_CARD_NOT_APPROVED');
    receipt--;
  });

  it('a tampered request: rejected by the terminal, cancelled, nothing charged', async () => {
    proxy.set('request');
    const attempt = await h.settled((await payVia(h.app, proxiedTerminal, 1495, uuidv7())).json().id);
    proxy.set('pass');
    expect(attempt).toMatchObject({
      state: 'cancelled',
      failure: { message: expect.stringContaining('HMAC does not match') },
    });
    expect(chargesOf(1495)).toEqual([]);
  });

  it('a tampered answer: never approved on it (unknown, status refused while tampered), resolved once the line is clean', async () => {
    proxy.set('response');
    const id = (await payVia(h.app, proxiedTerminal, 1595, uuidv7())).json().id;
    expect(await h.settled(id)).toMatchObject({
      state: 'unknown',
      failure: {
        message: expect.stringContaining('failed the nexo security check: the HMAC does not match'),
      },
    });
    const refused = await h.call('POST', `/api/v1/payments/${id}/status`);
    expect(refused.statusCode).toBe(503);
    expect(refused.json().error.message).toContain('nexo security check');
    proxy.set('pass');
    expect((await h.call('POST', `/api/v1/payments/${id}/status`)).json().state).toBe('approved');
    expect(chargesOf(1595)).toHaveLength(1);
  });

  it('the terminal refuses a message without the envelope', async () => {
    const attempt = await h.settled((await payVia(plainApp, h.terminalId, 1695, uuidv7())).json().id);
    expect(attempt).toMatchObject({
      state: 'cancelled',
      failure: { message: expect.stringContaining('only takes messages in the nexo encryption envelope') },
    });
    expect(chargesOf(1695)).toEqual([]);
  });
});
