import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateOrderDiscount, lineDiscountAmount, overridePrice } from './discounts.ts';

describe('lineDiscountAmount', () => {
  it.each([
    [1000, { kind: 'amount', amount: 250 } as const, 250],
    [1000, { kind: 'amount', amount: 1000 } as const, 1000],
    [999, { kind: 'percent', bp: 1000 } as const, 100], // 99.9 → 100
    [995, { kind: 'percent', bp: 1000 } as const, 100], // 99.5 → 100 half-up
    [994, { kind: 'percent', bp: 1000 } as const, 99],
    [1000, { kind: 'percent', bp: 10_000 } as const, 1000],
    [1000, { kind: 'percent', bp: 0 } as const, 0],
    [-995, { kind: 'percent', bp: 1000 } as const, -100],
    [-1000, { kind: 'amount', amount: 250 } as const, -250],
    [-1000, { kind: 'amount', amount: 0 } as const, 0],
  ])('on a line of %i, %o takes off %i', (line, discount, expected) => {
    expect(lineDiscountAmount(line, discount)).toEqual({ ok: true, value: expected });
  });

  it('refuses an amount larger than the line (a discount never makes a line negative)', () => {
    expect(lineDiscountAmount(1000, { kind: 'amount', amount: 1001 })).toEqual({
      ok: false,
      error: { code: 'DISCOUNT_EXCEEDS_LINE', details: { base: 1000, requested: 1001 } },
    });
    const onReturn = lineDiscountAmount(-1000, { kind: 'amount', amount: 1001 });
    expect(onReturn.ok ? 'ok' : onReturn.error.code).toBe('DISCOUNT_EXCEEDS_LINE');
  });

  it.each([
    { kind: 'amount', amount: -1 } as const,
    { kind: 'amount', amount: 1.5 } as const,
    { kind: 'percent', bp: 10_001 } as const,
    { kind: 'percent', bp: -1 } as const,
    { kind: 'percent', bp: 12.5 } as const,
  ])('refuses %o as invalid', (discount) => {
    const result = lineDiscountAmount(1000, discount);
    expect(result.ok ? 'ok' : result.error.code).toBe('DISCOUNT_INVALID');
  });
});

describe('overridePrice', () => {
  it('replaces the unit price and records the catalogue price once', () => {
    const line = { id: 'a', unitPrice: 1999 };
    const first = overridePrice(line, 1500);
    expect(first).toEqual({ ok: true, value: { id: 'a', unitPrice: 1500, originalUnitPrice: 1999 } });
    const second = first.ok ? overridePrice(first.value, 1200) : first;
    expect(second).toEqual({ ok: true, value: { id: 'a', unitPrice: 1200, originalUnitPrice: 1999 } });
  });

  it('drops the record when the price goes back to the original', () => {
    expect(overridePrice({ id: 'a', unitPrice: 1500, originalUnitPrice: 1999 }, 1999)).toEqual({
      ok: true,
      value: { id: 'a', unitPrice: 1999 },
    });
  });

  it('refuses a negative or fractional price', () => {
    const result = overridePrice({ unitPrice: 100 }, -1);
    expect(result.ok ? 'ok' : result.error.code).toBe('DISCOUNT_INVALID');
    const fractional = overridePrice({ unitPrice: 100 }, 9.99);
    expect(fractional.ok ? 'ok' : fractional.error.code).toBe('DISCOUNT_INVALID');
  });
});

describe('allocateOrderDiscount', () => {
  it('spreads an amount over the lines by largest remainder', () => {
    // €10 off 19.99 + 29.99 + 49.99 = 99.97: exact shares 2.0006, 3.0000, 5.0005 (×100)
    expect(allocateOrderDiscount([1999, 2999, 4999], { kind: 'amount', amount: 1000 })).toEqual({
      ok: true,
      value: [200, 300, 500],
    });
    expect(allocateOrderDiscount([100, 100, 100], { kind: 'amount', amount: 100 })).toEqual({
      ok: true,
      value: [34, 33, 33],
    });
  });

  it('takes a percentage of the order, rounded half-up once, then allocates it', () => {
    // 10 % of 3 × 3.33 = 0.999 → 1.00, split 34 / 33 / 33
    expect(allocateOrderDiscount([333, 333, 333], { kind: 'percent', bp: 1000 })).toEqual({
      ok: true,
      value: [34, 33, 33],
    });
  });

  it('leaves return lines out of an order discount', () => {
    expect(allocateOrderDiscount([1000, -500, 1000], { kind: 'amount', amount: 101 })).toEqual({
      ok: true,
      value: [51, 0, 50],
    });
  });

  it('refuses more than the order is worth, and invalid discounts', () => {
    expect(allocateOrderDiscount([100, 100], { kind: 'amount', amount: 201 })).toEqual({
      ok: false,
      error: { code: 'DISCOUNT_EXCEEDS_ORDER', details: { base: 200, requested: 201 } },
    });
    const onReturns = allocateOrderDiscount([-100], { kind: 'amount', amount: 1 });
    expect(onReturns.ok ? 'ok' : onReturns.error.code).toBe('DISCOUNT_EXCEEDS_ORDER');
    const invalid = allocateOrderDiscount([100], { kind: 'percent', bp: 20_000 });
    expect(invalid.ok ? 'ok' : invalid.error.code).toBe('DISCOUNT_INVALID');
  });

  it('never makes a line negative and never loses a cent', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -100_000, max: 100_000 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0, max: 10_000 }),
        (lines, bp) => {
          const result = allocateOrderDiscount(lines, { kind: 'percent', bp });
          if (!result.ok) throw new Error(result.error.code);
          const base = lines.filter((l) => l > 0).reduce((a, b) => a + b, 0);
          // Reference: half-up of base × bp / 10000 as floor((2·base·bp + 10000) / 20000) in BigInt
          const expected = (2n * BigInt(base) * BigInt(bp) + 10_000n) / 20_000n;
          expect(BigInt(result.value.reduce((a, b) => a + b, 0))).toBe(expected);
          result.value.forEach((share, i) => {
            expect(share).toBeGreaterThanOrEqual(0);
            expect(share).toBeLessThanOrEqual(Math.max(lines[i] ?? 0, 0));
          });
        },
      ),
    );
  });
});
