import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASH_ROUNDING_RULES, roundCash } from './cash-rounding.ts';
import type { Tender } from './cash-rounding.ts';
import { calculateSale } from './sale.ts';
import type { PricingContext, SaleDraft, SaleLineDraft, SaleTotals } from './sale.types.ts';
import type { Tax } from './tax.ts';

const TAX_SETS: readonly (readonly Tax[])[] = [
  [{ code: 'HIGH', rateBp: 2100 }],
  [{ code: 'LOW', rateBp: 900 }],
  [{ code: 'ZERO', rateBp: 0 }],
  [
    { code: 'STATE', rateBp: 625 },
    { code: 'CITY', rateBp: 225 },
  ],
];

const lineArb = fc.record({
  quantity: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.integer({ min: -3000, max: 3000 })),
  weighed: fc.boolean(),
  unitPrice: fc.integer({ min: 0, max: 200_000 }),
  taxes: fc.constantFrom(...TAX_SETS),
  discountBp: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined }),
});

const draftArb = fc.record({
  lines: fc.array(lineArb, { minLength: 1, maxLength: 12 }),
  orderDiscountBp: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined }),
  context: fc.record({
    currency: fc.constant('EUR'),
    pricesIncludeTax: fc.boolean(),
    taxRounding: fc.constantFrom('perDocument' as const, 'perLine' as const),
    cashRounding: fc.constantFrom(...Object.values(CASH_ROUNDING_RULES)),
  }),
  cardShare: fc.integer({ min: 0, max: 100 }),
  extraCash: fc.integer({ min: 0, max: 10_000 }),
});

type Generated = typeof draftArb extends fc.Arbitrary<infer T> ? T : never;

function toDraft(g: Generated, sign = 1): SaleDraft {
  const lines: SaleLineDraft[] = g.lines.map((l, i) => {
    const quantity = sign * (l.quantity === 0 ? 1 : l.quantity);
    return {
      id: `l${i}`,
      ...(l.weighed ? { quantityMilli: quantity } : { quantity }),
      unitPrice: l.unitPrice,
      taxes: l.taxes,
      ...(l.discountBp === undefined ? {} : { lineDiscount: { kind: 'percent', bp: l.discountBp } as const }),
    };
  });
  const orderDiscount =
    g.orderDiscountBp === undefined
      ? {}
      : { orderDiscount: { kind: 'percent', bp: g.orderDiscountBp } as const };
  return { currency: 'EUR', lines, ...orderDiscount };
}

// Pays a calculated total: part by card (exact), the rest in cash with some extra for change on a sale.
function withTenders(draft: SaleDraft, total: number, g: Generated, context: PricingContext): SaleDraft {
  const card = Math.trunc((total * g.cardShare) / 100);
  const cashDue = roundCash(total - card, context.cashRounding);
  const tenders: Tender[] = [
    { type: 'card', amount: card },
    { type: 'cash', tendered: cashDue + (total >= 0 ? g.extraCash : 0) },
  ];
  return { ...draft, tenders };
}

function calculated(draft: SaleDraft, context: PricingContext): SaleTotals {
  const result = calculateSale(draft, context);
  if (!result.ok) throw new Error(`${result.error.code} ${JSON.stringify(result.error.details)}`);
  return result.value;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

describe('calculateSale invariants', () => {
  it('total = Σ line totals (+ tax when prices exclude it), and the parts add up', () => {
    fc.assert(
      fc.property(draftArb, (g) => {
        const totals = calculated(toDraft(g), g.context);
        const lineTotals = sum(totals.lines.map((l) => l.total));
        expect(totals.total).toBe(g.context.pricesIncludeTax ? lineTotals : lineTotals + totals.taxTotal);
        expect(totals.total).toBe(sum(totals.lines.map((l) => l.totalWithTax)));
        expect(totals.subtotal - totals.discountTotal).toBe(lineTotals);
        expect(sum(totals.taxBreakdown.map((row) => row.tax))).toBe(totals.taxTotal);
        expect(totals.netTotal + totals.taxTotal).toBe(totals.total);
        for (const line of totals.lines) {
          expect(line.amountBeforeDiscount - line.lineDiscount - line.orderDiscount).toBe(line.total);
          expect(line.net + line.tax).toBe(line.totalWithTax);
          expect(Math.sign(line.total) * Math.sign(line.amountBeforeDiscount)).not.toBe(-1);
        }
      }),
    );
  });

  it('Σ tenders − change = total + rounding = amount due, and cash rounding never exceeds half an increment', () => {
    fc.assert(
      fc.property(draftArb, (g) => {
        const draft = toDraft(g);
        const total = calculated(draft, g.context).total;
        const paidDraft = withTenders(draft, total, g, g.context);
        const paid = calculated(paidDraft, g.context);
        const payment = paid.payment;
        if (payment === null) throw new Error('expected a payment');
        const tendered = sum(
          (paidDraft.tenders ?? []).map((t) => (t.type === 'cash' ? t.tendered : t.amount)),
        );
        expect(tendered - payment.change).toBe(paid.total + payment.cashRounding);
        expect(payment.amountDue).toBe(paid.total + payment.cashRounding);
        expect(payment.change).toBeGreaterThanOrEqual(0);
        expect(2 * Math.abs(payment.cashRounding)).toBeLessThanOrEqual(g.context.cashRounding.increment);
        expect(paid.cashIfPaidInCash.roundedTotal).toBe(paid.total + paid.cashIfPaidInCash.rounding);
      }),
    );
  });

  it('gives identical output for the same input', () => {
    fc.assert(
      fc.property(draftArb, (g) => {
        expect(calculateSale(toDraft(g), g.context)).toEqual(
          calculateSale(structuredClone(toDraft(g)), g.context),
        );
      }),
    );
  });

  it('a return of the same lines without discounts is the exact mirror of the sale', () => {
    fc.assert(
      fc.property(draftArb, (g) => {
        const plain = { ...g, orderDiscountBp: undefined };
        const sale = calculated(toDraft(plain), g.context);
        const refund = calculated(toDraft(plain, -1), g.context);
        expect(refund.total + sale.total).toBe(0);
        expect(refund.taxTotal + sale.taxTotal).toBe(0);
        expect(refund.cashIfPaidInCash.rounding + sale.cashIfPaidInCash.rounding).toBe(0);
        refund.lines.forEach((line, i) => expect(line.tax + (sale.lines[i]?.tax ?? 0)).toBe(0));
      }),
    );
  });
});
