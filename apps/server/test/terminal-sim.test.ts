import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdyenTerminalAdapter, type ProgressEvent } from '../src/modules/payments/index.ts';
import { freePort } from './support/server-process.ts';
import { FAST_DELAYS, behaviourFor, cardFor, isLuhnValid, maskPan, startTerminalSimulator, type RunningSimulator } from '../src/terminal-sim/index.ts';

let n = 0;
const serviceId = () => `T${(n++).toString(36).padStart(4, '0')}`;

describe('the Adyen Terminal API adapter against the terminal simulator', () => {
  let sim: RunningSimulator;
  let terminal: AdyenTerminalAdapter;

  beforeAll(async () => {
    sim = await startTerminalSimulator({ delays: { ...FAST_DELAYS, pinMs: 300, slowMs: 5000 } });
    terminal = new AdyenTerminalAdapter({ endpoint: sim.endpoint, poiId: 'SIM-A', saleId: 'register-1', paymentTimeoutMs: 2000, requestTimeoutMs: 2000, progressPollMs: 20 });
  });
  afterAll(async () => sim?.close());

  it('picks behaviour by the cents of the amount', () => {
    expect([1205, 1213, 1221, 1231, 1241, 1251, 1261, 1295].map(behaviourFor)).toEqual(['insufficient_funds', 'card_blocked', 'slow', 'no_response', 'lost_response', 'pin', 'late_approval', 'approve']);
  });

  it('uses Luhn-valid test cards internally and masks them to first 6 / last 4', () => {
    for (let i = 0; i < 8; i++) {
      const card = cardFor(i);
      expect(isLuhnValid(card.pan)).toBe(true);
      expect(maskPan(card.pan)).toMatch(/^\d{6}\*+\d{4}$/);
    }
  });

  it('approves with brand, masked PAN, entry mode, approval code and reference; entry modes cycle', async () => {
    const modes = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const outcome = await terminal.pay({ serviceId: serviceId(), reference: `ref-${i}`, amount: 1295, currency: 'EUR' });
      expect(outcome.status).toBe('approved');
      if (outcome.status !== 'approved') return;
      expect(outcome.card).toMatchObject({ brand: expect.any(String), maskedPan: expect.stringMatching(/^\d{6}\*+\d{4}$/), authCode: expect.any(String), providerReference: expect.any(String) });
      modes.add(outcome.card.entryMode!);
    }
    expect([...modes].sort()).toEqual(['chip', 'contactless', 'magstripe', 'mobile']);
  });

  it('declines with the reason: insufficient funds, card blocked', async () => {
    expect(await terminal.pay({ serviceId: serviceId(), reference: 'r', amount: 1205, currency: 'EUR' })).toMatchObject({ status: 'declined', reason: 'insufficient_funds' });
    expect(await terminal.pay({ serviceId: serviceId(), reference: 'r', amount: 1213, currency: 'EUR' })).toMatchObject({ status: 'declined', reason: 'card_blocked' });
  });

  it('reports progress: sent, PIN entry, approved', async () => {
    const events: ProgressEvent[] = [];
    const outcome = await terminal.pay({ serviceId: serviceId(), reference: 'r', amount: 1251, currency: 'EUR', onProgress: (e) => events.push(e) });
    expect(outcome).toMatchObject({ status: 'approved', card: { entryMode: 'chip' } });
    expect(events[0]).toBe('sent');
    expect(events).toContain('pin_entry');
    expect(events.at(-1)).toBe('approved');
  });

  it('cancels a running payment when the register aborts it', async () => {
    const id = serviceId();
    const paying = terminal.pay({ serviceId: id, reference: 'r', amount: 1221, currency: 'EUR' });
    while (!sim.running().includes(id)) await new Promise((r) => setTimeout(r, 5));
    await terminal.abort(id);
    expect(await paying).toMatchObject({ status: 'cancelled' });
    expect(sim.ledger().filter((e) => e.serviceId === id)).toEqual([]);
  });

  it('answers a lost response through TransactionStatus with the stored approval, charging once', async () => {
    const id = serviceId();
    expect(await terminal.pay({ serviceId: id, reference: 'r', amount: 1241, currency: 'EUR' })).toMatchObject({ status: 'unknown' });
    expect(await terminal.transactionStatus(id)).toMatchObject({ status: 'found', outcome: { status: 'approved' } });
    expect(await terminal.transactionStatus('NOPE')).toEqual({ status: 'not_found' });
    expect(sim.ledger().filter((e) => e.serviceId === id)).toHaveLength(1);
  });

  it('refunds: a reversal of the original (never more than charged) and an unreferenced refund', async () => {
    const paid = await terminal.pay({ serviceId: serviceId(), reference: 'r', amount: 2000, currency: 'EUR' });
    if (paid.status !== 'approved') throw new Error('expected approval');
    const original = { providerReference: paid.card.providerReference!, providerTime: paid.card.providerTime };
    expect(await terminal.refund({ serviceId: serviceId(), reference: 'r', amount: 1500, currency: 'EUR', original })).toMatchObject({ status: 'approved' });
    expect(await terminal.refund({ serviceId: serviceId(), reference: 'r', amount: 1000, currency: 'EUR', original })).toMatchObject({ status: 'declined' });
    expect(await terminal.refund({ serviceId: serviceId(), reference: 'r', amount: 750, currency: 'EUR' })).toMatchObject({ status: 'approved' });
    expect(sim.ledger().filter((e) => e.amount < 0).map((e) => [e.kind, e.amount]).slice(-2)).toEqual([['reversal', -1500], ['refund', -750]]);
  });

  it('says a terminal that is off took nothing (cancelled), not unknown', async () => {
    const off = new AdyenTerminalAdapter({ endpoint: `http://127.0.0.1:${await freePort()}/nexo`, poiId: 'X', saleId: 'r', paymentTimeoutMs: 500, progressPollMs: 0 });
    expect(await off.pay({ serviceId: serviceId(), reference: 'r', amount: 100, currency: 'EUR' })).toMatchObject({ status: 'cancelled' });
  });
});
