import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DialectName } from '../../src/db/database.ts';
import { JobWorker } from '../../src/jobs/index.ts';
import type { Clock } from '../../src/lib/clock.ts';
import { uuidv7 } from '../../src/lib/uuidv7.ts';
import { paymentJobHandlers, type PaymentSettings } from '../../src/modules/payments/index.ts';
import {
  FAST_DELAYS,
  startTerminalSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../src/terminal-sim/index.ts';
import type { TestDatabase } from './databases.ts';
import { startSelling, type SellableVariant, type SellingHarness } from './selling.ts';
import { freePort, killHard, startServerProcess, type ServerProcess } from './server-process.ts';

// Set-up the payments tests share (sweep, faults, nexo security, offline): waiting for background
// work, a line between Kassa and the terminal that a test can slow down or tamper with, the
// payment incidents of an attempt, the sweep's workers, and a real server process to SIGKILL.

/** Waits for something the test cannot time (a background sweep, a terminal); the test timeout bounds it. */
export async function until(condition: () => boolean | Promise<boolean>, pauseMs = 10): Promise<void> {
  while (!(await condition())) await new Promise((r) => setTimeout(r, pauseMs));
}

export interface TerminalLine {
  endpoint: string;
  close(): Promise<void>;
}

/**
 * A line to the terminal on a real socket: passes each nexo message on to `target`, after
 * `request` (may delay or change it), and hands the answer back through `response`.
 */
export async function startTerminalLine(
  target: string,
  hooks: { request?: (body: string) => string | Promise<string>; response?: (text: string) => string } = {},
): Promise<TerminalLine> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const sent = Buffer.concat(chunks).toString('utf8');
        const body = hooks.request ? await hooks.request(sent) : sent;
        const answer = await fetch(target, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        const text = await answer.text();
        if (res.destroyed) return;
        res
          .writeHead(answer.status, { 'content-type': 'application/json' })
          .end(hooks.response && text ? hooks.response(text) : text);
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

/** Adds a simulator terminal to the harness's store through the API; returns its id. */
export async function addTerminal(
  h: Pick<SellingHarness, 'call' | 'storeId'>,
  endpoint: string,
  poiId: string,
  name = 'Pinautomaat',
): Promise<string> {
  const id = uuidv7();
  const created = await h.call('POST', '/api/v1/payment-terminals', {
    id,
    storeId: h.storeId,
    name,
    adapter: 'simulator',
    endpoint,
    poiId,
  });
  if (created.statusCode !== 201) throw new Error(`terminal create failed: ${created.body}`);
  return id;
}

/** The kinds of the incidents recorded about one attempt, oldest first. */
export async function incidentKinds(database: TestDatabase, attemptId: string): Promise<string[]> {
  const rows = await database.db
    .selectFrom('incidents')
    .select('kind')
    .where('reference_id', '=', attemptId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.kind);
}

/** `count` sweeps on one database, as that many server processes would run them (each with its own terminal adapters). */
export function sweepWorkers(
  database: TestDatabase,
  settings: PaymentSettings,
  count = 1,
  clock?: Clock,
): JobWorker[] {
  return Array.from(
    { length: count },
    () =>
      new JobWorker({
        db: database.db,
        handlers: paymentJobHandlers({ db: database.db, settings, ...(clock ? { clock } : {}) }),
        pollMs: 10,
        ...(clock ? { clock } : {}),
      }),
  );
}

export interface KillableServer {
  h: SellingHarness;
  sim: RunningSimulator;
  item: SellableVariant;
  terminalId: string;
  port: number;
  /** Starts (or restarts) `kassa start` on the harness's database with these variables. */
  start(env: Record<string, string>): Promise<void>;
  /** SIGKILL, as a power cut would. */
  kill(): Promise<void>;
  /** The API of the server process, with the owner's token. */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/**
 * A shop on a fresh database, a simulator whose cardholder is slow (so a kill lands during
 * authorisation), a terminal, and a real server process on that database that a test kills
 * and restarts (the in-process app is closed: only the process serves).
 */
export async function startKillableServer(
  dialect: DialectName,
  options: { price: number; poiId: string; simOptions?: SimulatorOptions },
): Promise<KillableServer> {
  const sim = await startTerminalSimulator({
    ...options.simOptions,
    delays: { ...FAST_DELAYS, slowMs: 1500, ...options.simOptions?.delays },
  });
  const h = await startSelling(dialect);
  const item = await h.aSellable({ price: options.price });
  const terminalId = await addTerminal(h, sim.endpoint, options.poiId, 'Pin');
  await h.app.close();
  const port = await freePort();
  let server: ServerProcess | undefined;
  const kill = async () => {
    if (server) await killHard(server);
    server = undefined;
  };
  return {
    h,
    sim,
    item,
    terminalId,
    port,
    start: async (env) => {
      server = await startServerProcess({ KASSA_DATABASE_URL: h.database.url, ...env }, port);
    },
    kill,
    api: async (method, path, body) => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${h.shop.ownerToken}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json()) as any };
    },
    close: async () => {
      await kill();
      await sim.close();
      await h.database.drop();
    },
  };
}
