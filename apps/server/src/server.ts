import type { AddressInfo } from 'node:net';
import { buildApp, type App } from './app.ts';
import type { Config } from './config.ts';
import { createDatabase, type Database } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { checkDurability, formatDurabilityChecks } from './ops/durability.ts';
import { prepareDemo, formatDemoBanner, type DemoTerminalInput } from './demo/index.ts';
import { loadPepper } from './modules/auth/index.ts';
import { JobWorker } from './jobs/index.ts';
import { tlsDirectory, tlsFiles } from './ops/local-ca.ts';
import { mailSettingsFromEnv, receiptJobHandlers } from './modules/receipts/index.ts';
import { paymentJobHandlers, paymentSettingsFromEnv } from './modules/payments/index.ts';

export interface RunningServer {
  app: App;
  database: Database;
  /** The port actually bound (differs from config.port when that was 0). */
  port: number;
  /** Stops accepting, lets in-flight requests finish, closes the database. Safe to call twice. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Where the demo banner and start-up notes go (stdout by default). */
  print?: (text: string) => void;
  /** Demo mode: the terminal simulator `kassa start --demo` runs, registered as the demo store's terminal. */
  demoTerminal?: DemoTerminalInput | null;
}

export class UnsafeDurabilityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeDurabilityError';
  }
}

/** PostgreSQL with fsync or synchronous_commit off can lose confirmed sales: refuse unless overridden. */
async function assertDurable(
  database: Database,
  config: Config,
  print: (text: string) => void,
): Promise<void> {
  if (database.dialect !== 'postgres') return;
  const checks = await checkDurability(database);
  if (checks.every((c) => c.ok)) return;
  const report = formatDurabilityChecks(checks);
  if (config.allowUnsafeDurability) {
    print(
      `WARNING: PostgreSQL durability settings are unsafe; starting anyway (KASSA_ALLOW_UNSAFE_DURABILITY=1).\n${report}`,
    );
    return;
  }
  throw new UnsafeDurabilityError(
    `Kassa refuses to start: PostgreSQL could lose committed sales after a crash.\n${report}\n` +
      'Fix the settings in postgresql.conf and restart PostgreSQL. For a throw-away test database only, ' +
      'set KASSA_ALLOW_UNSAFE_DURABILITY=1.',
  );
}

/**
 * Opens and migrates the database, checks durability, builds the app and
 * listens. In demo mode it seeds the demo shop into an empty database and
 * prints where to open Kassa and how to sign in.
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const print = options.print ?? ((text: string) => process.stdout.write(`${text}\n`));
  const database = createDatabase(config.database, {
    backgroundCheckpoints: true,
    onIdleError: (error) => print(`PostgreSQL connection lost (${error.message}); the next query reconnects.`),
  });
  let app: App | undefined;
  try {
    await migrateToLatest(database.db);
    await assertDurable(database, config, print);
    // One pepper for the whole process: the demo seed hashes the demo PINs with the same one the app verifies with.
    const pepper = loadPepper({ database: config.database });
    const demo = config.demo ? await prepareDemo(database, new Date().toISOString(), pepper, { terminal: options.demoTerminal }) : undefined;
    // The local CA (kassa tls init) is offered at /kassa-ca.crt even over plain HTTP, so a tablet can fetch it before it trusts it.
    const caCertificateFile = config.tls?.caFile ?? tlsFiles(tlsDirectory(config.database)).caCert;
    // One reading of the mail settings: the worker sends with them, the routes tell registers they are there.
    const mail = mailSettingsFromEnv(process.env);
    app = await buildApp({
      config: { ...config, caCertificateFile },
      database,
      security: { pepper },
      mail,
      demo: demo ? { organisationId: demo.organisationId } : null,
    });
    await app.listen({ host: config.host, port: config.port });
    const port = (app.server.address() as AddressInfo).port;
    if (demo) print(formatDemoBanner({ host: config.host, port, database: config.database, demo, https: Boolean(config.tls) }));
    // The outbox worker (ARCHITECTURE.md decision 9): prints and e-mails leave the process here, never in a request.
    const log = app.log;
    const warn = (message: string, details?: Record<string, unknown>) => log.warn(details ?? {}, message);
    const worker = new JobWorker({ db: database.db, handlers: receiptJobHandlers(mail), log: warn });
    // The payments sweep has its own worker, so a slow terminal never holds up a receipt (docs/PAYMENTS.md).
    const payments = paymentSettingsFromEnv(process.env);
    const sweep = new JobWorker({ db: database.db, handlers: paymentJobHandlers({ db: database.db, settings: payments, log: (message, details) => log.info(details, message) }), pollMs: payments.sweepPollMs ?? 1000, log: warn });
    worker.start();
    sweep.start();
    return { app, database, port, close: closeOnce(app, database, [worker, sweep]) };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}

function closeOnce(app: App, database: Database, workers: JobWorker[]): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= (async () => {
      // app.close() stops accepting, closes idle keep-alive sockets and waits
      // for in-flight requests; only then may the database go away.
      await app.close();
      // Running jobs finish (or see their abort signal) before the database goes away.
      await Promise.all(workers.map((w) => w.stop()));
      await database.close();
    })();
    return closing;
  };
}

/**
 * Shuts down cleanly on SIGTERM/SIGINT and exits 0. A second signal more than
 * two seconds later (an impatient Ctrl-C; tsx and npm may relay the first one
 * twice), or requests still running after `graceMs`, force exit 1.
 */
export function exitOnSignals(server: RunningServer, graceMs = 30_000): void {
  let stoppingSince: number | undefined;
  const stop = (signal: NodeJS.Signals) => {
    if (stoppingSince !== undefined) {
      if (Date.now() - stoppingSince < 2000) return;
      process.stderr.write(`Received ${signal} again: exiting at once.\n`);
      process.exit(1);
    }
    stoppingSince = Date.now();
    server.app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      process.stderr.write(
        `Requests still running after ${graceMs / 1000} s: exiting without waiting for them.\n`,
      );
      process.exit(1);
    }, graceMs);
    timer.unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
