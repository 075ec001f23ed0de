import { buildApp, type App } from '../../src/app.ts';
import type { DialectName } from '../../src/db/database.ts';
import type { Clock } from '../../src/lib/clock.ts';
import { uuidv7 } from '../../src/lib/uuidv7.ts';
import type { PaymentSettings } from '../../src/modules/payments/index.ts';
import { FAST_DELAYS, startTerminalSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/terminal-sim/index.ts';
import { startSelling, type SellingHarness } from './selling.ts';

export interface PayingHarness extends SellingHarness {
  sim: RunningSimulator;
  terminalId: string;
  /** Starts a card attempt; returns the response. */
  pay(amount: number, options?: { id?: string; saleId?: string; kind?: 'payment' | 'refund' }): Promise<Awaited<ReturnType<App['inject']>>>;
  /** Long-polls an attempt until it leaves in_progress (the terminal call ended). */
  settled(id: string): Promise<any>;
}

/** A Dutch shop on a fresh database, the terminal simulator on a real socket, and an app whose terminal timeouts are short. */
export async function startPaying(dialect: DialectName, settings: PaymentSettings = {}, simOptions: SimulatorOptions = {}, appOptions: { clock?: Clock } = {}): Promise<PayingHarness> {
  const sim = await startTerminalSimulator({ delays: FAST_DELAYS, ...simOptions });
  // The selling harness's own app keeps serving its helpers (aSellable); payments go through an app with short terminal timeouts.
  const selling = await startSelling(dialect);
  const app = await buildApp({
    config: { logLevel: 'silent', bodyLimit: 1024 * 1024 },
    database: selling.database,
    payments: { paymentTimeoutMs: 1500, requestTimeoutMs: 1500, progressPollMs: 0, ...settings },
    ...(appOptions.clock ? { clock: appOptions.clock } : {}),
  });
  const call: SellingHarness['call'] = (method, url, body, token = selling.shop.ownerToken) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { payload: body as object }) });
  const terminalId = uuidv7();
  const created = await call('POST', '/api/v1/payment-terminals', { id: terminalId, storeId: selling.storeId, name: 'Pinautomaat 1', adapter: 'simulator', endpoint: sim.endpoint, poiId: 'SIM-0001' });
  if (created.statusCode !== 201) throw new Error(`terminal create failed: ${created.body}`);
  const h: PayingHarness = {
    ...selling,
    app,
    call,
    sim,
    terminalId,
    pay: (amount, options = {}) =>
      call('POST', '/api/v1/payments', { id: options.id ?? uuidv7(), saleId: options.saleId ?? uuidv7(), registerId: selling.registerId, terminalId, amount, currency: 'EUR', ...(options.kind ? { kind: options.kind } : {}) }),
    async settled(id) {
      for (;;) {
        const res = await call('GET', `/api/v1/payments/${id}?waitMs=5000`);
        const body = res.json();
        if (body.state !== 'in_progress') return body;
        // The call may run in another app (no long-poll there): yield to timers and sockets before asking again.
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: async () => {
      await app.close();
      await selling.app.close();
      await sim.close();
      await selling.database.drop();
    },
  };
  return h;
}

/** Charges minus reversals/refunds per payment ServiceID in the simulator's ledger. */
export function chargesByService(sim: RunningSimulator): Map<string, number> {
  const ledger = sim.ledger();
  const byRef = new Map(ledger.filter((e) => e.kind === 'charge').map((e) => [e.reference, e.serviceId]));
  const net = new Map<string, number>();
  for (const e of ledger) {
    const service = e.kind === 'reversal' ? byRef.get(e.originalReference ?? '') ?? e.serviceId : e.serviceId;
    net.set(service, (net.get(service) ?? 0) + e.amount);
  }
  return net;
}
