import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { spawnKassa } from './support/cli-process.ts';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.ts';
import { freePort } from './support/server-process.ts';

// A real server process logging everything (trace): setting a PIN, signing in with it, a wrong
// PIN and the offline verifier feed leave neither the PIN nor the verifier in the log.
const PIN = '918273';
const WRONG = '918274';

describe.each(DIALECTS)('offline PIN verifiers in the logs on %s', (dialect) => {
  let database: TestDatabase;
  let child: ChildProcess;
  let output = '';
  let base: string;
  let ownerToken: string;

  beforeAll(async () => {
    database = await createTestDatabase(dialect, { migrate: false });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawnKassa(['start', '--demo'], { KASSA_DATABASE_URL: database.url, HOST: '127.0.0.1', PORT: String(port), KASSA_SECRET: 'test-secret-test-secret-test-secret', KASSA_LOG_LEVEL: 'trace' });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
      if (Date.now() > deadline) throw new Error(`server not ready: ${output}`);
      const token = /kassa_[A-Za-z0-9_-]{20,}/.exec(output)?.[0];
      const ready = await fetch(`${base}/api/v1/ready`).then((r) => r.ok, () => false);
      if (ready && token) {
        ownerToken = token;
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 120_000);
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    }
    await database?.drop();
  });

  const call = async (method: string, url: string, token: string, body?: unknown) => {
    const res = await fetch(base + url, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, json: res.status === 204 ? null : await res.json() };
  };

  it('never writes the PIN or the verifier to the log', async () => {
    const stores = (await call('GET', '/api/v1/stores', ownerToken)).json as { items: Array<{ registers: Array<{ id: string }> }> };
    const code = (await call('POST', `/api/v1/registers/${stores.items[0]!.registers[0]!.id}/enrolment-codes`, ownerToken, {})).json as { code: string };
    const enrolled = await fetch(`${base}/api/v1/devices/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: code.code }) });
    const { credential } = (await enrolled.json()) as { credential: string };
    const staff = (await call('GET', '/api/v1/devices/me/staff', credential)).json as { items: Array<{ id: string; name: string }> };
    const sanne = staff.items.find((s) => s.name === 'Sanne Kassa')!;
    expect((await call('POST', `/api/v1/staff/${sanne.id}/pin`, ownerToken, { pin: PIN })).status).toBe(204);
    expect((await call('POST', '/api/v1/auth/pin', credential, { staffId: sanne.id, pin: WRONG })).status).toBe(401);
    expect((await call('POST', '/api/v1/auth/pin', credential, { staffId: sanne.id, pin: PIN })).status).toBe(200);
    const feed = (await call('GET', '/api/v1/devices/me/offline-pins', credential)).json as { items: Array<{ staffId: string; verifier: string; salt: string }> };
    const entry = feed.items.find((i) => i.staffId === sanne.id)!;
    expect(entry.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(feed)).not.toContain(PIN);
    // Trace logging is on: the requests themselves are in the log …
    // (pino writes asynchronously: wait for the last request's lines.)
    await expect.poll(() => output, { timeout: 10_000 }).toContain('/api/v1/devices/me/offline-pins');
    expect(output).toContain('/api/v1/auth/pin');
    // … but nothing secret.
    for (const secret of [PIN, WRONG, entry.verifier]) expect(output).not.toContain(secret);
  });
});
