import { assertSafeInteger, toSafeNumber } from './money.ts';

/*
 * Kassa's one allocation rule (CONVENTIONS.md: "one allocation rule (largest remainder) used
 * everywhere"), also known as Hamilton's method:
 *   1. every share gets the floor of its exact quota;
 *   2. the units left over go, one each, to the shares with the largest remainders;
 *   3. equal remainders are resolved in favour of the earlier index;
 *   4. a negative total is allocated as the mirror image of the positive one, so a refund splits
 *      exactly like the sale it reverses.
 * The shares always add up to the total: no unit is lost or created.
 */

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/**
 * Allocates an integer total over exact quotas numerators[i] / denominator by the largest-remainder
 * rule; the quotas need not add up to the total exactly (e.g. per-line taxes vs the document tax).
 */
export function allocateByQuotas(
  total: number,
  numerators: readonly bigint[],
  denominator: bigint,
): number[] {
  assertSafeInteger(total, 'total');
  if (denominator <= 0n) throw new RangeError('Quota denominator must be positive');
  if (total < 0) {
    return allocateByQuotas(
      -total,
      numerators.map((n) => -n),
      denominator,
    ).map((share) => (share === 0 ? 0 : -share));
  }
  const count = BigInt(numerators.length);
  if (count === 0n) {
    if (total !== 0) throw new RangeError('Cannot allocate a non-zero total over nothing');
    return [];
  }
  const floors = numerators.map((n) => floorDiv(n, denominator));
  const remainders = numerators.map((n, i) => n - (floors[i] ?? 0n) * denominator);
  const leftover = BigInt(total) - floors.reduce((a, b) => a + b, 0n);
  // Normally 0 ≤ leftover < count; when the quotas are off by more, every share moves evenly first.
  const even = floorDiv(leftover, count);
  const extra = Number(leftover - even * count);
  const byRemainder = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  const bonus = new Array<bigint>(numerators.length).fill(0n);
  for (const { index } of byRemainder.slice(0, extra)) bonus[index] = 1n;
  return floors.map((floor, i) => toSafeNumber(floor + even + (bonus[i] ?? 0n), 'share'));
}

/** Splits total in proportion to non-negative integer weights by largest remainder (all-zero weights: equal split). */
export function allocateByLargestRemainder(total: number, weights: readonly number[]): number[] {
  assertSafeInteger(total, 'total');
  for (const weight of weights) {
    if (assertSafeInteger(weight, 'weight') < 0)
      throw new RangeError(`Weights must be non-negative, got ${weight}`);
  }
  const effective = weights.some((w) => w > 0) ? weights : weights.map(() => 1);
  const weightSum = effective.reduce((sum, w) => sum + BigInt(w), 0n);
  if (weightSum === 0n) return allocateByQuotas(total, [], 1n);
  return allocateByQuotas(
    total,
    effective.map((w) => BigInt(total) * BigInt(w)),
    weightSum,
  );
}
