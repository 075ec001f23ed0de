import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateByLargestRemainder, allocateByQuotas } from './allocation.ts';
import { err, ok } from './result.ts';

describe('allocateByLargestRemainder', () => {
  it.each([
    [100, [1, 1, 1], [34, 33, 33]],
    [10, [1, 1, 1], [4, 3, 3]],
    [-10, [1, 1, 1], [-4, -3, -3]],
    [1, [1, 1], [1, 0]],
    [-1, [1, 1], [-1, 0]],
    [1, [1, 2], [0, 1]],
    [7, [3, 3, 1], [3, 3, 1]],
    [5, [0, 1], [0, 5]],
    [5, [0, 0], [3, 2]],
    [0, [0, 0], [0, 0]],
    [0, [], []],
    [1000, [1999, 2999, 4999], [200, 300, 500]],
    [3, [500, 250, 250], [1, 1, 1]],
  ])('allocates %i over %j as %j', (total, weights, expected) => {
    expect(allocateByLargestRemainder(total, weights)).toEqual(expected);
  });

  it('throws on a negative or fractional weight and on a total over no weights', () => {
    expect(() => allocateByLargestRemainder(10, [1, -1])).toThrow(RangeError);
    expect(() => allocateByLargestRemainder(10, [1.5])).toThrow(RangeError);
    expect(() => allocateByLargestRemainder(1, [])).toThrow(RangeError);
    expect(() => allocateByLargestRemainder(0.5, [1])).toThrow(RangeError);
  });

  const cases = fc.record({
    total: fc.integer({ min: -1e12, max: 1e12 }),
    weights: fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 30 }),
  });

  it('never loses or creates a unit', () => {
    fc.assert(
      fc.property(cases, ({ total, weights }) => {
        const shares = allocateByLargestRemainder(total, weights);
        expect(shares).toHaveLength(weights.length);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
      }),
    );
  });

  it('keeps every share within one unit of its exact proportion', () => {
    fc.assert(
      fc.property(cases, ({ total, weights }) => {
        const effective = weights.some((w) => w > 0) ? weights : weights.map(() => 1);
        const sum = BigInt(effective.reduce((a, b) => a + b, 0));
        allocateByLargestRemainder(total, weights).forEach((share, i) => {
          // |share − total·w/W| < 1  ⇔  |share·W − total·w| < W
          const diff = BigInt(share) * sum - BigInt(total) * BigInt(effective[i] ?? 0);
          expect(diff < sum && diff > -sum).toBe(true);
        });
      }),
    );
  });

  it('allocates a negative total as the mirror image of the positive one', () => {
    fc.assert(
      fc.property(cases, ({ total, weights }) => {
        const mirrored = allocateByLargestRemainder(-total, weights).map((s) => (s === 0 ? 0 : -s));
        expect(mirrored).toEqual(allocateByLargestRemainder(total, weights));
      }),
    );
  });

  it('gives the same answer for the same input', () => {
    fc.assert(
      fc.property(cases, ({ total, weights }) => {
        expect(allocateByLargestRemainder(total, weights)).toEqual(
          allocateByLargestRemainder(total, [...weights]),
        );
      }),
    );
  });
});

describe('allocateByQuotas', () => {
  it('moves every share evenly when the quotas are off by more than one unit per share', () => {
    // Given quotas 1 and 1 but a total of 5, then 3 units are left over: one each, then the earlier index
    expect(allocateByQuotas(5, [1n, 1n], 1n)).toEqual([3, 2]);
    // Given quotas 1 and 1 but a total of 1, then the later share gives up its unit
    expect(allocateByQuotas(1, [2n, 2n], 2n)).toEqual([1, 0]);
  });

  it('keeps each share near its own quota when quotas have mixed signs (an exchange)', () => {
    // Quotas 173.55… and −173.38…: floors 173 and −174, the one unit left goes to the larger remainder
    expect(allocateByQuotas(0, [1000n * 2100n, -999n * 2100n], 12100n)).toEqual([173, -173]);
  });

  it('refuses a non-positive denominator and a total over nothing', () => {
    expect(() => allocateByQuotas(1, [1n], 0n)).toThrow(RangeError);
    expect(() => allocateByQuotas(1, [], 1n)).toThrow(RangeError);
  });

  it('never loses or creates a unit for arbitrary quotas', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e6, max: 1e6 }),
        fc.array(fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }), { minLength: 1, maxLength: 20 }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        (total, numerators, denominator) => {
          const shares = allocateByQuotas(total, numerators, denominator);
          expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        },
      ),
    );
  });
});

describe('Result helpers', () => {
  it('wrap values and coded errors', () => {
    expect(ok(1)).toEqual({ ok: true, value: 1 });
    expect(err({ code: 'X' })).toEqual({ ok: false, error: { code: 'X' } });
  });
});
