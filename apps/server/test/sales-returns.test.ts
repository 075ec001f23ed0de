import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { aSaleDocument, startSelling, type SellableVariant, type SellingHarness } from './support/selling.ts';
import { createApiToken } from '../src/modules/auth/index.ts';

describe.each(DIALECTS)('returns and exchanges on %s', (dialect) => {
  let h: SellingHarness;
  let scarf: SellableVariant;
  let mug: SellableVariant;
  let receipt = 0;
  let returnReceipt = 0;
  let sellerToken: string;

  beforeAll(async () => {
    h = await startSelling(dialect);
    scarf = await h.aSellable({ price: 2995, name: 'Sjaal Wol Oker' });
    mug = await h.aSellable({ price: 1295, name: 'Mok Strand' });
    sellerToken = (
      await createApiToken(h.database.db, {
        organisationId: h.shop.organisationId,
        name: 'seller',
        scopes: ['sales:sell', 'sales:read'],
        now: new Date().toISOString(),
      })
    ).token;
  });
  afterAll(async () => h?.close());

  async function sell(quantity: number) {
    const doc = aSaleDocument(h, ++receipt, [{ item: scarf, quantity }, { item: mug }], { tender: 'card' });
    const res = await h.call('POST', '/api/v1/sales', doc);
    expect(res.statusCode).toBe(201);
    return doc;
  }

  it('returns one line of a receipt, refunds it in cash with rounding, and puts the stock back', async () => {
    const original = await sell(2);
    const doc = aSaleDocument(
      h,
      ++returnReceipt,
      [{ item: scarf, quantity: -1, returnOf: { saleId: original.id, lineId: 'line-1' } }],
      { kind: 'return', originalSaleId: original.id },
    );
    const res = await h.call('POST', '/api/v1/sales', doc);
    expect(res.statusCode).toBe(201);
    // −29.95 refunded in cash: already a multiple of 5 cents.
    expect(res.json()).toMatchObject({ kind: 'return', total: -2995, rounding: 0, paidTotal: -2995 });
    const after = await h.call('GET', `/api/v1/sales/${original.id}`);
    expect(after.json().lines[0].returnedQuantityMilli).toBe(1000);
    const history = (await h.call('GET', `/api/v1/sales/${original.id}/history`)).json();
    expect(history.followUps).toEqual([
      expect.objectContaining({ id: doc.id, kind: 'return', total: -2995 }),
    ]);
    const movements = await h.call('GET', `/api/v1/stock/movements?documentId=${doc.id}`);
    expect(movements.json().items).toEqual([
      expect.objectContaining({ kind: 'return', quantityMilli: 1000 }),
    ]);
  });

  it('never returns more than was sold, counting earlier returns', async () => {
    const original = await sell(2);
    const first = aSaleDocument(
      h,
      ++returnReceipt,
      [{ item: scarf, quantity: -2, returnOf: { saleId: original.id, lineId: 'line-1' } }],
      { kind: 'return' },
    );
    expect((await h.call('POST', '/api/v1/sales', first)).statusCode).toBe(201);
    const second = aSaleDocument(
      h,
      ++returnReceipt,
      [{ item: scarf, quantity: -1, returnOf: { saleId: original.id, lineId: 'line-1' } }],
      { kind: 'return' },
    );
    const res = await h.call('POST', '/api/v1/sales', second);
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'SALES_RETURN_EXCEEDS_SOLD',
      details: { returnableMilli: 0, requestedMilli: 1000 },
    });
    returnReceipt--;
  });

  it('lets only one of two racing returns of the last item through', async () => {
    const original = await sell(1);
    const racers = [1, 2].map((n) =>
      aSaleDocument(
        h,
        returnReceipt + n,
        [{ item: scarf, quantity: -1, returnOf: { saleId: original.id, lineId: 'line-1' } }],
        { kind: 'return' },
      ),
    );
    const answers = await Promise.all(racers.map((doc) => h.call('POST', '/api/v1/sales', doc)));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 422]);
    const winner = answers.findIndex((a) => a.statusCode === 201);
    returnReceipt += winner + 1;
    const after = await h.call('GET', `/api/v1/sales/${original.id}`);
    expect(after.json().lines[0].returnedQuantityMilli).toBe(1000);
  });

  it('refuses a return line that gives back another item than the original line', async () => {
    const original = await sell(1);
    const doc = aSaleDocument(
      h,
      ++returnReceipt,
      [{ item: mug, quantity: -1, returnOf: { saleId: original.id, lineId: 'line-1' } }],
      { kind: 'return' },
    );
    const res = await h.call('POST', '/api/v1/sales', doc);
    expect(res.json().error.code).toBe('SALES_RETURN_LINE_MISMATCH');
    returnReceipt--;
  });

  it('needs a reason code for a return without receipt', async () => {
    const doc = aSaleDocument(h, ++returnReceipt, [{ item: mug, quantity: -1 }], { kind: 'return' });
    const refused = await h.call('POST', '/api/v1/sales', doc);
    expect([refused.statusCode, refused.json().error.code]).toEqual([422, 'SALES_REASON_REQUIRED']);
    const accepted = await h.call('POST', '/api/v1/sales', { ...doc, reasonCode: 'no_receipt' });
    expect(accepted.statusCode).toBe(201);
  });

  it('refuses returns to a caller without the refund permission', async () => {
    const doc = aSaleDocument(h, returnReceipt + 1, [{ item: mug, quantity: -1 }], {
      kind: 'return',
      reasonCode: 'defect',
    });
    const res = await h.call('POST', '/api/v1/sales', doc, sellerToken);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.details).toMatchObject({ permission: 'sales.refund.without_receipt' });
  });

  it('records an exchange: a return line and a sale line in one document, the difference paid', async () => {
    const original = await sell(1);
    const doc = aSaleDocument(
      h,
      ++receipt,
      [
        { item: scarf, quantity: -1, returnOf: { saleId: original.id, lineId: 'line-1' } },
        { item: mug, quantity: 3 },
      ],
      { kind: 'exchange', cashTendered: 1000 },
    );
    const res = await h.call('POST', '/api/v1/sales', doc);
    expect(res.statusCode).toBe(201);
    // 3 × 12.95 − 29.95 = 8.90 to pay; 10.00 cash → 1.10 change.
    expect(res.json()).toMatchObject({ kind: 'exchange', total: 890, change: 110 });
  });

  it('refuses a sale document with a negative line', async () => {
    const doc = aSaleDocument(
      h,
      ++receipt,
      [
        { item: mug, quantity: 2 },
        { item: scarf, quantity: -1 },
      ],
      { kind: 'sale', reasonCode: 'test' },
    );
    const res = await h.call('POST', '/api/v1/sales', doc);
    expect(res.json().error).toMatchObject({ code: 'SALES_INVALID_LINE', details: { field: 'lines[1]' } });
    receipt--;
  });
});

describe.each(DIALECTS)('concurrent sales of one variant on %s', (dialect) => {
  let h: SellingHarness;
  beforeAll(async () => {
    h = await startSelling(dialect, { poolSize: 10 });
  });
  afterAll(async () => h?.close());

  it('loses no stock update: on-hand = initial − Σ sold', async () => {
    const item = await h.aSellable({ price: 350, name: 'Kaart' });
    await h.call('POST', '/api/v1/stock/adjustments', {
      id: crypto.randomUUID(),
      storeId: h.storeId,
      variantId: item.variantId,
      quantityMilli: 40_000,
      reason: 'initial',
    });
    const docs = Array.from({ length: 50 }, (_, i) =>
      aSaleDocument(h, i + 1, [{ item, quantity: (i % 3) + 1 }], { tender: 'card' }),
    );
    const answers = await Promise.all(docs.map((doc) => h.call('POST', '/api/v1/sales', doc)));
    expect(answers.every((a) => a.statusCode === 201)).toBe(true);
    const sold = docs.reduce((sum, d) => sum + (d.lines[0]!.quantity ?? 0), 0);
    const level = await h.call(
      'GET',
      `/api/v1/stock/levels?storeId=${h.storeId}&variantId=${item.variantId}`,
    );
    expect(level.json().items[0].onHandMilli).toBe(40_000 - sold * 1000);
    const verification = await h.call('GET', '/api/v1/journal/verification');
    expect(verification.json()).toMatchObject({ ok: true, entries: 50 });
  });
});
