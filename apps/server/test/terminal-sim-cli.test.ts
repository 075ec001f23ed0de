import { describe, expect, it } from 'vitest';
import { paymentRequest } from '../src/modules/payments/nexo/nexo-messages.ts';
import { exitOf, runKassa, spawnKassa, waitForOutput } from './support/cli-process.ts';

// `kassa terminal-sim` takes the same KASSA_NEXO_KEY_* as the server: with a
// key it behaves like an Adyen terminal on the local network and acts only on
// encrypted messages (the envelope itself is tested in payments-nexo-security).
describe('kassa terminal-sim with a nexo key', () => {
  const key = {
    KASSA_NEXO_KEY_IDENTIFIER: 'KassaKey',
    KASSA_NEXO_KEY_VERSION: '1',
    KASSA_NEXO_KEY_PASSPHRASE: 'a shop passphrase',
  };

  it('says it wants encrypted messages and refuses a payment request in the clear', async () => {
    const child = spawnKassa(['terminal-sim', '--fast', '--port', '0'], key);
    try {
      const said = await waitForOutput(
        child,
        /listening on (http:\/\/\S+)\s+Messages must be encrypted with key KassaKey version 1/,
      );
      const endpoint = said[1]!;
      const request = paymentRequest(
        { serviceId: 'clear00001', saleId: 'kassa-test', poiId: 'SIM-001' },
        { reference: 'clear-1', amount: 1000, currency: 'EUR', now: new Date().toISOString() },
      );
      const answer = await fetch(endpoint, {
        method: 'POST',
        body: JSON.stringify(request),
        headers: { 'content-type': 'application/json' },
      });
      const body = (await answer.json()) as {
        SaleToPOIRequest?: { EventNotification?: { EventToNotify: string; EventDetails: string } };
      };
      const event = body.SaleToPOIRequest?.EventNotification;
      expect(event?.EventToNotify).toBe('Reject');
      expect(new URLSearchParams(event!.EventDetails).get('message')).toMatch(
        /only takes messages in the nexo encryption envelope/,
      );
    } finally {
      child.kill('SIGTERM');
      await exitOf(child);
    }
  }, 60_000);

  it('refuses to start with half a key, naming what is missing', async () => {
    const result = await runKassa(['terminal-sim', '--fast', '--port', '0'], {
      KASSA_NEXO_KEY_IDENTIFIER: 'KassaKey',
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/KASSA_NEXO_KEY_VERSION and KASSA_NEXO_KEY_PASSPHRASE are not set/);
  }, 60_000);
});
