import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { aSaleDocument, type SellableVariant } from './support/selling.ts';
import { startPaying, type PayingHarness } from './support/payments.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';

type CardTender = { type: 'card'; amount: number; reference?: string };

describe.each(DIALECTS)('card money back through the terminal on a void or a return, on %s', (dialect) => {
  let h: PayingHarness;
  let receipt = 0;
  let voidReceipt = 0;
  let returnReceipt = 0;

  beforeAll(async () => {
    h = await startPaying(dialect);
  });
  afterAll(async () => h?.close());

  /** A sale of `items`, paid by card through the terminal and recorded. */
  async function cardSale(items: Array<{ item: SellableVariant; quantity?: number }>) {
    const doc = aSaleDocument(h, ++receipt, items, { tender: 'card' });
    const tender = doc.tenders[0] as CardTender;
    const payment = await h.settled((await h.pay(tender.amount, { saleId: doc.id })).json().id);
    expect(payment.state).toBe('approved');
    tender.reference = payment.id;
    expect((await h.call('POST', '/api/v1/sales', doc)).statusCode).toBe(201);
    return { doc, payment };
  }

  const refund = (paymentId: string, body: { id?: string; saleId: string; amount?: number }) =>
    h.call('POST', `/api/v1/payments/${paymentId}/refunds`, { id: uuidv7(), ...body });
  const voidBody = (id: string, cardRefunds?: Array<{ paymentId: string; refundId: string }>) => ({
    id,
    receiptNumber: ++voidReceipt,
    deviceTime: new Date().toISOString(),
    reasonCode: 'wrong_item',
    ...(cardRefunds ? { cardRefunds } : {}),
  });
  /** Money that went back to the card for one charge, by the terminal's own ledger. */
  const reversedOf = (providerReference: string) =>
    h.sim
      .ledger()
      .filter((e) => e.kind === 'reversal' && e.originalReference === providerReference)
      .map((e) => e.amount);
  const followUpsOf = async (saleId: string) =>
    (await h.call('GET', `/api/v1/sales/${saleId}/history`)).json().followUps;

  it('voids a card sale only after an approved referenced refund, which the void tender then names', async () => {
    const { doc, payment } = await cardSale([{ item: await h.aSellable({ price: 1295 }) }]);
    const voidId = uuidv7();
    const refused = await h.call('POST', `/api/v1/sales/${doc.id}/void`, voidBody(voidId));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({
      code: 'SALES_CARD_REFUND_REQUIRED',
      details: { field: 'cardRefunds', paymentId: payment.id, amount: 1295 },
    });
    voidReceipt--;
    expect(await followUpsOf(doc.id)).toEqual([]);

    const started = await refund(payment.id, { saleId: voidId });
    expect(started.statusCode).toBe(201);
    expect(await h.settled(started.json().id)).toMatchObject({
      kind: 'refund',
      state: 'approved',
      amount: 1295,
      saleId: voidId,
      originalPaymentId: payment.id,
    });
    const body = voidBody(voidId, [{ paymentId: payment.id, refundId: started.json().id }]);
    const voided = await h.call('POST', `/api/v1/sales/${doc.id}/void`, body);
    expect(voided.statusCode).toBe(201);
    expect(voided.json().tenders).toEqual([
      expect.objectContaining({ type: 'card', amount: -1295, reference: started.json().id }),
    ]);
    expect((await h.call('POST', `/api/v1/sales/${doc.id}/void`, body)).json().id).toBe(voidId);
    // Nothing is left to refund: a second refund of the same tender is refused before it reaches the terminal.
    const again = await refund(payment.id, { saleId: uuidv7() });
    expect(again.json().error).toMatchObject({
      code: 'PAYMENTS_REFUND_EXCEEDS_PAYMENT',
      details: { left: 0 },
    });
    expect(reversedOf(payment.card.providerReference)).toEqual([-1295]);
  });

  it('lost response on the refund: unknown, the void waits, no second refund, the status query finds it; one refund', async () => {
    const { doc, payment } = await cardSale([{ item: await h.aSellable({ price: 1281 }) }]);
    const voidId = uuidv7();
    const lost = await refund(payment.id, { saleId: voidId });
    expect(await h.settled(lost.json().id)).toMatchObject({ state: 'unknown' });
    const body = voidBody(voidId, [{ paymentId: payment.id, refundId: lost.json().id }]);
    const early = await h.call('POST', `/api/v1/sales/${doc.id}/void`, body);
    expect(early.json().error).toMatchObject({
      code: 'SALES_CARD_NOT_APPROVED',
      details: { attemptId: lost.json().id, state: 'unknown', field: 'cardRefunds[0].refundId' },
    });
    voidReceipt--;
    expect((await refund(payment.id, { saleId: voidId })).json().error.code).toBe('PAYMENTS_ATTEMPT_PENDING');
    expect((await refund(payment.id, { saleId: uuidv7() })).json().error).toMatchObject({
      code: 'PAYMENTS_REFUND_EXCEEDS_PAYMENT',
      details: { left: 0 },
    });
    expect((await h.call('POST', `/api/v1/payments/${lost.json().id}/status`)).json()).toMatchObject({
      state: 'approved',
    });
    voidReceipt++;
    const voided = await h.call('POST', `/api/v1/sales/${doc.id}/void`, body);
    expect(voided.statusCode).toBe(201);
    expect(reversedOf(payment.card.providerReference)).toEqual([-1281]);
  });

  it('declined refund: the sale is not voided and nothing went back to the card', async () => {
    const { doc, payment } = await cardSale([{ item: await h.aSellable({ price: 1271 }) }]);
    const voidId = uuidv7();
    const declined = await refund(payment.id, { saleId: voidId });
    expect(await h.settled(declined.json().id)).toMatchObject({
      state: 'declined',
      failure: { message: expect.stringContaining('refused') },
    });
    const res = await h.call(
      'POST',
      `/api/v1/sales/${doc.id}/void`,
      voidBody(voidId, [{ paymentId: payment.id, refundId: declined.json().id }]),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'SALES_CARD_NOT_APPROVED',
      details: { state: 'declined' },
    });
    voidReceipt--;
    expect(await followUpsOf(doc.id)).toEqual([]);
    expect(reversedOf(payment.card.providerReference)).toEqual([]);
    expect((await h.call('GET', `/api/v1/payments/${payment.id}`)).json().refundedAmount).toBe(0);
  });

  it('refuses cardRefunds that name another payment or a refund of another payment', async () => {
    const first = await cardSale([{ item: await h.aSellable({ price: 1295 }) }]);
    const second = await cardSale([{ item: await h.aSellable({ price: 1295 }) }]);
    const voidId = uuidv7();
    const otherRefund = await refund(second.payment.id, { saleId: voidId });
    await h.settled(otherRefund.json().id);
    const stray = await h.call(
      'POST',
      `/api/v1/sales/${first.doc.id}/void`,
      voidBody(voidId, [{ paymentId: second.payment.id, refundId: otherRefund.json().id }]),
    );
    expect(stray.json().error).toMatchObject({
      code: 'SALES_CARD_REFUND_UNMATCHED',
      details: { field: 'cardRefunds[0].paymentId' },
    });
    voidReceipt--;
    const crossed = await h.call(
      'POST',
      `/api/v1/sales/${first.doc.id}/void`,
      voidBody(voidId, [{ paymentId: first.payment.id, refundId: otherRefund.json().id }]),
    );
    expect(crossed.json().error).toMatchObject({
      code: 'SALES_CARD_REFUND_OF_OTHER_PAYMENT',
      details: { field: 'cardRefunds[0].refundId' },
    });
    voidReceipt--;
    expect(reversedOf(first.payment.card.providerReference)).toEqual([]);
  });

  it('returns to card only through a refund of the returned sale’s payment', async () => {
    const scarf = await h.aSellable({ price: 2995 });
    const { doc, payment } = await cardSale([{ item: scarf }, { item: await h.aSellable({ price: 1295 }) }]);
    const returned = () =>
      aSaleDocument(
        h,
        ++returnReceipt,
        [{ item: scarf, quantity: -1, returnOf: { saleId: doc.id, lineId: 'line-1' } }],
        { kind: 'return', tender: 'card', originalSaleId: doc.id },
      );
    const unreferenced = returned();
    const loose = await h.pay(2995, { saleId: unreferenced.id, kind: 'refund' });
    expect(await h.settled(loose.json().id)).toMatchObject({ state: 'approved', originalPaymentId: null });
    (unreferenced.tenders[0] as CardTender).reference = loose.json().id;
    const refused = await h.call('POST', '/api/v1/sales', unreferenced);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({
      code: 'SALES_CARD_REFUND_NOT_TO_ORIGINAL_CARD',
      details: { payments: [payment.id] },
    });
    returnReceipt--;

    const ret = returned();
    const back = await refund(payment.id, { saleId: ret.id, amount: 2995 });
    expect(await h.settled(back.json().id)).toMatchObject({ state: 'approved', amount: 2995 });
    (ret.tenders[0] as CardTender).reference = back.json().id;
    const recorded = await h.call('POST', '/api/v1/sales', ret);
    expect(recorded.statusCode).toBe(201);
    expect(recorded.json().tenders).toEqual([
      expect.objectContaining({ type: 'card', amount: -2995, reference: back.json().id }),
    ]);
    expect(reversedOf(payment.card.providerReference)).toEqual([-2995]);
  });

  it('never refunds one payment twice when six refunds race', async () => {
    const { payment } = await cardSale([{ item: await h.aSellable({ price: 1295 }) }]);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => refund(payment.id, { saleId: uuidv7() })),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 422, 422, 422, 422, 422]);
    expect(new Set(answers.filter((a) => a.statusCode === 422).map((a) => a.json().error.code))).toEqual(
      new Set(['PAYMENTS_REFUND_EXCEEDS_PAYMENT']),
    );
    await h.settled(answers.find((a) => a.statusCode === 201)!.json().id);
    expect(reversedOf(payment.card.providerReference)).toEqual([-1295]);
  });
});
