import fs from 'node:fs';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { AdyenTerminalAdapter } from './nexo/adyen-terminal-adapter.ts';
import type { NexoSecurityKey } from './nexo/nexo-crypto.ts';
import type { PaymentTerminal, TerminalConfig, TerminalFactory } from './terminal-port.ts';

/** Timeouts and the terminal factory; tests pass small timeouts instead of sleeping. */
export interface PaymentSettings {
  terminalFactory?: TerminalFactory;
  paymentTimeoutMs?: number;
  requestTimeoutMs?: number;
  progressPollMs?: number;
  /** How long after a terminal call should have ended the background sweep asks the terminal itself (default 5 000). */
  sweepDelayMs?: number;
  /** How often the sweep's job worker looks for due checks (server.ts; default 1 000). */
  sweepPollMs?: number;
  /** The encryption key of terminals on the local network (Adyen Terminal API over the LAN, or a simulator that requires it). */
  nexoSecurity?: NexoSecurityKey;
  /** How often the upload of an offline (store-and-forward) approval is checked until it is final (default 300 000). */
  uploadCheckMs?: number;
  /** More keys, for terminals that name their own (KASSA_NEXO_KEYS_FILE): by identifier and version. */
  nexoKeys?: NexoSecurityKey[];
}

/** What the payment use cases share: the database, the clock, the terminals and the calls in flight. */
export interface PaymentsContext {
  db: Kysely<DB>;
  clock: Clock;
  terminalFor: (config: TerminalConfig) => PaymentTerminal;
  /** Terminal calls running in this process, by attempt id (a long-poll waits on them; shutdown drains them). */
  tasks: Map<string, Promise<void>>;
  log: (message: string, details: Record<string, unknown>) => void;
  /** When the sweep checks an attempt nobody resolved: after its start (the call's timeout plus a margin), and after it became unknown. */
  sweep: { afterStartMs: number; afterUnknownMs: number };
  /** Between two checks of an offline approval's upload. */
  uploadCheckMs: number;
  /** Whether this server holds the passphrase of a nexo key (a terminal may name only such a key). */
  knowsKey(identifier: string, version: number): boolean;
}

/** One context per process part that settles attempts: the routes, and the sweep's job handler. */
export function createPaymentsContext(deps: { db: Kysely<DB>; clock: Clock; settings: PaymentSettings; log: PaymentsContext['log'] }): PaymentsContext {
  const { settings } = deps;
  const delay = settings.sweepDelayMs ?? 5000;
  return {
    db: deps.db,
    clock: deps.clock,
    terminalFor: settings.terminalFactory ?? defaultTerminalFactory(settings),
    tasks: new Map(),
    log: deps.log,
    sweep: { afterStartMs: (settings.paymentTimeoutMs ?? 150_000) + delay, afterUnknownMs: delay },
    uploadCheckMs: settings.uploadCheckMs ?? 300_000,
    knowsKey: (identifier, version) => findNexoKey(settings, identifier, version) !== undefined,
  };
}

/**
 * The adapters Kassa ships: the simulator speaks the Adyen Terminal API, so both use the same class.
 * Adyen's cloud endpoint authenticates with the API key; a terminal reached directly (LAN) with the
 * nexo envelope when a key is configured.
 */
export function defaultTerminalFactory(settings: PaymentSettings): TerminalFactory {
  return (config) => {
    const apiKey = config.adapter === 'adyen' ? process.env.KASSA_ADYEN_API_KEY : undefined;
    // A terminal that names its own key uses that one (and nothing at all when the server lacks it); else the default key.
    const own = config.key ? findNexoKey(settings, config.key.identifier, config.key.version) : undefined;
    const security = config.key ? own : settings.nexoSecurity;
    const missing = config.key && !own && !apiKey ? `the terminal's nexo key ${config.key.identifier} version ${config.key.version} is not configured on this server (KASSA_NEXO_KEYS_FILE): nothing was sent` : undefined;
    return new AdyenTerminalAdapter({
      endpoint: config.endpoint,
      poiId: config.poiId,
      saleId: config.saleId,
      // Offline approvals are only offered where Kassa learns whether they were uploaded: the
      // simulator answers it in the status query; a real Adyen terminal reports it through
      // notification webhooks, which Kassa does not receive yet (docs/PAYMENTS.md).
      capabilities: { storeAndForward: config.adapter === 'simulator' },
      ...(apiKey ? { apiKey } : security ? { security } : {}),
      ...(missing ? { unavailable: missing } : {}),
      ...(settings.paymentTimeoutMs !== undefined ? { paymentTimeoutMs: settings.paymentTimeoutMs } : {}),
      ...(settings.requestTimeoutMs !== undefined ? { requestTimeoutMs: settings.requestTimeoutMs } : {}),
      ...(settings.progressPollMs !== undefined ? { progressPollMs: settings.progressPollMs } : {}),
    });
  };
}

const KEY_VARIABLES = ['KASSA_NEXO_KEY_IDENTIFIER', 'KASSA_NEXO_KEY_VERSION', 'KASSA_NEXO_KEY_PASSPHRASE'] as const;

/** The terminal encryption key from the environment: all three variables or none (a half-configured key is refused at start). */
export function nexoSecurityFromEnv(env: NodeJS.ProcessEnv): NexoSecurityKey | undefined {
  const given = KEY_VARIABLES.filter((name) => env[name]);
  if (given.length === 0) return undefined;
  const missing = KEY_VARIABLES.filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set: a terminal encryption key needs ${KEY_VARIABLES.join(', ')} (as shown in the terminal's settings).`);
  const version = Number(env.KASSA_NEXO_KEY_VERSION);
  if (!Number.isInteger(version) || version < 0) throw new Error(`KASSA_NEXO_KEY_VERSION must be a whole number (the key version shown in the terminal's settings), not "${env.KASSA_NEXO_KEY_VERSION}".`);
  return { keyIdentifier: env.KASSA_NEXO_KEY_IDENTIFIER!, keyVersion: version, passphrase: env.KASSA_NEXO_KEY_PASSPHRASE! };
}

/** A key by identifier and version: one of the keys file's, or the default key. */
export function findNexoKey(settings: Pick<PaymentSettings, 'nexoKeys' | 'nexoSecurity'>, identifier: string, version: number): NexoSecurityKey | undefined {
  const keys = [...(settings.nexoKeys ?? []), ...(settings.nexoSecurity ? [settings.nexoSecurity] : [])];
  return keys.find((k) => k.keyIdentifier === identifier && k.keyVersion === version);
}

/**
 * The keys file (KASSA_NEXO_KEYS_FILE): a JSON array of `{ keyIdentifier, keyVersion, passphrase }`,
 * one per terminal key, readable only by Kassa. Passphrases live here, never in the database; a
 * file that cannot be read or is malformed refuses the start.
 */
export function nexoKeysFromFile(file: string): NexoSecurityKey[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`KASSA_NEXO_KEYS_FILE ${file} cannot be read as JSON (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  if (!Array.isArray(parsed)) throw new Error(`KASSA_NEXO_KEYS_FILE ${file} must hold a JSON array of { keyIdentifier, keyVersion, passphrase }.`);
  return parsed.map((entry: Record<string, unknown>, index) => {
    const ok = entry && typeof entry.keyIdentifier === 'string' && entry.keyIdentifier && Number.isInteger(entry.keyVersion) && (entry.keyVersion as number) >= 0 && typeof entry.passphrase === 'string' && entry.passphrase;
    if (!ok) throw new Error(`KASSA_NEXO_KEYS_FILE ${file}: entry ${index} needs keyIdentifier (text), keyVersion (a whole number) and passphrase (text).`);
    return { keyIdentifier: entry.keyIdentifier as string, keyVersion: entry.keyVersion as number, passphrase: entry.passphrase as string };
  });
}

/** Settings from the environment (KASSA_PAYMENT_TIMEOUT_MS, KASSA_TERMINAL_REQUEST_TIMEOUT_MS, KASSA_TERMINAL_PROGRESS_POLL_MS, KASSA_PAYMENT_SWEEP_*, KASSA_PAYMENT_UPLOAD_CHECK_MS, KASSA_NEXO_KEY_*). */
export function paymentSettingsFromEnv(env: NodeJS.ProcessEnv): PaymentSettings {
  const n = (name: string) => (env[name] && Number.isFinite(Number(env[name])) ? Number(env[name]) : undefined);
  return {
    paymentTimeoutMs: n('KASSA_PAYMENT_TIMEOUT_MS'),
    requestTimeoutMs: n('KASSA_TERMINAL_REQUEST_TIMEOUT_MS'),
    progressPollMs: n('KASSA_TERMINAL_PROGRESS_POLL_MS'),
    sweepDelayMs: n('KASSA_PAYMENT_SWEEP_DELAY_MS'),
    sweepPollMs: n('KASSA_PAYMENT_SWEEP_POLL_MS'),
    uploadCheckMs: n('KASSA_PAYMENT_UPLOAD_CHECK_MS'),
    nexoSecurity: nexoSecurityFromEnv(env),
    ...(env.KASSA_NEXO_KEYS_FILE ? { nexoKeys: nexoKeysFromFile(env.KASSA_NEXO_KEYS_FILE) } : {}),
  };
}

let serviceCounter = 0;
/** A nexo ServiceID: at most 10 characters, unique per terminal (also enforced by a unique constraint). */
export function newServiceId(): string {
  serviceCounter = (serviceCounter + 1) % 1296;
  return `${Date.now().toString(36).slice(-6)}${serviceCounter.toString(36).padStart(2, '0')}${Math.floor(Math.random() * 1296).toString(36).padStart(2, '0')}`.slice(0, 10);
}
