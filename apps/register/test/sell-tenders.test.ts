import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { nl } from '../src/i18n/nl.ts';
import { addItem, emptyCart, needsWeight, setLineQuantity } from '../src/sale/cart.ts';
import { MAX_PIECES, MAX_WEIGHT_MILLI, parsePieces, parseWeight } from '../src/sale/quantity-entry.ts';
import type { PaidTender } from '../src/sale/sale-document.ts';
import { checkCashEntry, checkNonCashEntry, MAX_CHANGE, type CashEntryProblem, type NonCashEntryProblem } from '../src/sale/tender-entry.ts';
import { cashRuleOf, DEFAULT_PRICING, totalsOf } from '../src/sale/totals.ts';
import { anItem } from './support/sales.ts';

const NL = cashRuleOf('nearest-5');
const NONE = cashRuleOf('none');
const NL9 = [{ code: 'NL-9', rateBp: 900 }];

/** A one-line cart of the given total (prices include VAT), to settle with the domain the server re-checks with. */
function cartOf(total: number) {
  return addItem(emptyCart(), { item: anItem({ price: total }), taxes: NL9 });
}

/** The domain's verdict on the tenders: the same calculation the server repeats (a mismatch is a 422). */
function settle(total: number, tenders: PaidTender[]) {
  const result = totalsOf(cartOf(total), DEFAULT_PRICING, tenders);
  return result.ok ? { settled: true as const, payment: result.value.payment! } : { settled: false as const, code: result.error.code };
}

describe('typed cash', () => {
  it('takes €30 for €21,92: the cash part is rounded to €21,90 and the change is €8,10, as the domain settles it', () => {
    const entry = checkCashEntry(3000, { total: 2192, tenders: [], rule: NL });
    expect(entry).toEqual({ ok: true, tender: { type: 'cash', tendered: 3000 }, change: 810, rest: 0 });
    const domain = settle(2192, [{ type: 'cash', tendered: 3000 }]);
    expect(domain).toMatchObject({ settled: true, payment: { change: 810, cashRounding: -2, amountDue: 2190 } });
  });

  it('takes part in cash: €10 of €21,92 leaves €11,92 for the card, and cash + card settle it exactly', () => {
    const entry = checkCashEntry(1000, { total: 2192, tenders: [], rule: NL });
    expect(entry).toEqual({ ok: true, tender: { type: 'cash', tendered: 1000 }, change: 0, rest: 1192 });
    expect(settle(2192, [{ type: 'cash', tendered: 1000 }])).toMatchObject({ settled: false, code: 'SALE_TENDER_INSUFFICIENT' });
    const both = settle(2192, [{ type: 'cash', tendered: 1000 }, { type: 'card', amount: 1192 }]);
    expect(both).toMatchObject({ settled: true, payment: { change: 0, cashRounding: 0, amountDue: 2192 } });
  });

  it('rounds only the cash part after a card part: €16,39 left is €16,40 in cash', () => {
    const paid = { total: 2639, tenders: [{ type: 'card' as const, amount: 1000 }], rule: NL };
    expect(checkCashEntry(2000, paid)).toMatchObject({ ok: true, change: 360, rest: 0 });
    expect(settle(2639, [{ type: 'card', amount: 1000 }, { type: 'cash', tendered: 2000 }])).toMatchObject({ settled: true, payment: { change: 360, cashRounding: 1 } });
  });

  it('refuses an empty, a zero, an off-step and an absurd amount, and says the limit', () => {
    const paid = { total: 2192, tenders: [], rule: NL };
    expect(checkCashEntry(null, paid)).toEqual({ ok: false, problem: 'empty', limit: 2190 });
    expect(checkCashEntry(0, paid)).toEqual({ ok: false, problem: 'zero', limit: 2190 });
    expect(checkCashEntry(1003, paid)).toEqual({ ok: false, problem: 'step', limit: 5 });
    expect(checkCashEntry(2190 + MAX_CHANGE, paid)).toMatchObject({ ok: true, change: MAX_CHANGE });
    expect(checkCashEntry(2195 + MAX_CHANGE, paid)).toEqual({ ok: false, problem: 'tooMuch', limit: 2190 + MAX_CHANGE });
    // A store without cash rounding takes any cent.
    expect(checkCashEntry(1003, { total: 2192, tenders: [], rule: NONE })).toMatchObject({ ok: true, rest: 1189 });
  });

  it('never leaves a rest the card cannot settle: any accepted part in cash plus the card rest is what the domain accepts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500_000 }), fc.integer({ min: 1, max: 500_000 }), fc.integer({ min: 0, max: 100_000 }), (total, typed, cardFirst) => {
        const card = Math.min(cardFirst, total - 1);
        const tenders: PaidTender[] = card > 0 ? [{ type: 'card', amount: card }] : [];
        const entry = checkCashEntry(typed, { total, tenders, rule: NL });
        if (!entry.ok) return;
        const after: PaidTender[] = [...tenders, entry.tender, ...(entry.rest > 0 ? [{ type: 'card' as const, amount: entry.rest }] : [])];
        const domain = settle(total, after);
        expect(domain.settled).toBe(true);
        if (domain.settled) expect(domain.payment.change).toBe(entry.change);
      }),
    );
  });
});

describe("typed amounts for the store's own tenders", () => {
  it('puts a €10 voucher against €25: €15 stays due, and cash for the rest settles it', () => {
    expect(checkNonCashEntry(1000, { total: 2500, tenders: [] })).toEqual({ ok: true, amount: 1000, rest: 1500 });
    const voucher: PaidTender = { type: 'custom', amount: 1000, name: 'Cadeaubon' };
    expect(settle(2500, [voucher, { type: 'cash', tendered: 2000 }])).toMatchObject({ settled: true, payment: { change: 500 } });
  });

  it('never takes more than the rest (only cash gives change), nor nothing', () => {
    const paid = { total: 2500, tenders: [{ type: 'cash' as const, tendered: 1000 }] };
    expect(checkNonCashEntry(1500, paid)).toEqual({ ok: true, amount: 1500, rest: 0 });
    expect(checkNonCashEntry(1501, paid)).toEqual({ ok: false, problem: 'overRest', limit: 1500 });
    expect(checkNonCashEntry(0, paid)).toEqual({ ok: false, problem: 'zero', limit: 1500 });
    expect(checkNonCashEntry(null, paid)).toEqual({ ok: false, problem: 'empty', limit: 1500 });
    expect(settle(2500, [{ type: 'custom', amount: 2501 }])).toMatchObject({ settled: false, code: 'SALE_TENDER_OVERPAID_NON_CASH' });
  });
});

describe('typed weights and quantities', () => {
  it('reads kg with up to 3 decimals as thousandths, as a GS1 weight barcode gives grams', () => {
    expect(parseWeight('0,437')).toEqual({ ok: true, value: 437 });
    expect(parseWeight('1.25')).toEqual({ ok: true, value: 1250 });
    expect(parseWeight(' 2 ')).toEqual({ ok: true, value: 2000 });
    expect(parseWeight(',5')).toEqual({ ok: true, value: 500 });
    expect(parseWeight('3,')).toEqual({ ok: true, value: 3000 });
    expect(parseWeight('100')).toEqual({ ok: true, value: MAX_WEIGHT_MILLI });
  });

  it('refuses an empty, unreadable, too precise, zero or too heavy weight', () => {
    expect(parseWeight('')).toEqual({ ok: false, problem: 'empty' });
    expect(parseWeight('1,2,3')).toEqual({ ok: false, problem: 'format' });
    expect(parseWeight('.')).toEqual({ ok: false, problem: 'format' });
    expect(parseWeight('0,4375')).toEqual({ ok: false, problem: 'decimals' });
    expect(parseWeight('0,000')).toEqual({ ok: false, problem: 'zero' });
    expect(parseWeight('100,001')).toEqual({ ok: false, problem: 'tooMuch', limit: MAX_WEIGHT_MILLI });
  });

  it('reads whole pieces only, at least 1 and at most the limit', () => {
    expect(parsePieces('3')).toEqual({ ok: true, value: 3 });
    expect(parsePieces('3,0')).toEqual({ ok: true, value: 3 });
    expect(parsePieces('2,5')).toEqual({ ok: false, problem: 'notWhole' });
    expect(parsePieces('')).toEqual({ ok: false, problem: 'empty' });
    expect(parsePieces('0')).toEqual({ ok: false, problem: 'zero' });
    expect(parsePieces('1.2.3')).toEqual({ ok: false, problem: 'format' });
    expect(parsePieces(String(MAX_PIECES))).toEqual({ ok: true, value: MAX_PIECES });
    expect(parsePieces(String(MAX_PIECES + 1))).toEqual({ ok: false, problem: 'tooMuch', limit: MAX_PIECES });
  });

  it('asks the weight of a weighed item added without one, not of a weight or price barcode or a piece item', () => {
    const drop = anItem({ name: 'Drop (los)', price: 1995, unit: 'weight' });
    expect(needsWeight({ item: drop, taxes: NL9 })).toBe(true);
    expect(needsWeight({ item: drop, taxes: NL9, quantityMilli: 250 })).toBe(false);
    expect(needsWeight({ item: drop, taxes: NL9, embeddedPrice: 499 })).toBe(false);
    expect(needsWeight({ item: anItem(), taxes: NL9 })).toBe(false);
  });

  it('prices a typed weight as the domain does (price × kg, half up) and sets typed quantities per kind of line', () => {
    const drop = anItem({ name: 'Drop (los)', price: 1995, unit: 'weight' });
    let cart = addItem(addItem(emptyCart(), { item: drop, taxes: NL9, quantityMilli: 437 }), { item: anItem(), taxes: NL9 });
    const [weighed, mug] = cart.lines;
    const first = totalsOf(cart, DEFAULT_PRICING);
    expect(first.ok && first.value.lines[0]!.totalWithTax).toBe(872); // 19,95 × 0,437 = 8,71815
    cart = setLineQuantity(cart, mug!.id, { quantity: 3 });
    cart = setLineQuantity(cart, weighed!.id, { quantityMilli: 1250 });
    expect(cart.lines.map((l) => [l.quantity, l.quantityMilli])).toEqual([[undefined, 1250], [3, undefined]]);
    // A quantity of the other kind leaves the line as it is.
    expect(setLineQuantity(cart, weighed!.id, { quantity: 2 })).toEqual(cart);
    expect(setLineQuantity(cart, mug!.id, { quantityMilli: 2 })).toEqual(cart);
    const next = totalsOf(cart, DEFAULT_PRICING);
    expect(next.ok && next.value.lines.map((l) => l.totalWithTax)).toEqual([2494, 3885]);
  });
});

describe('the messages of typed amounts and quantities', () => {
  it('has every problem in Dutch and in English', () => {
    const cash: CashEntryProblem[] = ['empty', 'zero', 'step', 'tooMuch'];
    const other: NonCashEntryProblem[] = ['empty', 'zero', 'overRest'];
    const keys = [
      ...[...cash, 'format'].map((p) => `pay.cashProblem_${p}`),
      ...[...other, 'format'].map((p) => `pay.otherProblem_${p}`),
      ...['empty', 'format', 'decimals', 'zero', 'tooMuch'].map((p) => `quantityEntry.weightProblem_${p}`),
      ...['empty', 'format', 'notWhole', 'zero', 'tooMuch'].map((p) => `quantityEntry.piecesProblem_${p}`),
    ];
    for (const key of keys) {
      const [section, name] = key.split('.') as [string, string];
      for (const strings of [nl, en]) expect((strings as unknown as Record<string, Record<string, string>>)[section]![name], key).toBeTruthy();
    }
  });
});
