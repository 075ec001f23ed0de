import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASH_ROUNDING_RULES, calculateTenders, roundCash } from './cash-rounding.ts';
import type { Tender } from './cash-rounding.ts';

const { none, nearest5, nearest10, nearest50, nearest100 } = CASH_ROUNDING_RULES;
const rules = Object.values(CASH_ROUNDING_RULES);

describe('roundCash', () => {
  // DOMAIN.md, Dutch 5-cent rounding: x.x1, x.x2 → x.x0; x.x3, x.x4 → x.x5; x.x6, x.x7 → x.x5; x.x8, x.x9 → x.(x+1)0
  it.each([
    [1230, 1230],
    [1231, 1230],
    [1232, 1230],
    [1233, 1235],
    [1234, 1235],
    [1235, 1235],
    [1236, 1235],
    [1237, 1235],
    [1238, 1240],
    [1239, 1240],
  ])('NL 0.05: %i → %i, and −%i → −%i for refunds', (amount, rounded) => {
    expect(roundCash(amount, nearest5)).toBe(rounded);
    expect(roundCash(-amount, nearest5)).toBe(-rounded);
  });

  it.each([
    [nearest10, 1234, 1230],
    [nearest10, 1235, 1240],
    [nearest10, -1235, -1240],
    [nearest50, 1224, 1200],
    [nearest50, 1225, 1250],
    [nearest50, 1275, 1300],
    [nearest50, -1225, -1250],
    [nearest100, 1249, 1200],
    [nearest100, 1250, 1300],
    [nearest100, -1250, -1300],
    [none, 1237, 1237],
  ])('%o rounds %i to %i (half-up at the midpoint)', (rule, amount, rounded) => {
    expect(roundCash(amount, rule)).toBe(rounded);
  });

  it('never yields -0', () => {
    expect(Object.is(roundCash(-2, nearest5), 0)).toBe(true);
  });

  it('throws on a rule with a non-positive or fractional increment', () => {
    expect(() => roundCash(1, { name: 'bad', increment: 0 })).toThrow(RangeError);
    expect(() => roundCash(1, { name: 'bad', increment: 2.5 })).toThrow(RangeError);
  });

  it('is symmetric, lands on the increment and moves at most half of it', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom(...rules), (amount, rule) => {
        const rounded = roundCash(amount, rule);
        expect(roundCash(-amount, rule)).toBe(rounded === 0 ? 0 : -rounded);
        expect(rounded % rule.increment === 0).toBe(true);
        expect(2 * Math.abs(rounded - amount)).toBeLessThanOrEqual(rule.increment);
      }),
    );
  });
});

describe('calculateTenders', () => {
  it('rounds an all-cash payment and gives change', () => {
    // Given €12.32 paid with a €20 note under NL rounding, then €12.30 is due and €7.70 comes back
    expect(calculateTenders(1232, [{ type: 'cash', tendered: 2000 }], nearest5)).toEqual({
      ok: true,
      value: {
        payable: 1232,
        nonCashTotal: 0,
        cashDue: 1230,
        cashRounding: -2,
        amountDue: 1230,
        cashTendered: 2000,
        change: 770,
        totalTendered: 2000,
      },
    });
  });

  it('charges a card exactly, without rounding', () => {
    const result = calculateTenders(1232, [{ type: 'card', amount: 1232 }], nearest5);
    expect(result.ok && result.value).toMatchObject({ cashRounding: 0, amountDue: 1232, change: 0 });
  });

  it('splits: card part exact, cash remainder rounded, change from cash', () => {
    // €12.33: card €10.00, remaining €2.33 → cash due €2.35 (+0.02), paid with €5
    const tenders: Tender[] = [
      { type: 'card', amount: 1000 },
      { type: 'cash', tendered: 500 },
    ];
    const result = calculateTenders(1233, tenders, nearest5);
    expect(result.ok && result.value).toMatchObject({
      nonCashTotal: 1000,
      cashDue: 235,
      cashRounding: 2,
      amountDue: 1235,
      change: 265,
    });
  });

  it('sums several cash tenders and lets the rounded cash part be zero', () => {
    const result = calculateTenders(
      1002,
      [
        { type: 'card', amount: 1000 },
        { type: 'cash', tendered: 0 },
      ],
      nearest5,
    );
    expect(result.ok && result.value).toMatchObject({
      cashDue: 0,
      cashRounding: -2,
      amountDue: 1000,
      change: 0,
    });
    const two = calculateTenders(
      1000,
      [
        { type: 'cash', tendered: 500 },
        { type: 'cash', tendered: 1000 },
      ],
      nearest5,
    );
    expect(two.ok && two.value).toMatchObject({ cashTendered: 1500, change: 500 });
  });

  it('reports how much is missing', () => {
    expect(calculateTenders(1232, [{ type: 'cash', tendered: 1000 }], nearest5)).toEqual({
      ok: false,
      error: { code: 'TENDER_INSUFFICIENT', details: { missing: 230 } },
    });
    // Without cash the remainder stays exact
    expect(calculateTenders(1232, [{ type: 'card', amount: 1000 }], nearest5)).toEqual({
      ok: false,
      error: { code: 'TENDER_INSUFFICIENT', details: { missing: 232 } },
    });
    expect(calculateTenders(1232, [], nearest5)).toEqual({
      ok: false,
      error: { code: 'TENDER_INSUFFICIENT', details: { missing: 1232 } },
    });
  });

  it.each(['card', 'giftCard', 'storeCredit', 'custom'] as const)(
    'never gives change for a %s overpayment',
    (type) => {
      expect(calculateTenders(1232, [{ type, amount: 1300 }], nearest5)).toEqual({
        ok: false,
        error: { code: 'TENDER_OVERPAID_NON_CASH', details: { overpaidBy: 68 } },
      });
    },
  );

  it('refuses a negative or fractional tender on a sale', () => {
    expect(
      calculateTenders(
        1000,
        [
          { type: 'cash', tendered: 500 },
          { type: 'card', amount: -1 },
        ],
        nearest5,
      ),
    ).toEqual({
      ok: false,
      error: { code: 'TENDER_INVALID_AMOUNT', details: { index: 1, amount: -1 } },
    });
    const fractional = calculateTenders(1000, [{ type: 'cash', tendered: 0.5 }], nearest5);
    expect(fractional.ok ? 'ok' : fractional.error.code).toBe('TENDER_INVALID_AMOUNT');
  });

  it('settles a zero total with nothing', () => {
    const result = calculateTenders(0, [], nearest5);
    expect(result.ok && result.value).toMatchObject({ amountDue: 0, change: 0, totalTendered: 0 });
  });

  it('refunds cash rounded the same way as the sale, with no change', () => {
    expect(calculateTenders(-1232, [{ type: 'cash', tendered: -1230 }], nearest5)).toEqual({
      ok: true,
      value: {
        payable: -1232,
        nonCashTotal: 0,
        cashDue: -1230,
        cashRounding: 2,
        amountDue: -1230,
        cashTendered: -1230,
        change: 0,
        totalTendered: -1230,
      },
    });
    const card = calculateTenders(-1232, [{ type: 'card', amount: -1232 }], nearest5);
    expect(card.ok && card.value).toMatchObject({ cashRounding: 0, amountDue: -1232 });
  });

  it('refuses to pay out more than a refund is due, or less', () => {
    expect(calculateTenders(-1232, [{ type: 'cash', tendered: -1300 }], nearest5)).toEqual({
      ok: false,
      error: { code: 'TENDER_REFUND_EXCEEDS_DUE', details: { excess: 70 } },
    });
    expect(calculateTenders(-1232, [{ type: 'cash', tendered: -1000 }], nearest5)).toEqual({
      ok: false,
      error: { code: 'TENDER_INSUFFICIENT', details: { missing: 230 } },
    });
    expect(calculateTenders(-1232, [{ type: 'card', amount: 10 }], nearest5)).toEqual({
      ok: false,
      error: { code: 'TENDER_INVALID_AMOUNT', details: { index: 0, amount: 10 } },
    });
  });

  it('always satisfies Σ tenders − change = payable + rounding, with change ≥ 0 in cash only', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.constantFrom(...rules),
        fc.boolean(),
        (payable, cardShare, extraCash, rule, refund) => {
          const card = Math.floor(payable * cardShare);
          const cashDue = roundCash(payable - card, rule);
          const sign = refund ? -1 : 1;
          const tenders: Tender[] = [
            { type: 'card', amount: sign * card },
            { type: 'cash', tendered: sign * (cashDue + (refund ? 0 : extraCash)) },
          ];
          const result = calculateTenders(sign * payable, tenders, rule);
          if (!result.ok) throw new Error(result.error.code);
          const s = result.value;
          expect(s.totalTendered - s.change).toBe(sign * payable + s.cashRounding);
          expect(s.amountDue).toBe(sign * payable + s.cashRounding);
          expect(Math.abs(s.change)).toBe(refund ? 0 : extraCash);
          expect(calculateTenders(sign * payable, tenders, rule)).toEqual(result);
        },
      ),
    );
  });
});
