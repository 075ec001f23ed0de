import { describe, expect, it } from 'vitest';
import { CASH_ROUNDING_RULES } from './cash-rounding.ts';
import { calculateSale } from './sale.ts';
import type { PricingContext, SaleDraft, SaleLineDraft } from './sale.types.ts';
import type { Tax } from './tax.ts';

const high: Tax = { code: 'NL-HIGH', rateBp: 2100 };
const low: Tax = { code: 'NL-LOW', rateBp: 900 };
const state: Tax = { code: 'US-STATE', rateBp: 625 };
const city: Tax = { code: 'US-CITY', rateBp: 225 };

const nl: PricingContext = {
  currency: 'EUR',
  pricesIncludeTax: true,
  taxRounding: 'perDocument',
  cashRounding: CASH_ROUNDING_RULES.nearest5,
};
const us: PricingContext = {
  currency: 'USD',
  pricesIncludeTax: false,
  taxRounding: 'perDocument',
  cashRounding: CASH_ROUNDING_RULES.none,
};

let nextId = 0;
function aLine(overrides: Partial<SaleLineDraft> = {}): SaleLineDraft {
  nextId += 1;
  return { id: `line-${nextId}`, quantity: 1, unitPrice: 1210, taxes: [high], ...overrides };
}

function aSale(lines: SaleLineDraft[], overrides: Partial<SaleDraft> = {}): SaleDraft {
  return { currency: 'EUR', lines, ...overrides };
}

function calculated(draft: SaleDraft, context: PricingContext = nl) {
  const result = calculateSale(draft, context);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

function errorOf(draft: SaleDraft, context: PricingContext = nl) {
  const result = calculateSale(draft, context);
  return result.ok ? null : result.error;
}

describe('calculateSale', () => {
  it('totals a Dutch sale with VAT 21 % and 9 % included', () => {
    // Given €12.10 at 21 % and 2 × €10.90 at 9 %
    const totals = calculated(
      aSale([aLine({ id: 'a' }), aLine({ id: 'b', quantity: 2, unitPrice: 1090, taxes: [low] })]),
    );
    // Then VAT is 2.10 + 1.80 and the card total is €33.90; in cash the same (already on 0.05)
    expect(totals.lines.map((l) => [l.id, l.total, l.net, l.tax])).toEqual([
      ['a', 1210, 1000, 210],
      ['b', 2180, 2000, 180],
    ]);
    expect(totals.taxBreakdown).toEqual([
      { code: 'NL-HIGH', rateBp: 2100, base: 1000, tax: 210, gross: 1210 },
      { code: 'NL-LOW', rateBp: 900, base: 2000, tax: 180, gross: 2180 },
    ]);
    expect(totals).toMatchObject({
      subtotal: 3390,
      discountTotal: 0,
      netTotal: 3000,
      taxTotal: 390,
      total: 3390,
    });
    expect(totals.cashIfPaidInCash).toEqual({ roundedTotal: 3390, rounding: 0 });
    expect(totals.payment).toBeNull();
  });

  it('prices a weighed item: unit price × quantityMilli / 1000, half-up', () => {
    // €12.99 per kg × 1.250 kg = 16.2375 → €16.24
    const totals = calculated(
      aSale([aLine({ quantity: undefined, quantityMilli: 1250, unitPrice: 1299, taxes: [low] })]),
    );
    expect(totals.lines[0]).toMatchObject({
      quantityMilli: 1250,
      amountBeforeDiscount: 1624,
      tax: 134,
      net: 1490,
    });
    // 0.005 kg × €1.00 = 0.5 cent → 1 cent, and the returned weight mirrors it
    expect(calculated(aSale([aLine({ quantity: undefined, quantityMilli: 5, unitPrice: 100 })])).total).toBe(
      1,
    );
    expect(calculated(aSale([aLine({ quantity: undefined, quantityMilli: -5, unitPrice: 100 })])).total).toBe(
      -1,
    );
  });

  it('refunds a return line as the mirror of the sale, with cash rounded the same way', () => {
    const sale = calculated(
      aSale([aLine({ unitPrice: 1232 })], { tenders: [{ type: 'cash', tendered: 1230 }] }),
    );
    const refund = calculated(
      aSale([aLine({ quantity: -1, unitPrice: 1232 })], { tenders: [{ type: 'cash', tendered: -1230 }] }),
    );
    expect([sale.total, sale.taxTotal, sale.payment?.cashRounding, sale.payment?.amountDue]).toEqual([
      1232, 214, -2, 1230,
    ]);
    expect([refund.total, refund.taxTotal, refund.payment?.cashRounding, refund.payment?.amountDue]).toEqual([
      -1232, -214, 2, -1230,
    ]);
  });

  it('nets an exchange: a sale line and a return line in one document', () => {
    const totals = calculated(aSale([aLine({ unitPrice: 2420 }), aLine({ quantity: -1, unitPrice: 1210 })]));
    expect(totals.lines.map((l) => l.tax)).toEqual([420, -210]);
    expect([totals.total, totals.taxTotal]).toEqual([1210, 210]);
  });

  it('adds two exclusive taxes to the net for a US-style sale', () => {
    const totals = calculated(
      aSale([aLine({ unitPrice: 1999, taxes: [state, city] })], { currency: 'USD' }),
      us,
    );
    expect(totals.lines[0]).toMatchObject({ total: 1999, net: 1999, tax: 170, totalWithTax: 2169 });
    expect(totals.taxBreakdown.map((row) => [row.code, row.tax])).toEqual([
      ['US-STATE', 125],
      ['US-CITY', 45],
    ]);
    expect(totals.total).toBe(1999 + 170);
  });

  it('takes the card part exactly and rounds only the cash remainder, giving change', () => {
    // €12.33: card €10, cash remainder €2.33 → €2.35, paid with €5 → €2.65 change
    const draft = aSale([aLine({ unitPrice: 1233 })], {
      tenders: [
        { type: 'card', amount: 1000 },
        { type: 'cash', tendered: 500 },
      ],
    });
    const totals = calculated(draft);
    expect(totals.total).toBe(1233);
    expect(totals.cashIfPaidInCash).toEqual({ roundedTotal: 1235, rounding: 2 });
    expect(totals.payment).toMatchObject({ cashDue: 235, cashRounding: 2, amountDue: 1235, change: 265 });
  });

  it('applies a line discount, then an order discount allocated by largest remainder', () => {
    const totals = calculated(
      aSale(
        [
          aLine({ id: 'a', unitPrice: 1000, lineDiscount: { kind: 'percent', bp: 1000 } }),
          aLine({ id: 'b', unitPrice: 1000, lineDiscount: { kind: 'amount', amount: 100 } }),
          aLine({ id: 'c', unitPrice: 900 }),
        ],
        { orderDiscount: { kind: 'amount', amount: 100 } },
      ),
    );
    expect(totals.lines.map((l) => [l.lineDiscount, l.orderDiscount, l.total])).toEqual([
      [100, 34, 866],
      [100, 33, 867],
      [0, 33, 867],
    ]);
    expect(totals).toMatchObject({
      subtotal: 2900,
      lineDiscountTotal: 200,
      orderDiscountTotal: 100,
      discountTotal: 300,
      total: 2600,
    });
  });

  it('records a price override next to the overridden price', () => {
    const totals = calculated(aSale([aLine({ quantity: 3, unitPrice: 1000, originalUnitPrice: 1210 })]));
    expect(totals.lines[0]).toMatchObject({
      unitPrice: 1000,
      originalUnitPrice: 1210,
      priceOverrideAmount: 630,
      total: 3000,
    });
  });

  it('uses the per-line policy when the store says so', () => {
    const lines = [10, 10, 10].map((unitPrice) => aLine({ unitPrice }));
    expect(calculated(aSale(lines)).taxTotal).toBe(5);
    expect(calculated(aSale(lines), { ...nl, taxRounding: 'perLine' }).taxTotal).toBe(6);
  });

  it.each([
    ['an empty sale', aSale([]), 'SALE_EMPTY', undefined],
    ['a zero quantity', aSale([aLine({ id: 'z', quantity: 0 })]), 'SALE_ZERO_QUANTITY', 'z'],
    [
      'a zero weight',
      aSale([aLine({ id: 'z', quantity: undefined, quantityMilli: 0 })]),
      'SALE_ZERO_QUANTITY',
      'z',
    ],
    ['two quantities', aSale([aLine({ id: 'q', quantityMilli: 5 })]), 'SALE_INVALID_QUANTITY', 'q'],
    ['no quantity', aSale([aLine({ id: 'q', quantity: undefined })]), 'SALE_INVALID_QUANTITY', 'q'],
    ['a fractional quantity', aSale([aLine({ id: 'q', quantity: 1.5 })]), 'SALE_INVALID_QUANTITY', 'q'],
    ['a negative price', aSale([aLine({ id: 'p', unitPrice: -1 })]), 'SALE_INVALID_PRICE', 'p'],
    [
      'a fractional original price',
      aSale([aLine({ id: 'p', originalUnitPrice: 1.5 })]),
      'SALE_INVALID_PRICE',
      'p',
    ],
    [
      'a negative tax rate',
      aSale([aLine({ id: 't', taxes: [{ code: 'X', rateBp: -1 }] })]),
      'SALE_INVALID_TAX',
      't',
    ],
    ['a tax twice', aSale([aLine({ id: 't', taxes: [high, high] })]), 'SALE_INVALID_TAX', 't'],
    ['a duplicate line id', aSale([aLine({ id: 'd' }), aLine({ id: 'd' })]), 'SALE_DUPLICATE_LINE_ID', 'd'],
    ['a foreign sale currency', aSale([aLine()], { currency: 'USD' }), 'SALE_CURRENCY_MISMATCH', undefined],
    ['a foreign line currency', aSale([aLine({ id: 'c', currency: 'SEK' })]), 'SALE_CURRENCY_MISMATCH', 'c'],
    [
      'a line discount above the line',
      aSale([aLine({ id: 'x', lineDiscount: { kind: 'amount', amount: 1211 } })]),
      'SALE_DISCOUNT_EXCEEDS_LINE',
      'x',
    ],
    [
      'an invalid discount',
      aSale([aLine({ id: 'x', lineDiscount: { kind: 'percent', bp: 10_001 } })]),
      'SALE_DISCOUNT_INVALID',
      'x',
    ],
    [
      'an order discount above the order',
      aSale([aLine()], { orderDiscount: { kind: 'amount', amount: 1211 } }),
      'SALE_DISCOUNT_EXCEEDS_ORDER',
      undefined,
    ],
    [
      'an absurd amount',
      aSale([aLine({ quantity: 1000, unitPrice: 2 ** 42 })]),
      'SALE_AMOUNT_OUT_OF_RANGE',
      undefined,
    ],
    [
      'too little cash',
      aSale([aLine()], { tenders: [{ type: 'cash', tendered: 1000 }] }),
      'SALE_TENDER_INSUFFICIENT',
      undefined,
    ],
    [
      'a card overpayment',
      aSale([aLine()], { tenders: [{ type: 'card', amount: 1300 }] }),
      'SALE_TENDER_OVERPAID_NON_CASH',
      undefined,
    ],
  ])('refuses %s with %s', (_name, draft, code, lineId) => {
    const error = errorOf(draft);
    expect(error?.code).toBe(code);
    expect(error?.details.lineId).toBe(lineId);
    expect(error?.message).toEqual(expect.any(String));
  });

  it('reports the missing amount of an insufficient tender', () => {
    expect(errorOf(aSale([aLine()], { tenders: [{ type: 'cash', tendered: 1000 }] }))?.details).toEqual({
      missing: 210,
    });
  });

  it('refuses a store currency it does not know', () => {
    expect(errorOf(aSale([aLine()], { currency: 'XXX' }), { ...nl, currency: 'XXX' })?.code).toBe(
      'SALE_UNKNOWN_CURRENCY',
    );
  });
});
