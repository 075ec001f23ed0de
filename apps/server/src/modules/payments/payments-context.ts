import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { AdyenTerminalAdapter } from './nexo/adyen-terminal-adapter.ts';
import type { PaymentTerminal, TerminalConfig, TerminalFactory } from './terminal-port.ts';

/** Timeouts and the terminal factory; tests pass small timeouts instead of sleeping. */
export interface PaymentSettings {
  terminalFactory?: TerminalFactory;
  paymentTimeoutMs?: number;
  requestTimeoutMs?: number;
  progressPollMs?: number;
}

/** What the payment use cases share: the database, the clock, the terminals and the calls in flight. */
export interface PaymentsContext {
  db: Kysely<DB>;
  clock: Clock;
  terminalFor: (config: TerminalConfig) => PaymentTerminal;
  /** Terminal calls running in this process, by attempt id (a long-poll waits on them; shutdown drains them). */
  tasks: Map<string, Promise<void>>;
  log: (message: string, details: Record<string, unknown>) => void;
}

/** The adapters Kassa ships: the simulator speaks the Adyen Terminal API, so both use the same class. */
export function defaultTerminalFactory(settings: PaymentSettings): TerminalFactory {
  return (config) =>
    new AdyenTerminalAdapter({
      endpoint: config.endpoint,
      poiId: config.poiId,
      saleId: config.saleId,
      ...(config.adapter === 'adyen' && process.env.KASSA_ADYEN_API_KEY ? { apiKey: process.env.KASSA_ADYEN_API_KEY } : {}),
      ...(settings.paymentTimeoutMs !== undefined ? { paymentTimeoutMs: settings.paymentTimeoutMs } : {}),
      ...(settings.requestTimeoutMs !== undefined ? { requestTimeoutMs: settings.requestTimeoutMs } : {}),
      ...(settings.progressPollMs !== undefined ? { progressPollMs: settings.progressPollMs } : {}),
    });
}

/** Settings from the environment (KASSA_PAYMENT_TIMEOUT_MS, KASSA_TERMINAL_REQUEST_TIMEOUT_MS, KASSA_TERMINAL_PROGRESS_POLL_MS). */
export function paymentSettingsFromEnv(env: NodeJS.ProcessEnv): PaymentSettings {
  const n = (name: string) => (env[name] && Number.isFinite(Number(env[name])) ? Number(env[name]) : undefined);
  return { paymentTimeoutMs: n('KASSA_PAYMENT_TIMEOUT_MS'), requestTimeoutMs: n('KASSA_TERMINAL_REQUEST_TIMEOUT_MS'), progressPollMs: n('KASSA_TERMINAL_PROGRESS_POLL_MS') };
}

let serviceCounter = 0;
/** A nexo ServiceID: at most 10 characters, unique per terminal (also enforced by a unique constraint). */
export function newServiceId(): string {
  serviceCounter = (serviceCounter + 1) % 1296;
  return `${Date.now().toString(36).slice(-6)}${serviceCounter.toString(36).padStart(2, '0')}${Math.floor(Math.random() * 1296).toString(36).padStart(2, '0')}`.slice(0, 10);
}
