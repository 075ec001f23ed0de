import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiClient, type ApiClient } from '../../src/sync/api.ts';

// The repository root: the server is started as a real process from outside, like a shop would.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export interface KassaServer {
  baseUrl: string;
  port: number;
  ownerToken: string;
  databaseUrl: string;
  output(): string;
  /** SIGKILL: no shutdown hooks, like a power cut for the process. */
  kill(): Promise<void>;
  stop(): Promise<void>;
  /** Starts the same database again on the same port. */
  restart(): Promise<KassaServer>;
  cleanup(): void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** `kassa start --demo` on a fresh SQLite file (or the given KASSA_DATABASE_URL), ready when /api/v1/ready answers. */
export async function startKassaServer(
  options: { databaseUrl?: string; port?: number; dir?: string; env?: Record<string, string> } = {},
): Promise<KassaServer> {
  const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), 'kassa-register-'));
  const databaseUrl = options.databaseUrl ?? `sqlite:${path.join(dir, 'kassa.db')}`;
  const port = options.port ?? (await freePort());
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'apps/server/src/cli/main.ts', 'start', '--demo'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        KASSA_LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        PORT: String(port),
        KASSA_DATABASE_URL: databaseUrl,
        KASSA_SECRET: 'register-test-secret-register-test-secret',
        // Settings a test adds, e.g. KASSA_SMTP_URL for e-mailed receipts.
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`kassa exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`kassa did not become ready:\n${output}`);
    }
    const token = /kassa_[A-Za-z0-9_-]{20,}/.exec(output)?.[0];
    const ready = await fetch(`${baseUrl}/api/v1/ready`, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ready && token) {
      const exited = () => child.exitCode !== null || child.signalCode !== null;
      const server: KassaServer = {
        baseUrl,
        port,
        ownerToken: token,
        databaseUrl,
        output: () => output,
        async kill() {
          if (exited()) return;
          const gone = new Promise((r) => child.once('exit', r));
          child.kill('SIGKILL');
          await gone;
        },
        async stop() {
          if (exited()) return;
          const gone = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          await gone;
        },
        restart: () => startKassaServer({ databaseUrl, port, dir, env: options.env }),
        cleanup: () => rmSync(dir, { recursive: true, force: true }),
      };
      return server;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function ownerCall<T>(server: KassaServer, method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(server.baseUrl + url, {
    method,
    headers: {
      authorization: `Bearer ${server.ownerToken}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? null : await res.json()) as T;
}

/** A fresh one-time enrolment code for the first register of the first store, as a manager would make it. */
export async function enrolmentCode(
  server: KassaServer,
): Promise<{ code: string; registerId: string; storeId: string }> {
  const stores = await ownerCall<{
    items: Array<{ id: string; name: string; registers: Array<{ id: string }> }>;
  }>(server, 'GET', '/api/v1/stores');
  // The first store as listed is where the demo cashiers work (seedDemoStaff).
  const store = stores.items[0]!;
  const registerId = store.registers[0]!.id;
  const created = await ownerCall<{ code: string }>(
    server,
    'POST',
    `/api/v1/registers/${registerId}/enrolment-codes`,
    { deviceName: 'test' },
  );
  return { code: created.code, registerId, storeId: store.id };
}

type ServerSale = {
  id: string;
  receiptNumber: number;
  total: number;
  rounding: number;
  receivedAt: string;
  lines: Array<{ variantId: string | null }>;
};

/** Every sale the server holds for a register (all pages). */
export async function serverSales(server: KassaServer, registerId: string): Promise<ServerSale[]> {
  const sales: ServerSale[] = [];
  let cursor: string | null = null;
  do {
    const after: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page: { items: ServerSale[]; nextCursor: string | null } = await ownerCall(
      server,
      'GET',
      `/api/v1/sales?registerId=${registerId}&limit=200${after}`,
    );
    sales.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return sales;
}

/** A register enrolled on the demo server and signed in as the demo cashier Sanne (PIN 3333). */
export interface SignedInRegister {
  api: ApiClient;
  credential: string;
  token: string;
  who: { storeId: string; registerId: string; staffId: string };
}

export async function enrolAndSignIn(server: KassaServer): Promise<SignedInRegister> {
  const { code } = await enrolmentCode(server);
  const api = createApiClient(server.baseUrl);
  const enrolled = await api.call<{ credential: string; registerId: string; storeId: string }>('POST', '/api/v1/devices/enrol', { body: { code } });
  if (!enrolled.ok) throw new Error(enrolled.error.message);
  const credential = enrolled.value.credential;
  const staff = await api.call<{ items: Array<{ id: string; name: string }> }>('GET', '/api/v1/devices/me/staff', { token: credential });
  const sanne = staff.ok ? staff.value.items.find((s) => s.name === 'Sanne Kassa') : undefined;
  if (!sanne) throw new Error('demo cashier Sanne Kassa missing');
  const session = await api.call<{ token: string }>('POST', '/api/v1/auth/pin', { body: { staffId: sanne.id, pin: '3333' }, token: credential });
  if (!session.ok) throw new Error(session.error.message);
  return { api, credential, token: session.value.token, who: { storeId: enrolled.value.storeId, registerId: enrolled.value.registerId, staffId: sanne.id } };
}

export { ownerCall };
