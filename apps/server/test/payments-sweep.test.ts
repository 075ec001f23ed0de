import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { aSaleDocument } from './support/selling.ts';
import { startPaying, type PayingHarness } from './support/payments.ts';
import {
  addTerminal,
  incidentKinds,
  startKillableServer,
  startTerminalLine,
  sweepWorkers,
  until,
  type KillableServer,
  type TerminalLine,
} from './support/payments-setup.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';
import { findJob, type JobWorker } from '../src/jobs/index.ts';
import type { PaymentSettings } from '../src/modules/payments/index.ts';

describe.each(DIALECTS)('the payments sweep with two server instances, on %s', (dialect) => {
  // Terminal calls give up after 300 ms; the sweep looks 200 ms after an attempt became unknown (500 ms after its start).
  const settings: PaymentSettings = {
    paymentTimeoutMs: 300,
    requestTimeoutMs: 1500,
    progressPollMs: 0,
    sweepDelayMs: 200,
  };
  let h: PayingHarness;
  let instances: JobWorker[] = [];

  beforeAll(async () => {
    h = await startPaying(dialect, settings);
    // Two sweeps on one database, as two server processes would run them; each has its own terminal adapters.
    instances = sweepWorkers(h.database, settings, 2);
    for (const worker of instances) worker.start();
  });
  afterAll(async () => {
    await Promise.all(instances.map((w) => w.stop()));
    await h?.close();
  });

  const attempt = async (id: string) => (await h.call('GET', `/api/v1/payments/${id}`)).json();
  const trail = async (id: string) =>
    (
      await h.database.db
        .selectFrom('payment_events')
        .select('kind')
        .where('attempt_id', '=', id)
        .orderBy('id')
        .execute()
    ).map((e) => e.kind);

  it('resolves lost responses after approval to approved without a register asking, each once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const started = await h.pay(1241, { saleId: uuidv7() });
      ids.push(started.json().id);
      await h.settled(started.json().id);
    }
    for (const id of ids) await until(async () => (await attempt(id)).state === 'approved');
    for (const id of ids) {
      // One status query settled it: a second instance asking too would have left a second status event.
      expect(await trail(id)).toEqual(['created', 'start', 'response.lost', 'status.approved']);
      expect(await findJob(h.database.db, id)).toMatchObject({ status: 'done' });
      const serviceId = (
        await h.database.db
          .selectFrom('payment_attempts')
          .select('service_id')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).service_id;
      expect(h.sim.ledger().filter((e) => e.serviceId === serviceId && e.kind === 'charge')).toHaveLength(1);
    }
  });

  it('reverses the late approval of an abandoned attempt once, and reports it', async () => {
    const id = (await h.pay(1531, { saleId: uuidv7() })).json().id;
    await until(() => h.sim.ledger().some((e) => e.kind === 'charge' && e.amount === 1531));
    await h.call('POST', `/api/v1/payments/${id}/abort`);
    await until(async () => (await attempt(id)).reversal?.status === 'done');
    expect(await attempt(id)).toMatchObject({ state: 'cancelled', abortRequested: true });
    const charge = h.sim.ledger().find((e) => e.kind === 'charge' && e.amount === 1531)!;
    // The sweep runs on: the attempt is settled and reversed, so nothing is sent again.
    await Promise.all(instances.map((w) => w.runOnce()));
    expect(
      h.sim
        .ledger()
        .filter((e) => e.originalReference === charge.reference)
        .map((e) => e.amount),
    ).toEqual([-1531]);
    expect(await incidentKinds(h.database, id)).toEqual(['PAYMENT_LATE_APPROVAL_REVERSED']);
  });

  it('resolves an unknown refund by the sweep, so a void can name it', async () => {
    const item = await h.aSellable({ price: 1281 });
    const doc = aSaleDocument(h, 1, [{ item }], { tender: 'card' });
    const paid = await h.settled((await h.pay(1281, { saleId: doc.id })).json().id);
    (doc.tenders[0] as { reference?: string }).reference = paid.id;
    expect((await h.call('POST', '/api/v1/sales', doc)).statusCode).toBe(201);
    const voidId = uuidv7();
    const refund = (
      await h.call('POST', `/api/v1/payments/${paid.id}/refunds`, { id: uuidv7(), saleId: voidId })
    ).json();
    await until(async () => (await attempt(refund.id)).state === 'approved');
    expect(await trail(refund.id)).toEqual(['created', 'start', 'response.lost', 'status.approved']);
    const voided = await h.call('POST', `/api/v1/sales/${doc.id}/void`, {
      id: voidId,
      receiptNumber: 1,
      deviceTime: new Date().toISOString(),
      reasonCode: 'wrong_item',
      cardRefunds: [{ paymentId: paid.id, refundId: refund.id }],
    });
    expect(voided.statusCode).toBe(201);
    expect(
      h.sim
        .ledger()
        .filter((e) => e.originalReference === paid.card.providerReference)
        .map((e) => e.amount),
    ).toEqual([-1281]);
  });

  it('asks once about a settled decline, for a late approval, and leaves an approved payment alone', async () => {
    const declined = (await h.pay(1461, { saleId: uuidv7() })).json().id;
    // One terminal takes one payment at a time: the next starts once it answered this one (else:
    // "busy", which the register reports as cancelled — on a fast machine the second request came
    // within the first's 5 ms at the card).
    await h.settled(declined);
    const approved = (await h.pay(1295, { saleId: uuidv7() })).json().id;
    await until(async () => (await attempt(declined)).reversal?.status === 'done');
    expect(await attempt(declined)).toMatchObject({ state: 'declined' });
    await until(async () => (await findJob(h.database.db, approved))?.status === 'done');
    expect(await trail(approved)).toEqual(['created', 'start', 'response.approved']);
  });
});

/** A slow network: payment requests reach the terminal only after `holdMs`; everything else at once. */
function startSlowLine(target: string, holdMs: number): Promise<TerminalLine> {
  return startTerminalLine(target, {
    request: async (body) => {
      if (body.includes('"PaymentRequest"')) await new Promise((r) => setTimeout(r, holdMs));
      return body;
    },
  });
}

describe.each(DIALECTS)('the sweep and a payment still on its way, on %s', (dialect) => {
  const settings: PaymentSettings = {
    paymentTimeoutMs: 300,
    requestTimeoutMs: 1500,
    progressPollMs: 0,
    sweepDelayMs: 200,
  };
  let h: PayingHarness;
  let line: TerminalLine;
  let sweep: JobWorker;

  beforeAll(async () => {
    h = await startPaying(dialect, settings);
    line = await startSlowLine(h.sim.endpoint, 600);
    sweep = sweepWorkers(h.database, settings)[0]!;
    sweep.start();
  });
  afterAll(async () => {
    await sweep?.stop();
    await line?.close();
    await h?.close();
  });

  it('a terminal that had not seen the payment yet ("not found" → cancelled) is asked once more, and the charge is reversed', async () => {
    const terminalId = await addTerminal(h, line.endpoint, 'SIM-SLOW', 'Slow line');
    const started = await h.call('POST', '/api/v1/payments', {
      id: uuidv7(),
      saleId: uuidv7(),
      registerId: h.registerId,
      terminalId,
      amount: 1795,
      currency: 'EUR',
    });
    const id = started.json().id;
    const attempt = async () => (await h.call('GET', `/api/v1/payments/${id}`)).json();
    await until(async () => (await attempt()).reversal?.status === 'done');
    expect(await attempt()).toMatchObject({
      state: 'cancelled',
      failure: { message: 'the terminal never received this payment' },
    });
    const charge = h.sim.ledger().find((e) => e.kind === 'charge' && e.amount === 1795)!;
    expect(
      h.sim
        .ledger()
        .filter((e) => e.originalReference === charge.reference)
        .map((e) => e.amount),
    ).toEqual([-1795]);
    expect(await incidentKinds(h.database, id)).toEqual(['PAYMENT_LATE_APPROVAL_REVERSED']);
  });
});

describe.each(DIALECTS)(
  'the sweep of a restarted server (SIGKILL during authorisation), on %s',
  (dialect) => {
    let k: KillableServer;

    beforeAll(async () => void (k = await startKillableServer(dialect, { price: 1621, poiId: 'SIM-SWEEP' })));
    afterAll(async () => k?.close());

    it('settles the attempt left in progress without any register asking; one charge', async () => {
      const { h, sim, api, terminalId } = k;
      const env = {
        KASSA_PAYMENT_TIMEOUT_MS: '3000',
        KASSA_TERMINAL_PROGRESS_POLL_MS: '0',
        KASSA_PAYMENT_SWEEP_DELAY_MS: '200',
        KASSA_PAYMENT_SWEEP_POLL_MS: '50',
      };
      await k.start(env);
      const doc = aSaleDocument(h, 1, [{ item: k.item }], { tender: 'card' });
      const id = uuidv7();
      const started = await api('POST', '/api/v1/payments', {
        id,
        saleId: doc.id,
        registerId: h.registerId,
        terminalId,
        amount: 1621,
        currency: 'EUR',
      });
      expect(started.body.state).toBe('in_progress');
      await until(() => sim.running().length === 1);
      await k.kill();
      await k.start(env);
      await until(async () => (await api('GET', `/api/v1/payments/${id}`)).body.state === 'approved', 20);
      expect(sim.ledger().filter((e) => e.kind === 'charge')).toHaveLength(1);
      (doc.tenders[0] as { reference?: string }).reference = id;
      expect((await api('POST', '/api/v1/sales', doc)).body.kind).toBe('sale');
    }, 120_000);
  },
);
