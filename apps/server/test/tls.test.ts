import { X509Certificate, createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadTlsConfig } from '../src/config.ts';
import { runKassa, spawnKassa } from './support/cli-process.ts';
import { buildApp } from '../src/app.ts';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.ts';
import { freePort } from './support/server-process.ts';

// `kassa tls init` and HTTPS with the certificates it makes: real CLI and server processes,
// parsed back with Node's own X.509 code and a Node https client.
let dir: string;
let tlsDir: string;
/** Tests that run the CLI as a process: each start of node + tsx takes seconds on a loaded machine. */
const PROCESS_TIMEOUT = 120_000;
const file = (name: string) => path.join(tlsDir, name);
const read = (name: string) => fs.readFileSync(file(name));

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kassa-tls-'));
  tlsDir = path.join(dir, 'tls');
  const made = await runKassa(['tls', 'init', '--name', 'kassa.winkel.lan', '10.20.30.40'], { KASSA_DATABASE_URL: `sqlite:${path.join(dir, 'kassa.db')}` });
  if (made.code !== 0) throw new Error(`tls init failed: ${made.stderr}${made.stdout}`);
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('kassa tls init', () => {
  it('makes a CA and a server certificate browsers accept, keys readable by the owner only', () => {
    const ca = new X509Certificate(read('kassa-ca.crt'));
    const cert = new X509Certificate(read('kassa.crt'));
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(ca.checkPrivateKey(createPrivateKey(read('kassa-ca.key')))).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(read('kassa.key')))).toBe(true);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    const san = cert.subjectAltName ?? '';
    for (const name of ['DNS:localhost', 'DNS:kassa.winkel.lan', 'IP Address:127.0.0.1', 'IP Address:10.20.30.40']) expect(san).toContain(name);
    expect(cert.keyUsage).toContain('1.3.6.1.5.5.7.3.1'); // serverAuth
    const days = (Date.parse(cert.validTo) - Date.now()) / 86_400_000;
    expect(days).toBeLessThanOrEqual(397);
    expect(days).toBeGreaterThan(396);
    expect(Date.parse(cert.validFrom)).toBeLessThanOrEqual(Date.now());
    for (const key of ['kassa-ca.key', 'kassa.key']) expect(fs.statSync(file(key)).mode & 0o777).toBe(0o600);
  });

  it('reuses the CA on a later run (devices keep trusting it) and issues a new server certificate', async () => {
    const caBefore = new X509Certificate(read('kassa-ca.crt')).fingerprint256;
    const certBefore = new X509Certificate(read('kassa.crt')).serialNumber;
    const again = await runKassa(['tls', 'init', '--dir', tlsDir], {});
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Reused the local certificate authority');
    expect(again.stdout).toMatch(/KASSA_TLS_CERT=.*kassa\.crt KASSA_TLS_KEY=.*kassa\.key/);
    expect(again.stdout).toContain('iPad / iPhone');
    expect(new X509Certificate(read('kassa-ca.crt')).fingerprint256).toBe(caBefore);
    const cert = new X509Certificate(read('kassa.crt'));
    expect(cert.serialNumber).not.toBe(certBefore);
    expect(cert.checkIssued(new X509Certificate(read('kassa-ca.crt')))).toBe(true);
  }, PROCESS_TIMEOUT);

  it('refuses a name that is no host name or address, and half a CA, changing nothing', async () => {
    const before = read('kassa.crt').toString();
    const bad = await runKassa(['tls', 'init', '--dir', tlsDir, '--name', 'not a name;rm'], {});
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--name: "not a name;rm" is neither an IP address nor a host name');
    expect(read('kassa.crt').toString()).toBe(before);
    const half = fs.mkdtempSync(path.join(dir, 'half-'));
    fs.copyFileSync(file('kassa-ca.crt'), path.join(half, 'kassa-ca.crt'));
    const refused = await runKassa(['tls', 'init', '--dir', half], {});
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('kassa-ca.key is missing');
    expect(fs.existsSync(path.join(half, 'kassa.crt'))).toBe(false);
  }, PROCESS_TIMEOUT);
});

describe('KASSA_TLS_CERT and KASSA_TLS_KEY', () => {
  const env = (cert?: string, key?: string) => ({ ...(cert ? { KASSA_TLS_CERT: cert } : {}), ...(key ? { KASSA_TLS_KEY: key } : {}) });
  const refusal = (cert?: string, key?: string): string => {
    try {
      loadTlsConfig(env(cert, key));
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('accepted');
  };

  it('reads a matching pair and finds the CA beside the certificate', () => {
    const tls = loadTlsConfig(env(file('kassa.crt'), file('kassa.key')))!;
    expect(tls.caFile).toBe(file('kassa-ca.crt'));
    expect(loadTlsConfig({})).toBeNull();
  });

  it('names the variable and the file for a missing, unreadable, wrong or mismatched file', () => {
    expect(refusal(file('kassa.crt'))).toContain('KASSA_TLS_CERT is set but KASSA_TLS_KEY is not');
    expect(refusal(undefined, file('kassa.key'))).toContain('KASSA_TLS_KEY is set but KASSA_TLS_CERT is not');
    expect(refusal(path.join(dir, 'nope.crt'), file('kassa.key'))).toMatch(/KASSA_TLS_CERT ".*nope\.crt" does not exist/);
    expect(refusal(file('kassa.crt'), tlsDir)).toMatch(/KASSA_TLS_KEY ".*tls" is a directory/);
    expect(refusal(file('kassa.key'), file('kassa.key'))).toMatch(/KASSA_TLS_CERT ".*kassa\.key" is not a PEM certificate/);
    expect(refusal(file('kassa.crt'), file('kassa.crt'))).toMatch(/KASSA_TLS_KEY ".*kassa\.crt" is not a PEM private key/);
    expect(refusal(file('kassa.crt'), file('kassa-ca.key'))).toMatch(/KASSA_TLS_KEY ".*kassa-ca\.key" is not the key of the certificate/);
  });

  it('stops `kassa start` with that message and exit code 1', async () => {
    const started = await runKassa(['start'], {
      KASSA_DATABASE_URL: `sqlite:${path.join(dir, 'bad.db')}`,
      PORT: String(await freePort()),
      KASSA_TLS_CERT: file('kassa.crt'),
      KASSA_TLS_KEY: file('kassa-ca.key'),
    });
    expect(started.code).toBe(1);
    expect(started.stderr).toMatch(/^Configuration: KASSA_TLS_KEY ".*kassa-ca\.key" is not the key of the certificate/m);
    expect(fs.existsSync(path.join(dir, 'bad.db'))).toBe(false);
  }, PROCESS_TIMEOUT);
});

function get(port: number, urlPath: string, ca?: Buffer): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const request = https.get({ host: '127.0.0.1', servername: 'localhost', port, path: urlPath, ca: ca ?? [], timeout: 10_000 }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type']) }));
    });
    request.on('error', reject);
  });
}

describe.each(DIALECTS)('a server started with the certificate on %s', (dialect) => {
  let database: TestDatabase;
  let child: ChildProcess;
  let port: number;

  beforeAll(async () => {
    database = await createTestDatabase(dialect, { migrate: false });
    port = await freePort();
    child = spawnKassa(['start'], {
      KASSA_DATABASE_URL: database.url,
      HOST: '127.0.0.1',
      PORT: String(port),
      KASSA_SECRET: 'test-secret-test-secret-test-secret',
      KASSA_TLS_CERT: file('kassa.crt'),
      KASSA_TLS_KEY: file('kassa.key'),
    });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const ca = read('kassa-ca.crt');
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
      if (Date.now() > deadline) throw new Error(`server not ready: ${output}`);
      const ready = await get(port, '/api/v1/ready', ca).then((r) => r.status === 200, () => false);
      if (ready) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 90_000);
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    }
    await database?.drop();
  });

  it('answers over HTTPS to a client that trusts only the local CA', async () => {
    const ready = await get(port, '/api/v1/health', read('kassa-ca.crt'));
    expect(ready.status).toBe(200);
    const ca = await get(port, '/kassa-ca.crt', read('kassa-ca.crt'));
    expect(ca.status).toBe(200);
    expect(ca.type).toBe('application/x-x509-ca-cert');
    expect(ca.body).toBe(read('kassa-ca.crt').toString());
    expect(ca.body).not.toContain('PRIVATE KEY');
  });

  it('is refused by a client that does not trust the CA, and plain HTTP gets no answer', async () => {
    await expect(get(port, '/api/v1/health')).rejects.toMatchObject({ code: expect.stringMatching(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/) });
    const plain = await fetch(`http://127.0.0.1:${port}/api/v1/health`, { signal: AbortSignal.timeout(5000) }).then((r) => r.status, (e: Error) => e.name);
    expect(plain).not.toBe(200);
  });
});

describe.each(DIALECTS)('the CA download on %s', (dialect) => {
  it('offers the CA certificate at /kassa-ca.crt, and without one says how to make it', async () => {
    const database = await createTestDatabase(dialect);
    try {
      const config = { logLevel: 'silent', bodyLimit: 64 * 1024 };
      const withCa = await buildApp({ config: { ...config, caCertificateFile: file('kassa-ca.crt') }, database });
      const served = await withCa.inject({ method: 'GET', url: '/kassa-ca.crt' });
      expect(served.statusCode).toBe(200);
      expect(served.headers['content-type']).toBe('application/x-x509-ca-cert');
      expect(served.body).toBe(read('kassa-ca.crt').toString());
      await withCa.close();
      const without = await buildApp({ config: { ...config, caCertificateFile: path.join(dir, 'none.crt') }, database });
      const missing = await without.inject({ method: 'GET', url: '/kassa-ca.crt' });
      expect(missing.statusCode).toBe(404);
      expect(missing.body).toContain('tls init');
      await without.close();
    } finally {
      await database.drop();
    }
  });
});
