import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { aSaleDocument } from './support/selling.ts';
import { startPaying, type PayingHarness } from './support/payments.ts';
import { addTerminal, startTerminalLine } from './support/payments-setup.ts';
import { buildApp, type App } from '../src/app.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';
import { paymentSettingsFromEnv } from '../src/modules/payments/index.ts';
import { FAST_DELAYS, startTerminalSimulator, type RunningSimulator } from '../src/terminal-sim/index.ts';

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
  const line = await startTerminalLine(target, {
    request: (sent) => (mode === 'request' ? flip(sent, 'SaleToPOIRequest') : sent),
    response: (text) => (mode === 'response' ? flip(text, 'SaleToPOIResponse') : text),
  });
  return { ...line, set: (next: typeof mode) => void (mode = next) };
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
    proxiedTerminal = await addTerminal(h, proxy.endpoint, 'SIM-0002', 'Pin via the LAN');
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

describe.each(DIALECTS)('a nexo key per terminal, on %s', (dialect) => {
  const keyA = { keyIdentifier: 'ShopKeyA', keyVersion: 1, passphrase: 'passphrase of terminal A' };
  const keyB = { keyIdentifier: 'ShopKeyB', keyVersion: 3, passphrase: 'passphrase of terminal B' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kassa-nexo-keys-'));
  const keysFile = path.join(dir, 'nexo-keys.json');
  let h: PayingHarness;
  let simB: RunningSimulator;
  let keylessApp: App;
  let terminalA: string;
  let terminalB: string;

  beforeAll(async () => {
    fs.writeFileSync(keysFile, JSON.stringify([keyA, keyB]), { mode: 0o600 });
    // The keys come from the file, as `kassa start` reads them (KASSA_NEXO_KEYS_FILE); there is no default key.
    const fromEnv = paymentSettingsFromEnv({ KASSA_NEXO_KEYS_FILE: keysFile });
    h = await startPaying(dialect, { nexoKeys: fromEnv.nexoKeys }, { security: keyA });
    simB = await startTerminalSimulator({ delays: FAST_DELAYS, security: keyB });
    const withKey = (key: typeof keyA) => ({ identifier: key.keyIdentifier, version: key.keyVersion });
    terminalA = uuidv7();
    terminalB = uuidv7();
    const a = await h.call('POST', '/api/v1/payment-terminals', {
      id: terminalA,
      storeId: h.storeId,
      name: 'Pin A',
      adapter: 'simulator',
      endpoint: h.sim.endpoint,
      poiId: 'SIM-KA',
      key: withKey(keyA),
    });
    expect(a.json()).toMatchObject({ key: { identifier: 'ShopKeyA', version: 1 } });
    expect(
      (
        await h.call('POST', '/api/v1/payment-terminals', {
          id: terminalB,
          storeId: h.storeId,
          name: 'Pin B',
          adapter: 'simulator',
          endpoint: simB.endpoint,
          poiId: 'SIM-KB',
          key: withKey(keyB),
        })
      ).statusCode,
    ).toBe(201);
    // Another server on the same database without the keys file.
    keylessApp = await buildApp({
      config: { logLevel: 'silent', bodyLimit: 1024 * 1024 },
      database: h.database,
      payments: { paymentTimeoutMs: 1500, requestTimeoutMs: 1500, progressPollMs: 0 },
    });
  });
  afterAll(async () => {
    await keylessApp?.close();
    await simB?.close();
    await h?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const payOn = (app: App, terminalId: string, amount: number) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/payments',
      headers: { authorization: `Bearer ${h.shop.ownerToken}` },
      payload: {
        id: uuidv7(),
        saleId: uuidv7(),
        registerId: h.registerId,
        terminalId,
        amount,
        currency: 'EUR',
      },
    });

  it('each terminal is paid through its own key; the database holds no passphrase', async () => {
    expect(await h.settled((await payOn(h.app, terminalA, 1710)).json().id)).toMatchObject({
      state: 'approved',
    });
    expect(await h.settled((await payOn(h.app, terminalB, 1720)).json().id)).toMatchObject({
      state: 'approved',
    });
    expect(h.sim.ledger().map((e) => e.amount)).toContain(1710);
    expect(simB.ledger().map((e) => e.amount)).toEqual([1720]);
    const rows = JSON.stringify(await h.database.db.selectFrom('payment_terminals').selectAll().execute());
    expect(rows).toContain('ShopKeyB');
    expect(rows).not.toContain('passphrase of terminal');
  });

  it('a key this server has no passphrase for: the terminal is refused (422 naming the field); a server without it sends nothing', async () => {
    const unknown = await h.call('POST', '/api/v1/payment-terminals', {
      id: uuidv7(),
      storeId: h.storeId,
      name: 'Pin C',
      adapter: 'simulator',
      endpoint: h.sim.endpoint,
      poiId: 'SIM-KC',
      key: { identifier: 'ShopKeyC', version: 1 },
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error).toMatchObject({
      code: 'PAYMENTS_TERMINAL_KEY_UNKNOWN',
      details: { field: 'key' },
    });
    const attempt = await h.settled((await payOn(keylessApp, terminalB, 1730)).json().id);
    expect(attempt).toMatchObject({
      state: 'cancelled',
      failure: {
        message: expect.stringContaining('nexo key ShopKeyB version 3 is not configured on this server'),
      },
    });
    expect(simB.ledger().map((e) => e.amount)).toEqual([1720]);
  });

  it('a keys file that is not a list of keys refuses the start', () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify([{ keyIdentifier: 'X', keyVersion: 'one', passphrase: 'p' }]));
    expect(() => paymentSettingsFromEnv({ KASSA_NEXO_KEYS_FILE: bad })).toThrow(
      /entry 0 needs keyIdentifier \(text\), keyVersion \(a whole number\)/,
    );
    expect(() => paymentSettingsFromEnv({ KASSA_NEXO_KEYS_FILE: path.join(dir, 'missing.json') })).toThrow(
      /cannot be read as JSON \(ENOENT\)/,
    );
  });
});
