import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { aSaleDocument, startSelling, type SellableVariant, type SellingHarness } from './support/selling.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';

describe.each(DIALECTS)('voiding a sale on %s', (dialect) => {
  let h: SellingHarness;
  let mug: SellableVariant;
  let receipt = 0;
  let voidReceipt = 0;

  beforeAll(async () => {
    h = await startSelling(dialect);
    mug = await h.aSellable({ price: 1298 });
  });
  afterAll(async () => h?.close());

  const voidBody = () => ({
    id: uuidv7(),
    receiptNumber: ++voidReceipt,
    deviceTime: new Date().toISOString(),
    reasonCode: 'wrong_item',
  });

  it('reverses the sale with a new document, puts stock back and keeps the original unchanged', async () => {
    const sale = aSaleDocument(h, ++receipt, [{ item: mug, quantity: 2 }], { cashTendered: 3000 });
    const original = (await h.call('POST', '/api/v1/sales', sale)).json();
    const body = voidBody();
    const res = await h.call('POST', `/api/v1/sales/${sale.id}/void`, body);
    expect(res.statusCode).toBe(201);
    // 25.96 paid as 25.95 cash (rounded), 4.05 change: the void hands 25.95 back.
    expect(res.json()).toMatchObject({
      kind: 'void',
      originalSaleId: sale.id,
      total: -2596,
      rounding: 1,
      paidTotal: -2595,
      reasonCode: 'wrong_item',
    });
    expect(res.json().tenders).toEqual([expect.objectContaining({ type: 'cash', amount: -2595 })]);
    expect((await h.call('GET', `/api/v1/sales/${sale.id}`)).json()).toEqual(original);
    const levels = await h.call(
      'GET',
      `/api/v1/stock/levels?storeId=${h.storeId}&variantId=${mug.variantId}`,
    );
    expect(levels.json().items[0].onHandMilli).toBe(0);
    const history = (await h.call('GET', `/api/v1/sales/${sale.id}/history`)).json();
    expect(history.followUps).toEqual([expect.objectContaining({ id: body.id, kind: 'void', total: -2596 })]);
    expect(history.journal.map((j: { kind: string }) => j.kind)).toEqual([
      'sale.completed',
      'void.completed',
    ]);
    const replay = await h.call('POST', `/api/v1/sales/${sale.id}/void`, body);
    expect([replay.statusCode, replay.json().id]).toEqual([201, body.id]);
  });

  it('voids a sale only once, even when two voids race', async () => {
    const sale = aSaleDocument(h, ++receipt, [{ item: mug }]);
    await h.call('POST', '/api/v1/sales', sale);
    const answers = await Promise.all(
      [voidBody(), voidBody()].map((b) => h.call('POST', `/api/v1/sales/${sale.id}/void`, b)),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 422]);
    expect(answers.find((a) => a.statusCode === 422)!.json().error.code).toBe('SALES_NOT_VOIDABLE');
    voidReceipt = Math.max(...answers.filter((a) => a.statusCode === 201).map((a) => a.json().receiptNumber));
  });

  it('refuses to void a partly returned sale', async () => {
    const sale = aSaleDocument(h, ++receipt, [{ item: mug, quantity: 2 }], { tender: 'card' });
    await h.call('POST', '/api/v1/sales', sale);
    const ret = aSaleDocument(
      h,
      1,
      [{ item: mug, quantity: -1, returnOf: { saleId: sale.id, lineId: 'line-1' } }],
      { kind: 'return' },
    );
    expect((await h.call('POST', '/api/v1/sales', ret)).statusCode).toBe(201);
    const res = await h.call('POST', `/api/v1/sales/${sale.id}/void`, voidBody());
    expect(res.json().error).toMatchObject({ code: 'SALES_NOT_VOIDABLE' });
    voidReceipt--;
  });

  it('answers 404 for an unknown sale and journals every void', async () => {
    const res = await h.call('POST', `/api/v1/sales/${uuidv7()}/void`, voidBody());
    expect(res.statusCode).toBe(404);
    voidReceipt--;
    const journal = await h.call('GET', '/api/v1/journal?kind=void.completed');
    expect(journal.json().items).toHaveLength(2);
    expect((await h.call('GET', '/api/v1/journal/verification')).json().ok).toBe(true);
  });
});
