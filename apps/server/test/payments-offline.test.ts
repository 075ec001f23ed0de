import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { aTestClock } from './support/clock.ts';
import { aSaleDocument } from './support/selling.ts';
import { openShiftFor } from './support/cash.ts';
import { startPaying, type PayingHarness } from './support/payments.ts';
import { addTerminal, incidentKinds, sweepWorkers } from './support/payments-setup.ts';
import { buildApp, type App } from '../src/app.ts';
import type { JobWorker } from '../src/jobs/index.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';
import { AdyenTerminalAdapter, type PaymentSettings } from '../src/modules/payments/index.ts';
import { FAST_DELAYS, startTerminalSimulator, type RunningSimulator } from '../src/terminal-sim/index.ts';

// Offline card payments (store-and-forward, docs/PAYMENTS.md): the shop's internet is down, the
// LAN works; the simulator's acquirer is unreachable and it approves alone within the allowance
// Kassa gives each payment (OnlineFlag false), keeps the transaction and uploads it later.

const DAY_MINUTES = 24 * 60;

async function putLimits(
  h: PayingHarness,
  offlinePayments: { enabled: boolean; transactionLimit: number; dailyLimit: number },
  token?: string,
) {
  const current = (await h.call('GET', `/api/v1/stores/${h.storeId}/payment-settings`)).json();
  return h.call(
    'PUT',
    `/api/v1/stores/${h.storeId}/payment-settings`,
    { version: current.version, offlinePayments },
    token,
  );
}

const chargesOf = (sim: RunningSimulator, amount: number) =>
  sim.ledger().filter((e) => e.kind === 'charge' && e.amount === amount);

describe.each(DIALECTS)('offline card payments: settings and limits, on %s', (dialect) => {
  let h: PayingHarness;
  let onlineOnlyApp: App;
  const clock = aTestClock('2026-11-27T09:00:00.000Z');

  beforeAll(async () => {
    h = await startPaying(dialect, {}, { acquirerUnreachable: true }, { clock });
    // The same terminal through an adapter that declares no store-and-forward.
    onlineOnlyApp = await buildApp({
      config: { logLevel: 'silent', bodyLimit: 1024 * 1024 },
      database: h.database,
      clock,
      payments: {
        terminalFactory: (config) =>
          new AdyenTerminalAdapter({
            endpoint: config.endpoint,
            poiId: config.poiId,
            saleId: config.saleId,
            paymentTimeoutMs: 1500,
            requestTimeoutMs: 1500,
            progressPollMs: 0,
            capabilities: { storeAndForward: false },
          }),
      },
    });
  });
  afterAll(async () => {
    await onlineOnlyApp?.close();
    await h?.close();
  });

  it('settings: off by default, validated (400 schema, 422 naming the field, 409 stale), permission-checked, versioned and audited', async () => {
    const url = `/api/v1/stores/${h.storeId}/payment-settings`;
    const nowhere = await h.call('GET', `/api/v1/stores/${uuidv7()}/payment-settings`);
    expect(nowhere.statusCode).toBe(404);
    expect(nowhere.json().error.code).toBe('PAYMENTS_SETTINGS_STORE_NOT_FOUND');
    expect((await h.call('GET', url)).json()).toMatchObject({
      storeId: h.storeId,
      currency: 'EUR',
      version: 0,
      offlinePayments: { enabled: false, transactionLimit: 0, dailyLimit: 0 },
    });
    const aboveDaily = await putLimits(h, { enabled: true, transactionLimit: 5000, dailyLimit: 4000 });
    expect(aboveDaily.statusCode).toBe(422);
    expect(aboveDaily.json().error).toMatchObject({
      code: 'PAYMENTS_SETTINGS_INVALID',
      details: { field: 'offlinePayments.transactionLimit', transactionLimit: 5000, dailyLimit: 4000 },
    });
    const enabledWithNothing = await putLimits(h, { enabled: true, transactionLimit: 0, dailyLimit: 4000 });
    expect(enabledWithNothing.statusCode).toBe(422);
    expect(enabledWithNothing.json().error.details.field).toBe('offlinePayments.transactionLimit');
    const negative = await putLimits(h, { enabled: true, transactionLimit: -1, dailyLimit: 4000 });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().error.code).toBe('VALIDATION_FAILED');
    const readOnly = await putLimits(
      h,
      { enabled: true, transactionLimit: 2500, dailyLimit: 6000 },
      h.shop.readOnlyToken,
    );
    expect(readOnly.statusCode).toBe(403);
    // Nothing of the refused changes was saved.
    expect((await h.call('GET', url)).json().version).toBe(0);

    const body = { version: 0, offlinePayments: { enabled: true, transactionLimit: 2500, dailyLimit: 6000 } };
    const saved = await h.call('PUT', url, body);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ version: 1, offlinePayments: body.offlinePayments });
    // The same change again (a retry after a lost answer) returns it; another change on version 0 is stale.
    expect((await h.call('PUT', url, body)).json().version).toBe(1);
    const stale = await h.call('PUT', url, {
      version: 0,
      offlinePayments: { enabled: false, transactionLimit: 0, dailyLimit: 0 },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({
      code: 'PAYMENTS_SETTINGS_STALE_VERSION',
      details: { field: 'version', currentVersion: 1 },
    });
    const audit = await h.database.db
      .selectFrom('audit_events')
      .select(['action', 'target_id'])
      .where('action', '=', 'payment_settings.updated')
      .execute();
    expect(audit).toEqual([{ action: 'payment_settings.updated', target_id: h.storeId }]);
    const openapi = (await h.call('GET', '/api/v1/openapi.json')).json();
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/api/v1/stores/{id}/payment-settings', '/api/v1/payment-incidents']),
    );
  });

  it('approves offline within the per-transaction limit (OnlineFlag false), and the sale with that card tender is accepted', async () => {
    const item = await h.aSellable({ price: 2000 });
    const doc = aSaleDocument(h, 1, [{ item }], { tender: 'card' });
    const paid = await h.settled((await h.pay(2000, { saleId: doc.id })).json().id);
    expect(paid).toMatchObject({
      state: 'approved',
      offlineAllowance: 2500,
      card: { maskedPan: expect.stringMatching(/^\d{6}\*+\d{4}$/) },
      offline: {
        approvedAt: clock.iso(),
        uploadDeadline: new Date(clock.now().getTime() + 24 * 3600_000).toISOString(),
        upload: 'pending',
      },
    });
    expect(chargesOf(h.sim, 2000)).toMatchObject([{ offline: { upload: 'pending' } }]);
    (doc.tenders[0] as { reference?: string }).reference = paid.id;
    const sale = await h.call('POST', '/api/v1/sales', doc);
    expect(sale.statusCode).toBe(201);
  });

  it('declines above the per-transaction limit with the reason; nothing is charged and no sale can name it', async () => {
    const item = await h.aSellable({ price: 3000 });
    const doc = aSaleDocument(h, 2, [{ item }], { tender: 'card' });
    const declined = await h.settled((await h.pay(3000, { saleId: doc.id })).json().id);
    expect(declined).toMatchObject({
      state: 'declined',
      offline: null,
      offlineAllowance: 2500,
      failure: {
        reason: 'offline_limit_exceeded',
        message: expect.stringMatching(/Offline limit exceeded: .*3000 is above the offline limit of 2500/),
      },
    });
    expect(chargesOf(h.sim, 3000)).toEqual([]);
    (doc.tenders[0] as { reference?: string }).reference = declined.id;
    expect((await h.call('POST', '/api/v1/sales', doc)).json().error.code).toBe('SALES_CARD_NOT_APPROVED');
  });

  it('the per-day limit is shared by the payments of the business day, and starts again the next day', async () => {
    // 2000 was approved offline today: 4000 left of 6000.
    expect(await h.settled((await h.pay(2400)).json().id)).toMatchObject({
      state: 'approved',
      offlineAllowance: 2500,
    });
    const overTheDay = await h.settled((await h.pay(1700)).json().id);
    expect(overTheDay).toMatchObject({
      state: 'declined',
      offlineAllowance: 1600,
      failure: { reason: 'offline_limit_exceeded' },
    });
    expect(await h.settled((await h.pay(1600)).json().id)).toMatchObject({
      state: 'approved',
      offlineAllowance: 1600,
    });
    // 6000 used: nothing is allowed offline any more today.
    expect(await h.settled((await h.pay(100)).json().id)).toMatchObject({
      state: 'declined',
      offlineAllowance: 0,
    });
    expect(chargesOf(h.sim, 1700)).toEqual([]);
    expect(chargesOf(h.sim, 100)).toEqual([]);
    // The next business day in Amsterdam: a new allowance.
    clock.advanceMinutes(DAY_MINUTES);
    expect(await h.settled((await h.pay(2500)).json().id)).toMatchObject({
      state: 'approved',
      offlineAllowance: 2500,
      offline: { upload: 'pending' },
    });
  });

  it('a double tap or a retried request with the same attempt id is one charge', async () => {
    const id = uuidv7();
    const saleId = uuidv7();
    const [first, second] = await Promise.all([h.pay(1100, { id, saleId }), h.pay(1100, { id, saleId })]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 201]);
    expect(await h.settled(id)).toMatchObject({ state: 'approved', offline: { upload: 'pending' } });
    const again = await h.pay(1100, { id, saleId });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id, state: 'approved' });
    expect(chargesOf(h.sim, 1100)).toHaveLength(1);
  });

  it('two payments at once on two terminals cannot both spend the last of the day', async () => {
    // Today (the second day) 2500 + 1100 are used: 2400 of 6000 left, room for one 1500 payment, not two.
    // Both cardholders take a second, so the second payment is recorded while the first is still at its terminal.
    const slow = await startTerminalSimulator({
      delays: { ...FAST_DELAYS, cardMs: 1000 },
      acquirerUnreachable: true,
    });
    try {
      const terminals = [
        await addTerminal(h, slow.endpoint, 'SIM-SLOW-1'),
        await addTerminal(h, slow.endpoint, 'SIM-SLOW-2'),
      ];
      const started = await Promise.all(
        terminals.map((terminalId) =>
          h.call('POST', '/api/v1/payments', {
            id: uuidv7(),
            saleId: uuidv7(),
            registerId: h.registerId,
            terminalId,
            amount: 1500,
            currency: 'EUR',
          }),
        ),
      );
      const settled = await Promise.all(started.map((r) => h.settled(r.json().id)));
      expect(settled.map((a) => a.state).sort()).toEqual(['approved', 'declined']);
      expect(settled.map((a) => a.offlineAllowance).sort((a, b) => a - b)).toEqual([900, 2400]);
      expect(chargesOf(slow, 1500)).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });

  it('a terminal whose adapter cannot store and forward is never allowed offline', async () => {
    const started = await onlineOnlyApp.inject({
      method: 'POST',
      url: '/api/v1/payments',
      headers: { authorization: `Bearer ${h.shop.ownerToken}` },
      payload: {
        id: uuidv7(),
        saleId: uuidv7(),
        registerId: h.registerId,
        terminalId: h.terminalId,
        amount: 1200,
        currency: 'EUR',
      },
    });
    expect(started.json().offlineAllowance).toBe(0);
    expect(await h.settled(started.json().id)).toMatchObject({
      state: 'declined',
      offline: null,
      failure: { reason: 'offline_limit_exceeded' },
    });
    expect(chargesOf(h.sim, 1200)).toEqual([]);
  });

  it('with offline payments disabled nothing is approved offline, and refunds need the acquirer', async () => {
    expect(
      (await putLimits(h, { enabled: false, transactionLimit: 2500, dailyLimit: 6000 })).statusCode,
    ).toBe(200);
    expect(await h.settled((await h.pay(1300)).json().id)).toMatchObject({
      state: 'declined',
      offlineAllowance: 0,
      failure: { reason: 'offline_limit_exceeded' },
    });
    expect(chargesOf(h.sim, 1300)).toEqual([]);
    expect(await h.settled((await h.pay(900, { kind: 'refund' })).json().id)).toMatchObject({
      state: 'declined',
      offlineAllowance: 0,
      failure: { message: expect.stringContaining('Acquirer unreachable') },
    });
    // The acquirer is back: an online payment is online (OnlineFlag true).
    h.sim.setAcquirerReachable(true);
    expect(await h.settled((await h.pay(1300)).json().id)).toMatchObject({
      state: 'approved',
      offline: null,
    });
    h.sim.setAcquirerReachable(false);
  });
});

describe.each(DIALECTS)(
  'offline card payments: upload, decline at upload and the 24 h deadline, on %s',
  (dialect) => {
    let h: PayingHarness;
    let lonely: RunningSimulator;
    let lonelyTerminal: string;
    let sweep: JobWorker;
    const clock = aTestClock('2026-11-27T09:00:00.000Z');
    const settings: PaymentSettings = { uploadCheckMs: 60_000, sweepDelayMs: 1000 };

    beforeAll(async () => {
      h = await startPaying(dialect, settings, { acquirerUnreachable: true }, { clock });
      // A second terminal whose acquirer never comes back: its offline approval is never uploaded.
      lonely = await startTerminalSimulator({ delays: FAST_DELAYS, acquirerUnreachable: true });
      lonelyTerminal = await addTerminal(h, lonely.endpoint, 'SIM-LONELY', 'Pinautomaat 2');
      sweep = sweepWorkers(
        h.database,
        { paymentTimeoutMs: 1500, requestTimeoutMs: 1500, progressPollMs: 0, ...settings },
        1,
        clock,
      )[0]!;
      expect(
        (await putLimits(h, { enabled: true, transactionLimit: 5000, dailyLimit: 20_000 })).statusCode,
      ).toBe(200);
    });
    afterAll(async () => {
      await sweep?.stop();
      await lonely?.close();
      await h?.close();
    });

    const attempt = async (id: string) => (await h.call('GET', `/api/v1/payments/${id}`)).json();
    const sweepAfter = async (minutes: number) => {
      clock.advanceMinutes(minutes);
      // Every due job of this moment, including those a first pass re-schedules for now.
      while ((await sweep.runOnce()).claimed > 0);
    };

    it('uploads when the acquirer is back; a card refused at upload (…,05) and one never uploaded become incidents; the sales stay recorded', async () => {
      const shift = await openShiftFor(h, { deviceTime: clock.iso() });
      const item = await h.aSellable({ price: 1305 });
      const doc = aSaleDocument(h, 1, [{ item }], { tender: 'card' });
      const good = await h.settled((await h.pay(1200)).json().id);
      const refused = await h.settled((await h.pay(1305, { saleId: doc.id })).json().id);
      const neverUploaded = await h.settled(
        (
          await h.call('POST', '/api/v1/payments', {
            id: uuidv7(),
            saleId: uuidv7(),
            registerId: h.registerId,
            terminalId: lonelyTerminal,
            amount: 1400,
            currency: 'EUR',
          })
        ).json().id,
      );
      for (const paid of [good, refused, neverUploaded])
        expect(paid).toMatchObject({ state: 'approved', offline: { upload: 'pending' } });
      (doc.tenders[0] as { reference?: string }).reference = refused.id;
      expect((await h.call('POST', '/api/v1/sales', doc)).statusCode).toBe(201);

      // Still offline: the check finds them pending and asks again later.
      await sweepAfter(1);
      expect((await attempt(good.id)).offline.upload).toBe('pending');

      // The line is back (the simulator's control, as a test or a person would use it).
      const back = await fetch(h.sim.endpoint.replace('/nexo', '/sim/acquirer'), {
        method: 'POST',
        body: JSON.stringify({ reachable: true }),
      });
      expect(await back.json()).toMatchObject({ reachable: true });
      await h.sim.uploaded();
      await sweepAfter(1);
      expect(await attempt(good.id)).toMatchObject({ state: 'approved', offline: { upload: 'uploaded' } });
      expect(await attempt(refused.id)).toMatchObject({
        state: 'approved',
        offline: { upload: 'declined', uploadMessage: 'Not enough balance' },
      });
      expect(await attempt(neverUploaded.id)).toMatchObject({ offline: { upload: 'pending' } });
      expect(await incidentKinds(h.database, good.id)).toEqual([]);
      expect(await incidentKinds(h.database, refused.id)).toEqual(['PAYMENT_OFFLINE_DECLINED_AT_UPLOAD']);

      // A register asking about the pending one asks the terminal: still pending, nothing final yet.
      expect((await h.call('POST', `/api/v1/payments/${neverUploaded.id}/status`)).json()).toMatchObject({
        offline: { upload: 'pending' },
      });
      // 24 hours after the approval: not uploaded is an incident.
      await sweepAfter(DAY_MINUTES);
      expect(await attempt(neverUploaded.id)).toMatchObject({
        state: 'approved',
        offline: { upload: 'expired', uploadMessage: expect.stringContaining('24 hours') },
      });
      expect(await incidentKinds(h.database, neverUploaded.id)).toEqual(['PAYMENT_OFFLINE_NOT_UPLOADED']);

      // Once each, however often the sweep runs; the manager sees both, and the sale is still there.
      await sweepAfter(DAY_MINUTES);
      expect(await incidentKinds(h.database, refused.id)).toEqual(['PAYMENT_OFFLINE_DECLINED_AT_UPLOAD']);
      const incidents = (
        await h.call('GET', `/api/v1/payment-incidents?open=true&storeId=${h.storeId}`)
      ).json().items;
      expect(incidents.map((i: { kind: string; paymentId: string }) => [i.kind, i.paymentId]).sort()).toEqual(
        [
          ['PAYMENT_OFFLINE_DECLINED_AT_UPLOAD', refused.id],
          ['PAYMENT_OFFLINE_NOT_UPLOADED', neverUploaded.id],
        ].sort(),
      );
      expect(
        incidents.find((i: { kind: string }) => i.kind === 'PAYMENT_OFFLINE_DECLINED_AT_UPLOAD').details,
      ).toMatchObject({
        amount: 1305,
        maskedPan: expect.stringMatching(/^\d{6}\*+\d{4}$/),
        consequence: expect.stringContaining('the money was not received'),
      });
      expect((await h.call('GET', `/api/v1/sales/${doc.id}`)).statusCode).toBe(200);
      // The X report shows the offline share of the terminal's takings by upload state.
      const x = (await h.call('GET', `/api/v1/shifts/${shift.id}/x-report`)).json();
      expect(x.cardTerminal).toMatchObject({
        terminal: 1200 + 1305 + 1400,
        offline: {
          approved: 1200 + 1305 + 1400,
          pendingUpload: 0,
          uploaded: 1200,
          declinedAtUpload: 1305,
          expired: 1400,
        },
      });
    });
  },
);
