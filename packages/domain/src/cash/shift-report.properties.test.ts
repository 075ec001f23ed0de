import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { calculateSale } from '../sale.ts';
import { CASH_ROUNDING_RULES, roundCash } from '../cash-rounding.ts';
import type { Tender } from '../cash-rounding.ts';
import { expectedPerTender, reconcile, summarizeShift, type ShiftDocument, type ShiftMovement } from './shift-report.ts';
import { totalOfCount, DENOMINATIONS } from './denominations.ts';

const context = { currency: 'EUR', pricesIncludeTax: true, taxRounding: 'perDocument' as const, cashRounding: CASH_ROUNDING_RULES.nearest5 };
const RATES = [2100, 900, 0];

// A document as the server records it: calculated by calculateSale, cash net of change.
const documentArb: fc.Arbitrary<ShiftDocument> = fc
  .record({
    lines: fc.array(fc.record({ price: fc.integer({ min: 1, max: 50000 }), qty: fc.integer({ min: 1, max: 9 }), rate: fc.constantFrom(...RATES), pct: fc.constantFrom(0, 0, 1000, 3333) }), { minLength: 1, maxLength: 6 }),
    refund: fc.boolean(),
    cardShare: fc.integer({ min: 0, max: 1000 }),
    custom: fc.constantFrom(null, 'Op rekening', 'Cadeaubon'),
    overpay: fc.integer({ min: 0, max: 2000 }),
  })
  .map(({ lines, refund, cardShare, custom, overpay }) => {
    const sign = refund ? -1 : 1;
    const draftLines = lines.map((l, i) => ({ id: `l${i}`, quantity: sign * l.qty, unitPrice: l.price, taxes: [{ code: `NL-${l.rate}`, rateBp: l.rate }], ...(l.pct ? { lineDiscount: { kind: 'percent' as const, bp: l.pct } } : {}) }));
    const bare = calculateSale({ currency: 'EUR', lines: draftLines }, context);
    if (!bare.ok) throw new Error(bare.error.message);
    const total = bare.value.total;
    const nonCash = Math.trunc((total * cardShare) / 1000);
    const tenders: Tender[] = nonCash === 0 ? [] : [custom ? { type: 'custom', amount: nonCash } : { type: 'card', amount: nonCash }];
    const rest = total - nonCash;
    const cashDue = roundCash(rest, CASH_ROUNDING_RULES.nearest5);
    if (rest !== 0 || tenders.length === 0) tenders.push({ type: 'cash', tendered: cashDue + (refund ? 0 : overpay) });
    const paid = calculateSale({ currency: 'EUR', lines: draftLines, tenders }, context);
    if (!paid.ok) throw new Error(`${paid.error.code} ${JSON.stringify(paid.error.details)}`);
    const p = paid.value.payment!;
    return {
      kind: refund ? 'return' : 'sale',
      total: paid.value.total,
      taxTotal: paid.value.taxTotal,
      discountTotal: paid.value.discountTotal,
      rounding: p.cashRounding,
      taxes: paid.value.taxBreakdown.map((t) => ({ code: t.code, rateBp: t.rateBp, base: t.base, tax: t.tax })),
      tenders: tenders.map((t) => (t.type === 'cash' ? { type: 'cash', amount: t.tendered - p.change } : { type: t.type, name: t.type === 'custom' ? custom : null, amount: t.amount })),
    } satisfies ShiftDocument;
  });

const movementArb: fc.Arbitrary<ShiftMovement> = fc.record({ kind: fc.constantFrom('pay_in' as const, 'pay_out' as const, 'no_sale' as const), amount: fc.integer({ min: 0, max: 100000 }) }).map((m) => (m.kind === 'no_sale' ? { ...m, amount: 0 } : m));

describe('summarizeShift', () => {
  it('balances: Σ tenders = Σ totals + cash rounding, Σ VAT rows = tax total, gross = base + tax, whatever the order', () => {
    fc.assert(
      fc.property(fc.array(documentArb, { maxLength: 20 }), fc.array(movementArb, { maxLength: 8 }), fc.integer({ min: 0, max: 100000 }), (documents, movements, float) => {
        const totals = summarizeShift(documents, movements);
        const tenderSum = totals.tenders.reduce((s, t) => s + t.amount, 0);
        expect(tenderSum).toBe(totals.netTotal + totals.roundingTotal);
        expect(totals.taxRates.reduce((s, r) => s + r.tax, 0)).toBe(totals.taxTotal);
        for (const r of totals.taxRates) expect(r.gross).toBe(r.base + r.tax);
        expect(totals.taxRates.reduce((s, r) => s + r.gross, 0)).toBe(totals.netTotal);
        expect(totals.sales.total + totals.returns.total).toBe(totals.netTotal);
        expect(summarizeShift([...documents].reverse(), [...movements].reverse())).toEqual(totals);
        const expected = expectedPerTender(totals, float);
        const cash = totals.tenders.find((t) => t.key === 'cash')?.amount ?? 0;
        expect(expected.get('cash')).toBe(float + cash + totals.payIns.total - totals.payOuts.total);
        const rows = reconcile(expected, new Map([['cash', float]]));
        expect(rows.reduce((s, r) => s + r.difference, 0)).toBe(float - [...expected.values()].reduce((a, b) => a + b, 0));
      }),
      { numRuns: 1000 },
    );
  }, 120_000);
});

describe('totalOfCount', () => {
  it('adds a count by denomination and refuses coins the currency does not have', () => {
    expect(totalOfCount('EUR', [{ value: 5000, count: 2 }, { value: 5, count: 3 }])).toEqual({ ok: true, value: 10015 });
    expect(totalOfCount('EUR', [{ value: 300, count: 1 }])).toMatchObject({ ok: false, error: { code: 'CASH_UNKNOWN_DENOMINATION' } });
    expect(totalOfCount('XYZ', [])).toMatchObject({ ok: false, error: { code: 'CASH_UNKNOWN_CURRENCY' } });
    expect(DENOMINATIONS.EUR).toContain(1);
  });
});
