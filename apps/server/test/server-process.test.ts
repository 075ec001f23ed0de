import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitOf, spawnKassa, waitForOutput } from './support/cli-process.ts';

function request(options: http.RequestOptions, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(options, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.once('error', reject);
    req.end(body);
  });
}

describe('kassa start as a process', { timeout: 180_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kassa-server-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('serves the demo shop, then on SIGTERM finishes the in-flight request, closes and exits 0', async () => {
    const child = spawnKassa(['start', '--demo'], {
      KASSA_DATABASE_URL: path.join(dir, 'kassa.db'),
      HOST: '127.0.0.1',
      PORT: '0',
    });
    try {
      const [, port, pin, token] = await waitForOutput(
        child,
        /Open on this computer:\s+http:\/\/localhost:(\d+)[\s\S]*?Cashier\s+[^\n]*PIN (\d{4,6})[\s\S]*?(kassa_[A-Za-z0-9_-]{20,})/,
      );
      // The demo banner prints the cashiers' PINs (demo mode only).
      expect(pin).toMatch(/^\d{4,6}$/);
      expect((await request({ host: '127.0.0.1', port: Number(port), path: '/api/v1/health' })).status).toBe(
        200,
      );

      // A slow client: headers now, the body later, so the request is in flight when SIGTERM arrives.
      const body = JSON.stringify({
        name: 'Langzame mok',
        taxClass: 'standard',
        variants: [{ sku: 'SLOW-001', price: 1295 }],
      });
      const half = Math.floor(body.length / 2);
      const responded = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port: Number(port),
            method: 'POST',
            path: '/api/v1/products',
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
            },
          },
          (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          },
        );
        req.once('error', reject);
        req.write(body.slice(0, half));
        setTimeout(() => {
          child.kill('SIGTERM');
          setTimeout(() => req.end(body.slice(half)), 1000);
        }, 500);
      });
      const response = await responded;
      expect(response.status).toBe(201);
      expect(JSON.parse(response.body)).toMatchObject({ name: 'Langzame mok' });
      expect(await exitOf(child)).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
