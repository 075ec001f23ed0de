import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { aSaleDocument, startSelling, type SellableVariant, type SellingHarness } from './support/selling.ts';
import { startPaying, type PayingHarness } from './support/payments.ts';
import { freePort, killHard, startServerProcess, type ServerProcess } from './support/server-process.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';
import { JobWorker, findJob } from '../src/jobs/index.ts';
import { paymentJobHandlers, type PaymentSettings } from '../src/modules/payments/index.ts';
import { FAST_DELAYS, startTerminalSimulator, type RunningSimulator } from '../src/terminal-sim/index.ts';

/** Waits for something the background sweep does (no assertion on how long it took; the test timeout bounds it). */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((r) => setTimeout(r, 20));
}

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
    instances = [1, 2].map(
      () =>
        new JobWorker({
          db: h.database.db,
          handlers: paymentJobHandlers({ db: h.database.db, settings }),
          pollMs: 10,
        }),
    );
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
    const incidents = await h.database.db
      .selectFrom('incidents')
      .select('kind')
      .where('reference_id', '=', id)
      .execute();
    expect(incidents).toEqual([{ kind: 'PAYMENT_LATE_APPROVAL_REVERSED' }]);
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
    const approved = (await h.pay(1295, { saleId: uuidv7() })).json().id;
    await until(async () => (await attempt(declined)).reversal?.status === 'done');
    expect(await attempt(declined)).toMatchObject({ state: 'declined' });
    await until(async () => (await findJob(h.database.db, approved))?.status === 'done');
    expect(await trail(approved)).toEqual(['created', 'start', 'response.approved']);
  });
});

/** A slow network on a real socket: payment requests reach the terminal only after `holdMs`; everything else at once. */
async function startSlowLine(target: string, holdMs: number) {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (body.includes('"PaymentRequest"')) await new Promise((r) => setTimeout(r, holdMs));
        const answer = await fetch(target, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        const text = await answer.text();
        if (!res.destroyed) res.writeHead(answer.status, { 'content-type': 'application/json' }).end(text);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/nexo`,
    close: () =>
      new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

describe.each(DIALECTS)('the sweep and a payment still on its way, on %s', (dialect) => {
  const settings: PaymentSettings = {
    paymentTimeoutMs: 300,
    requestTimeoutMs: 1500,
    progressPollMs: 0,
    sweepDelayMs: 200,
  };
  let h: PayingHarness;
  let line: Awaited<ReturnType<typeof startSlowLine>>;
  let sweep: JobWorker;

  beforeAll(async () => {
    h = await startPaying(dialect, settings);
    line = await startSlowLine(h.sim.endpoint, 600);
    sweep = new JobWorker({
      db: h.database.db,
      handlers: paymentJobHandlers({ db: h.database.db, settings }),
      pollMs: 10,
    });
    sweep.start();
  });
  afterAll(async () => {
    await sweep?.stop();
    await line?.close();
    await h?.close();
  });

  it('a terminal that had not seen the payment yet ("not found" → cancelled) is asked once more, and the charge is reversed', async () => {
    const terminalId = uuidv7();
    await h.call('POST', '/api/v1/payment-terminals', {
      id: terminalId,
      storeId: h.storeId,
      name: 'Slow line',
      adapter: 'simulator',
      endpoint: line.endpoint,
      poiId: 'SIM-SLOW',
    });
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
    const incidents = await h.database.db
      .selectFrom('incidents')
      .select('kind')
      .where('reference_id', '=', id)
      .execute();
    expect(incidents).toEqual([{ kind: 'PAYMENT_LATE_APPROVAL_REVERSED' }]);
  });
});

describe.each(DIALECTS)(
  'the sweep of a restarted server (SIGKILL during authorisation), on %s',
  (dialect) => {
    let h: SellingHarness;
    let sim: RunningSimulator;
    let server: ServerProcess | undefined;
    let item: SellableVariant;
    let terminalId: string;

    beforeAll(async () => {
      sim = await startTerminalSimulator({ delays: { ...FAST_DELAYS, slowMs: 1500 } });
      h = await startSelling(dialect);
      item = await h.aSellable({ price: 1621 });
      terminalId = uuidv7();
      await h.call('POST', '/api/v1/payment-terminals', {
        id: terminalId,
        storeId: h.storeId,
        name: 'Pin',
        adapter: 'simulator',
        endpoint: sim.endpoint,
        poiId: 'SIM-SWEEP',
      });
      await h.app.close();
    });
    afterAll(async () => {
      if (server) await killHard(server);
      await sim?.close();
      await h?.database.drop();
    });

    it('settles the attempt left in progress without any register asking; one charge', async () => {
      const port = await freePort();
      const env = {
        KASSA_DATABASE_URL: h.database.url,
        KASSA_PAYMENT_TIMEOUT_MS: '3000',
        KASSA_TERMINAL_PROGRESS_POLL_MS: '0',
        KASSA_PAYMENT_SWEEP_DELAY_MS: '200',
        KASSA_PAYMENT_SWEEP_POLL_MS: '50',
      };
      server = await startServerProcess(env, port);
      const api = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(`http://127.0.0.1:${port}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${h.shop.ownerToken}`,
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        return (await res.json()) as any;
      };
      const doc = aSaleDocument(h, 1, [{ item }], { tender: 'card' });
      const id = uuidv7();
      expect(
        (
          await api('POST', '/api/v1/payments', {
            id,
            saleId: doc.id,
            registerId: h.registerId,
            terminalId,
            amount: 1621,
            currency: 'EUR',
          })
        ).state,
      ).toBe('in_progress');
      await until(() => sim.running().length === 1);
      await killHard(server);
      server = await startServerProcess(env, port);
      await until(async () => (await api('GET', `/api/v1/payments/${id}`)).state === 'approved');
      expect(sim.ledger().filter((e) => e.kind === 'charge')).toHaveLength(1);
      (doc.tenders[0] as { reference?: string }).reference = id;
      expect((await api('POST', '/api/v1/sales', doc)).kind).toBe('sale');
    }, 120_000);
  },
);
