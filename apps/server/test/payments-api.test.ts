import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { aSaleDocument, type SellableVariant } from './support/selling.ts';
import { startPaying, type PayingHarness } from './support/payments.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';
import { FAST_DELAYS } from '../src/terminal-sim/index.ts';

describe.each(DIALECTS)('card payments through the API, on %s', (dialect) => {
  let h: PayingHarness;
  let mug: SellableVariant;
  let declinedMug: SellableVariant;
  let receipt = 0;

  beforeAll(async () => {
    h = await startPaying(dialect, {}, { delays: { ...FAST_DELAYS, slowMs: 5000 } });
    mug = await h.aSellable({ price: 1295 });
    declinedMug = await h.aSellable({ price: 1305 });
  });
  afterAll(async () => h?.close());

  /** A card sale document and an attempt for it, of the document's total. */
  async function paidSale(item: SellableVariant) {
    const doc = aSaleDocument(h, ++receipt, [{ item }], { tender: 'card' });
    const tender = doc.tenders[0] as { type: 'card'; amount: number; reference?: string };
    const started = await h.pay(tender.amount, { saleId: doc.id });
    expect(started.statusCode).toBe(201);
    const attempt = await h.settled(started.json().id);
    tender.reference = attempt.id;
    return { doc, attempt };
  }

  it('approves a payment and keeps only brand, masked PAN, entry mode, auth code and reference', async () => {
    const { doc, attempt } = await paidSale(mug);
    expect(attempt).toMatchObject({ state: 'approved', amount: 1295, currency: 'EUR', saleId: doc.id, progress: 'approved' });
    expect(attempt.card.maskedPan).toMatch(/^\d{6}\*+\d{4}$/);
    expect(attempt.card).toMatchObject({ brand: expect.any(String), entryMode: expect.any(String), authCode: expect.any(String), providerReference: expect.stringMatching(/^SIM/) });
    const sale = await h.call('POST', '/api/v1/sales', doc);
    expect(sale.statusCode).toBe(201);
    expect(sale.json().flags ?? []).not.toContainEqual(expect.objectContaining({ code: 'CARD_PAYMENT_UNVERIFIED' }));
  });

  it('refuses a sale whose card tender names a declined attempt (422 SALES_CARD_NOT_APPROVED)', async () => {
    const { doc, attempt } = await paidSale(declinedMug);
    expect(attempt).toMatchObject({ state: 'declined', failure: { reason: 'insufficient_funds' } });
    const sale = await h.call('POST', '/api/v1/sales', doc);
    expect(sale.statusCode).toBe(422);
    expect(sale.json().error).toMatchObject({ code: 'SALES_CARD_NOT_APPROVED', details: { attemptId: attempt.id, state: 'declined' } });
  });

  it('refuses a card tender whose amount differs from the approved amount, or that belongs to another sale', async () => {
    const { doc, attempt } = await paidSale(mug);
    const other = aSaleDocument(h, ++receipt, [{ item: mug }], { tender: 'card' });
    (other.tenders[0] as { reference?: string }).reference = attempt.id;
    const foreign = await h.call('POST', '/api/v1/sales', other);
    expect(foreign.json().error.code).toBe('SALES_CARD_PAYMENT_OF_OTHER_SALE');
    const two = aSaleDocument(h, ++receipt, [{ item: mug, quantity: 2 }], { tender: 'card', id: doc.id });
    (two.tenders[0] as { reference?: string }).reference = attempt.id;
    const mismatch = await h.call('POST', '/api/v1/sales', two);
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json().error).toMatchObject({ code: 'SALES_CARD_AMOUNT_MISMATCH', details: { tendered: 2590, approved: 1295 } });
  });

  it('accepts a card tender with a reference the server does not know, flagged for store-and-forward', async () => {
    const doc = aSaleDocument(h, ++receipt, [{ item: mug }], { tender: 'card' });
    (doc.tenders[0] as { reference?: string }).reference = uuidv7();
    const sale = await h.call('POST', '/api/v1/sales', doc);
    expect(sale.statusCode).toBe(201);
    expect(sale.json().flags).toContainEqual(expect.objectContaining({ code: 'CARD_PAYMENT_UNVERIFIED' }));
  });

  it('is idempotent by the attempt id: a replay answers the attempt, another body is a 409', async () => {
    const id = uuidv7();
    const saleId = uuidv7();
    const first = await h.pay(1295, { id, saleId });
    await h.settled(id);
    const chargesBefore = h.sim.ledger().length;
    const again = await h.pay(1295, { id, saleId });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id, state: 'approved' });
    expect(first.json().id).toBe(id);
    const other = await h.pay(1495, { id, saleId });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('PAYMENTS_ID_REUSED');
    // The replay and the refused body reached no terminal: nothing was charged again.
    expect(h.sim.ledger()).toHaveLength(chargesBefore);
  });

  it('refuses a second attempt on a sale while one is running, and lets the register abort it', async () => {
    const saleId = uuidv7();
    const slow = await h.pay(1221, { saleId });
    const second = await h.pay(1221, { saleId });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({ code: 'PAYMENTS_ATTEMPT_PENDING', details: { attemptId: slow.json().id } });
    const aborted = await h.call('POST', `/api/v1/payments/${slow.json().id}/abort`);
    expect(aborted.statusCode).toBe(200);
    expect(await h.settled(slow.json().id)).toMatchObject({ state: 'cancelled', abortRequested: true });
    const third = await h.pay(1295, { saleId });
    expect(third.statusCode).toBe(201);
    expect(await h.settled(third.json().id)).toMatchObject({ state: 'approved' });
  });

  it('refunds an approved payment through the terminal, never more than was paid', async () => {
    const { attempt } = await paidSale(mug);
    const refund = await h.call('POST', `/api/v1/payments/${attempt.id}/refunds`, { id: uuidv7(), amount: 500 });
    expect(refund.statusCode).toBe(201);
    expect(await h.settled(refund.json().id)).toMatchObject({ kind: 'refund', state: 'approved', amount: 500, originalPaymentId: attempt.id });
    const after = await h.call('GET', `/api/v1/payments/${attempt.id}`);
    expect(after.json().refundedAmount).toBe(500);
    const tooMuch = await h.call('POST', `/api/v1/payments/${attempt.id}/refunds`, { id: uuidv7(), amount: 800 });
    expect(tooMuch.json().error).toMatchObject({ code: 'PAYMENTS_REFUND_EXCEEDS_PAYMENT', details: { left: 795 } });
    const reversal = h.sim.ledger().find((e) => e.kind === 'reversal' && e.originalReference === attempt.card.providerReference);
    expect(reversal).toMatchObject({ amount: -500 });
  });

  it('lists attempts and terminals, and checks permissions and store scoping', async () => {
    const list = await h.call('GET', '/api/v1/payments?limit=2');
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(2);
    expect(list.json().nextCursor).toEqual(expect.any(String));
    const terminals = await h.call('GET', '/api/v1/payment-terminals');
    expect(terminals.json().items).toContainEqual(expect.objectContaining({ id: h.terminalId, adapter: 'simulator', poiId: 'SIM-0001' }));
    const denied = await h.call('POST', '/api/v1/payments', { id: uuidv7(), saleId: uuidv7(), registerId: h.registerId, terminalId: h.terminalId, amount: 100, currency: 'EUR' }, h.shop.readOnlyToken);
    expect(denied.statusCode).toBe(403);
    const otherStore = await h.call('POST', '/api/v1/payments', { id: uuidv7(), saleId: uuidv7(), registerId: h.shop.stores[1]!.registerIds[0]!, terminalId: h.terminalId, amount: 100, currency: 'EUR' });
    expect(otherStore.json().error.code).toBe('PAYMENTS_TERMINAL_NOT_FOUND');
  });
});
