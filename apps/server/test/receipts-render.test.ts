import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { startSelling, type SellableVariant, type SellingHarness } from './support/selling.ts';
import { aShiftDocument } from './support/cash.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';
import { aPngLogo } from './support/png.ts';

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

  it("prints the store's header, footer, logo and language in every format", async () => {
    const logo = aPngLogo(96, 48);
    const saved = await h.call('PUT', `/api/v1/stores/${h.storeId}/receipt-settings`, { version: 0, headerLines: ['Open ma–za 10–18 uur'], footerLines: ['Bedankt & tot ziens!', '<geen> ruil zonder bon'], logo: { mediaType: 'image/png', data: logo } });
    expect(saved.statusCode).toBe(200);
    const text = (await h.call('GET', `/api/v1/sales/${saleId}/receipt?format=text&width=58`)).body;
    for (const expected of ['Open ma–za 10–18 uur', 'Bedankt & tot ziens!', '<geen> ruil zonder bon']) expect(text).toContain(expected);
    expect(text.indexOf('Open ma–za 10–18 uur')).toBeLessThan(text.indexOf('Kassa 1'));
    const html = (await h.call('GET', `/api/v1/sales/${saleId}/receipt?format=html`)).body;
    expect(html).toContain(`<img src="data:image/png;base64,${logo}" alt="Utrecht Centrum" width="96" height="48"`);
    expect(html).toContain('&lt;geen&gt; ruil zonder bon');
    expect(html.indexOf('<img')).toBeLessThan(html.indexOf('<h1>'));
    const escpos = (await h.call('GET', `/api/v1/sales/${saleId}/receipt?format=escpos`)).rawPayload;
    const raster = escpos.indexOf(Buffer.from([0x1d, 0x76, 0x30]));
    // GS v 0: a raster image, 96 dots = 12 bytes a row, 48 rows, before the shop name.
    expect(raster).toBeGreaterThan(-1);
    expect([...escpos.subarray(raster + 4, raster + 8)]).toEqual([12, 0, 48, 0]);
    expect(raster).toBeLessThan(escpos.indexOf(Buffer.from('Utrecht Centrum')));
    expect(escpos.includes(Buffer.from('Open ma'))).toBe(true);

    const { version } = saved.json();
    await h.call('PUT', `/api/v1/stores/${h.storeId}/receipt-settings`, { version, locale: 'en', logo: null });
    const english = (await h.call('GET', `/api/v1/sales/${saleId}/receipt?format=html`)).body;
    expect(english).toContain('Cash total');
    expect(english).not.toContain('<img');
    expect((await h.call('GET', `/api/v1/sales/${saleId}/receipt?format=escpos`)).rawPayload.indexOf(Buffer.from([0x1d, 0x76, 0x30]))).toBe(-1);
    // A locale asked for explicitly still wins over the store's.
    expect((await h.call('GET', `/api/v1/sales/${saleId}/receipt?locale=nl`)).body).toContain('TE BETALEN CONTANT');
  });

  it('scales a logo wider than the paper down to the printable width (384 dots on 58 mm)', async () => {
    const { version } = (await h.call('GET', `/api/v1/stores/${h.storeId}/receipt-settings`)).json();
    const saved = await h.call('PUT', `/api/v1/stores/${h.storeId}/receipt-settings`, { version, logo: { mediaType: 'image/png', data: aPngLogo(500, 100) } });
    expect(saved.statusCode).toBe(200);
    const narrow = (await h.call('GET', `/api/v1/sales/${saleId}/receipt?format=escpos&width=58`)).rawPayload;
    const raster = narrow.indexOf(Buffer.from([0x1d, 0x76, 0x30]));
    // 500 × 100 → 384 × 77 dots, padded to a multiple of 8: 48 bytes a row, 80 rows.
    expect([...narrow.subarray(raster + 4, raster + 8)]).toEqual([48, 0, 80, 0]);
    const wide = (await h.call('GET', `/api/v1/sales/${saleId}/receipt?format=escpos&width=80`)).rawPayload;
    const at = wide.indexOf(Buffer.from([0x1d, 0x76, 0x30]));
    // 500 dots fit 80 mm paper (576): its own size, padded to 504 = 63 bytes a row, 104 rows.
    expect([...wide.subarray(at + 4, at + 8)]).toEqual([63, 0, 104, 0]);
  });
});
