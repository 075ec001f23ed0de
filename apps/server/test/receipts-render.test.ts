import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { startSelling, type SellableVariant, type SellingHarness } from './support/selling.ts';
import { aShiftDocument } from './support/cash.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';

describe.each(DIALECTS)('receipts on %s', (dialect) => {
  let h: SellingHarness;
  let mug: SellableVariant;
  let saleId: string;

  beforeAll(async () => {
    h = await startSelling(dialect);
    mug = await h.aSellable({ price: 1298, name: 'Mok <Strand> & co' });
    const doc = aShiftDocument(h, 7, [{ item: mug, quantity: 2, discountBp: 1000 }], { overpay: 500 });
    expect((await h.call('POST', '/api/v1/sales', doc)).statusCode).toBe(201);
    saleId = doc.id;
  });
  afterAll(async () => h?.close());

  it('renders plain text in Dutch with the shop, VAT and KvK numbers, lines, rounding with both totals and the receipt code', async () => {
    const res = await h.call('GET', `/api/v1/sales/${saleId}/receipt?format=text&width=58`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    const text = res.body;
    for (const expected of ['Utrecht Centrum', 'Oudegracht 1', 'BTW-nr NL123456789B01', 'KvK 12345678', 'Kassa 1', 'Mok <Strand> & co', '2 x € 12,98', 'TE BETALEN CONTANT', 'Afronding', 'Wisselgeld', saleId.replaceAll('-', '')]) {
      expect(text).toContain(expected);
    }
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(32);
  });

  it('renders escaped HTML for 80 mm and English on request', async () => {
    const html = (await h.call('GET', `/api/v1/sales/${saleId}/receipt?format=html&width=80&locale=en`)).body;
    expect(html).toContain('size: 80mm auto');
    expect(html).toContain('Mok &lt;Strand&gt; &amp; co');
    expect(html).not.toContain('<Strand>');
    expect(html).toContain('Cash total');
  });

  it('counts and journals reprints, marked DUPLICAAT n', async () => {
    const first = await h.call('POST', `/api/v1/sales/${saleId}/reprints`, { id: uuidv7(), deviceTime: new Date().toISOString() });
    const body = { id: uuidv7(), deviceTime: new Date().toISOString() };
    const second = await h.call('POST', `/api/v1/sales/${saleId}/reprints`, body);
    expect([first.json().copyNumber, second.json().copyNumber]).toEqual([1, 2]);
    expect((await h.call('POST', `/api/v1/sales/${saleId}/reprints`, body)).json().copyNumber).toBe(2);
    const text = (await h.call('GET', `/api/v1/sales/${saleId}/receipt?copy=2`)).body;
    expect(text).toContain('*** DUPLICAAT 2 ***');
    const journal = (await h.call('GET', '/api/v1/journal?kind=receipt.reprinted')).json().items;
    expect(journal.map((e: { payload: { copyNumber: number } }) => e.payload.copyNumber)).toEqual([1, 2]);
    expect((await h.call('GET', '/api/v1/journal/verification')).json().ok).toBe(true);
  });

  it('answers 404 for an unknown sale', async () => {
    const res = await h.call('GET', `/api/v1/sales/${uuidv7()}/receipt`);
    expect([res.statusCode, res.json().error.code]).toEqual([404, 'RECEIPTS_SALE_NOT_FOUND']);
  });
});
