import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitOf, spawnKassa, waitForOutput } from './support/cli-process.ts';

// The one-tap demo enrolment exists only in a server started in demo mode: `kassa start --demo`
// answers it, a plain `kassa start` on the same database (a shop that began as the demo) does not.

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function untilReady(baseUrl: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ready = await fetch(`${baseUrl}/api/v1/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${baseUrl} did not become ready`);
}

const demoRoutes = async (baseUrl: string) => [
  (await fetch(`${baseUrl}/api/v1/demo/register`)).status,
  (await fetch(`${baseUrl}/api/v1/demo/register/enrolment-codes`, { method: 'POST' })).status,
];

describe('the demo enrolment routes of kassa start as a process', { timeout: 180_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kassa-demo-enrol-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('answers with --demo and has no such routes without it', async () => {
    const env = { KASSA_DATABASE_URL: path.join(dir, 'kassa.db'), HOST: '127.0.0.1' };
    const demo = spawnKassa(['start', '--demo'], { ...env, PORT: '0' });
    try {
      const [, port] = await waitForOutput(demo, /Open on this computer:\s+http:\/\/localhost:(\d+)/);
      const baseUrl = `http://127.0.0.1:${port}`;
      expect(await demoRoutes(baseUrl)).toEqual([200, 201]);
      const named = (await (await fetch(`${baseUrl}/api/v1/demo/register`)).json()) as { storeName: string };
      expect(named.storeName).toMatch(/^Huis & Haven/);
      demo.kill('SIGTERM');
      expect(await exitOf(demo)).toBe(0);
    } finally {
      if (demo.exitCode === null) demo.kill('SIGKILL');
    }

    const port = await freePort();
    const plain = spawnKassa(['start'], { ...env, PORT: String(port) });
    try {
      const baseUrl = `http://127.0.0.1:${port}`;
      await untilReady(baseUrl);
      expect(await demoRoutes(baseUrl)).toEqual([404, 404]);
      plain.kill('SIGTERM');
      expect(await exitOf(plain)).toBe(0);
    } finally {
      if (plain.exitCode === null) plain.kill('SIGKILL');
    }
  });
});
