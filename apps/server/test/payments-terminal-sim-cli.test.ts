import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exitOf, runKassa, spawnKassa, waitForOutput } from './support/cli-process.ts';
import { until } from './support/payments-setup.ts';
import { AdyenTerminalAdapter } from '../src/modules/payments/index.ts';

// `kassa terminal-sim` as its own process: the nexo key from flags (the passphrase from a file,
// out of the process list) and the acquirer-unreachable mode, switched back at runtime.
describe('kassa terminal-sim: key flags and the acquirer-unreachable mode', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kassa-sim-cli-'));
  const passphraseFile = path.join(dir, 'nexo-passphrase');
  fs.writeFileSync(passphraseFile, 'a passphrase from a file\n', { mode: 0o600 });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('approves offline within the limit, declines above its floor limit, and uploads when the acquirer is back', async () => {
    const child = spawnKassa(
      [
        'terminal-sim',
        '--fast',
        '--port',
        '0',
        '--acquirer-offline',
        '--floor-limit',
        '3000',
        '--key-identifier',
        'CliKey',
        '--key-version',
        '2',
        '--key-passphrase-file',
        passphraseFile,
      ],
      // A flag wins over its variable.
      {
        KASSA_NEXO_KEY_IDENTIFIER: 'EnvKey',
        KASSA_NEXO_KEY_VERSION: '9',
        KASSA_NEXO_KEY_PASSPHRASE: 'the environment passphrase',
      },
    );
    try {
      const said = await waitForOutput(
        child,
        /listening on (http:\/\/\S+)\s+Messages must be encrypted with key CliKey version 2[^\n]*\n\s*Test amounts[^\n]*\n\s*Acquirer UNREACHABLE/,
      );
      const endpoint = said[1]!;
      const terminal = new AdyenTerminalAdapter({
        endpoint,
        poiId: 'SIM-CLI',
        saleId: 'kassa-cli-test',
        security: { keyIdentifier: 'CliKey', keyVersion: 2, passphrase: 'a passphrase from a file' },
        progressPollMs: 0,
        paymentTimeoutMs: 10_000,
      });
      const offline = await terminal.pay({
        serviceId: 'cli0000001',
        reference: 'cli-1',
        amount: 2000,
        currency: 'EUR',
        offlineLimit: 2500,
      });
      expect(offline).toMatchObject({ status: 'approved', card: { offline: { upload: 'pending' } } });
      // Kassa allows 5000, but the terminal's own floor limit is 3000.
      const above = await terminal.pay({
        serviceId: 'cli0000002',
        reference: 'cli-2',
        amount: 3500,
        currency: 'EUR',
        offlineLimit: 5000,
      });
      expect(above).toMatchObject({
        status: 'declined',
        reason: 'offline_limit_exceeded',
        message: expect.stringContaining('3500 is above the offline limit of 3000'),
      });

      const control = endpoint.replace('/nexo', '/sim/acquirer');
      expect(await (await fetch(control)).json()).toEqual({ reachable: false, pendingUploads: 1 });
      expect((await fetch(control, { method: 'POST', body: '{"reachable":"yes"}' })).status).toBe(400);
      expect(
        await (await fetch(control, { method: 'POST', body: JSON.stringify({ reachable: true }) })).json(),
      ).toMatchObject({ reachable: true });
      await until(async () => {
        const status = await terminal.transactionStatus('cli0000001');
        return (
          status.status === 'found' &&
          status.outcome.status === 'approved' &&
          status.outcome.card.offline?.upload === 'uploaded'
        );
      }, 50);
      // Online again: an approval is online.
      const online = await terminal.pay({
        serviceId: 'cli0000003',
        reference: 'cli-3',
        amount: 3500,
        currency: 'EUR',
        offlineLimit: 0,
      });
      expect(online.status).toBe('approved');
      expect(online.status === 'approved' && online.card.offline).toBeUndefined();
    } finally {
      child.kill('SIGTERM');
      await exitOf(child);
    }
  }, 60_000);

  it('refuses half a key given by flags, and a passphrase file it cannot read', async () => {
    const half = await runKassa(['terminal-sim', '--fast', '--port', '0', '--key-identifier', 'CliKey'], {});
    expect(half.code).not.toBe(0);
    expect(half.stderr).toMatch(/KASSA_NEXO_KEY_VERSION and KASSA_NEXO_KEY_PASSPHRASE are not set/);
    const missing = await runKassa(
      [
        'terminal-sim',
        '--fast',
        '--port',
        '0',
        '--key-identifier',
        'CliKey',
        '--key-version',
        '1',
        '--key-passphrase-file',
        path.join(dir, 'nope'),
      ],
      {},
    );
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/--key-passphrase-file: cannot read .*nope \(ENOENT\)/);
  }, 60_000);
});
