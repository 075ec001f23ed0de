import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { aSaleDocument } from './support/selling.ts';
import { startPaying, type PayingHarness } from './support/payments.ts';
import { incidentKinds, startKillableServer, until, type KillableServer } from './support/payments-setup.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';
import type { RunningSimulator } from '../src/terminal-sim/index.ts';

/** No ServiceID charged more than once, and no payment charged twice net. */
function expectNoDoubleCharges(sim: RunningSimulator) {
  const charges = sim.ledger().filter((e) => e.kind === 'charge');
  expect(new Set(charges.map((c) => c.serviceId)).size).toBe(charges.length);
}

describe.each(DIALECTS)('card payment faults, on %s', (dialect) => {
  let h: PayingHarness;
  let receipt = 0;

  beforeAll(async () => {
    // A terminal call gives up after 300 ms: the "no response" case needs no long wait.
    h = await startPaying(dialect, { paymentTimeoutMs: 300 });
  });
  afterAll(async () => h?.close());

  async function saleFor(price: number) {
    const item = await h.aSellable({ price });
    return aSaleDocument(h, ++receipt, [{ item }], { tender: 'card' });
  }
  const withReference = (doc: ReturnType<typeof aSaleDocument>, id: string) => ((doc.tenders[0] as { reference?: string }).reference = id, doc);

  it('lost response after approval: unknown, no new attempt, the status query finds the approval, one charge', async () => {
    const doc = await saleFor(1241);
    const started = await h.pay(1241, { saleId: doc.id });
    expect(await h.settled(started.json().id)).toMatchObject({ state: 'unknown', failure: { reason: 'unknown' } });
    expect((await h.call('POST', '/api/v1/sales', withReference(doc, started.json().id))).json().error.code).toBe('SALES_CARD_NOT_APPROVED');
    const retry = await h.pay(1241, { saleId: doc.id });
    expect(retry.json().error).toMatchObject({ code: 'PAYMENTS_ATTEMPT_PENDING', details: { state: 'unknown' } });
    const resolved = await h.call('POST', `/api/v1/payments/${started.json().id}/status`);
    expect(resolved.json()).toMatchObject({ state: 'approved', card: { maskedPan: expect.stringMatching(/^\d{6}\*+\d{4}$/) } });
    expect((await h.call('POST', '/api/v1/sales', doc)).statusCode).toBe(201);
    expect(h.sim.ledger().filter((e) => e.kind === 'charge' && e.amount === 1241)).toHaveLength(1);
    expectNoDoubleCharges(h.sim);
  });

  it('no response for the whole timeout: unknown, then resolved by the status query', async () => {
    const doc = await saleFor(1331);
    const started = await h.pay(1331, { saleId: doc.id });
    expect(await h.settled(started.json().id)).toMatchObject({ state: 'unknown' });
    const resolved = await h.call('POST', `/api/v1/payments/${started.json().id}/status`);
    expect(resolved.json().state).toBe('approved');
    expect(h.sim.ledger().filter((e) => e.kind === 'charge' && e.amount === 1331)).toHaveLength(1);
    expect((await h.call('POST', '/api/v1/sales', withReference(doc, started.json().id))).statusCode).toBe(201);
  });

  it('decline followed by a late approval: the sale stays unpaid, the approval is reversed and reported', async () => {
    const doc = await saleFor(1461);
    const started = await h.pay(1461, { saleId: doc.id });
    const id = started.json().id;
    expect(await h.settled(id)).toMatchObject({ state: 'declined' });
    await until(() => h.sim.ledger().some((e) => e.kind === 'charge' && e.amount === 1461));
    const checked = await h.call('POST', `/api/v1/payments/${id}/status`);
    expect(checked.json()).toMatchObject({ state: 'declined', reversal: { status: 'done' } });
    expect((await h.call('POST', '/api/v1/sales', withReference(doc, id))).json().error.code).toBe('SALES_CARD_NOT_APPROVED');
    const charge = h.sim.ledger().find((e) => e.kind === 'charge' && e.amount === 1461)!;
    const net = h.sim.ledger().filter((e) => e.reference === charge.reference || e.originalReference === charge.reference).reduce((s, e) => s + e.amount, 0);
    expect(net).toBe(0);
    expect(await incidentKinds(h.database, id)).toEqual(['PAYMENT_LATE_APPROVAL_REVERSED']);
  });

  it('an approval of an attempt the register aborted is reversed, never paid', async () => {
    const doc = await saleFor(1531);
    const id = (await h.pay(1531, { saleId: doc.id })).json().id;
    await until(() => h.sim.ledger().some((e) => e.kind === 'charge' && e.amount === 1531));
    await h.call('POST', `/api/v1/payments/${id}/abort`);
    expect(await h.settled(id)).toMatchObject({ state: 'unknown', abortRequested: true });
    const checked = await h.call('POST', `/api/v1/payments/${id}/status`);
    expect(checked.json()).toMatchObject({ state: 'cancelled', reversal: { status: 'done' } });
    expect(h.sim.ledger().filter((e) => e.kind === 'reversal' && e.amount === -1531)).toHaveLength(1);
  });
});

describe.each(DIALECTS)('a server killed (SIGKILL) during authorisation, on %s', (dialect) => {
  let k: KillableServer;

  // The cardholder is slow (1.5 s) so the kill lands while the terminal authorises.
  beforeAll(async () => void (k = await startKillableServer(dialect, { price: 1621, poiId: 'SIM-KILL' })));
  afterAll(async () => k?.close());

  it('leaves the attempt open after restart; a status query settles it before any new attempt; one charge', async () => {
    const { h, sim, api, terminalId } = k;
    const env = { KASSA_PAYMENT_TIMEOUT_MS: '60000', KASSA_TERMINAL_PROGRESS_POLL_MS: '0' };
    await k.start(env);
    const doc = aSaleDocument(h, 1, [{ item: k.item }], { tender: 'card' });
    const id = uuidv7();
    const started = await api('POST', '/api/v1/payments', { id, saleId: doc.id, registerId: h.registerId, terminalId, amount: 1621, currency: 'EUR' });
    expect(started.body.state).toBe('in_progress');
    await until(() => sim.running().length === 1);
    await k.kill();
    await k.start(env);
    expect((await api('GET', `/api/v1/payments/${id}`)).body.state).toBe('in_progress');
    const second = await api('POST', '/api/v1/payments', { id: uuidv7(), saleId: doc.id, registerId: h.registerId, terminalId, amount: 1621, currency: 'EUR' });
    expect(second.body.error).toMatchObject({ code: 'PAYMENTS_ATTEMPT_PENDING', details: { attemptId: id } });
    let state = 'in_progress';
    while (state === 'in_progress') state = (await api('POST', `/api/v1/payments/${id}/status`)).body.state;
    expect(state).toBe('approved');
    (doc.tenders[0] as { reference?: string }).reference = id;
    expect((await api('POST', '/api/v1/sales', doc)).status).toBe(201);
    expect(sim.ledger().filter((e) => e.kind === 'charge')).toHaveLength(1);
    expect(await h.database.db.selectFrom('sale_tenders').select('reference').execute()).toEqual([{ reference: id }]);
  }, 120_000);
});
