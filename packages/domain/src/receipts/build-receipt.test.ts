import { describe, expect, it } from 'vitest';
import { buildReceipt, type ReceiptSale, type ReceiptStore } from './build-receipt.ts';

const store: ReceiptStore = { name: 'Huis & Haven', addressLine1: 'Oudegracht 1', postalCode: '3511 AA', city: 'Utrecht', vatNumber: 'NL123456789B01', kvkNumber: '12345678', timeZone: 'Europe/Amsterdam', footerText: 'Bedankt!\nRuilen binnen 30 dagen' };

const sale: ReceiptSale = {
  id: '0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c7d',
  kind: 'sale',
  receiptNumber: 42,
  currency: 'EUR',
  subtotal: 2945,
  discountTotal: 130,
  total: 2813,
  rounding: 2,
  change: 185,
  deviceTime: '2026-11-27T09:15:00.000Z',
  taxes: [
    { code: 'NL-21', rateBp: 2100, base: 2032, tax: 427, gross: 2459 },
    { code: 'NL-9', rateBp: 900, base: 325, tax: 29, gross: 354 },
  ],
  lines: [
    { description: 'Mok Strand', quantityMilli: 2000, weighed: false, unitPrice: 1298, lineDiscount: 130, orderDiscount: 0, total: 2466 },
    { description: 'Kaas', quantityMilli: 1250, weighed: true, unitPrice: 279, lineDiscount: 0, orderDiscount: 0, total: 349 },
  ],
  tenders: [{ type: 'cash', amount: 2815, tendered: 3000, name: null }],
};

describe('buildReceipt', () => {
  it('prints Dutch amounts via Intl, the time in the store zone, the rounding line with both totals and the receipt code', () => {
    const r = buildReceipt(sale, store, { locale: 'nl', registerName: 'Kassa 1', cashierName: 'Cas' });
    expect(r.title).toBe('Kassabon');
    expect(r.shop.ids).toEqual(['BTW-nr NL123456789B01', 'KvK 12345678']);
    expect(r.meta[0]!.label).toBe('27-11-2026 10:15');
    expect(r.lines[0]).toMatchObject({ quantity: '2', unitPrice: { text: '€ 12,98' }, discount: { text: '€ -1,30' }, amount: { text: '€ 24,66' } });
    expect(r.lines[1]!.quantity).toBe('1,250 kg');
    expect(r.totals.map((t) => [t.label, t.amount.text])).toEqual([
      ['Subtotaal', '€ 29,45'],
      ['Korting', '€ -1,30'],
      ['Totaal', '€ 28,13'],
      ['Afronding', '€ 0,02'],
      ['Te betalen contant', '€ 28,15'],
    ]);
    expect(r.vat.rows.map((v) => [v.rate, v.base.text, v.tax.text])).toEqual([['21%', '€ 20,32', '€ 4,27'], ['9%', '€ 3,25', '€ 0,29']]);
    expect(r.tenders).toEqual([{ label: 'Contant', amount: { minor: 3000, text: '€ 30,00' } }]);
    expect(r.change).toEqual({ label: 'Wisselgeld', amount: { minor: 185, text: '€ 1,85' } });
    expect(r.receiptCode.value).toBe('0192f1c43b7e7a109c3d5e2f4a1b6c7d');
    expect(r.footerText).toEqual(['Bedankt!', 'Ruilen binnen 30 dagen']);
    expect(r.copyMarker).toBeNull();
  });

  it('speaks English and marks copies', () => {
    const r = buildReceipt(sale, store, { locale: 'en', registerName: 'Till 1', copyNumber: 2 });
    expect(r.copyMarker).toBe('COPY 2');
    expect(r.totals[2]).toMatchObject({ label: 'Total', amount: { text: '€28.13' } });
    expect(buildReceipt(sale, store, { locale: 'nl', registerName: 'Kassa 1', copyNumber: 1 }).copyMarker).toBe('DUPLICAAT 1');
  });

  it('carries the store\'s header lines and logo, and has none when the store set none', () => {
    const logo = { mediaType: 'image/png' as const, base64: 'iVBORw0KGgo=', width: 200, height: 80 };
    const r = buildReceipt(sale, { ...store, headerText: 'Open ma–za 10–18\nwww.huisenhaven.nl', logo }, { locale: 'nl', registerName: 'Kassa 1' });
    expect(r.headerText).toEqual(['Open ma–za 10–18', 'www.huisenhaven.nl']);
    expect(r.logo).toEqual(logo);
    const plain = buildReceipt(sale, { ...store, footerText: null }, { locale: 'nl', registerName: 'Kassa 1' });
    expect([plain.logo, plain.headerText, plain.footerText]).toEqual([null, [], []]);
  });
});
