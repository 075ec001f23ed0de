import { allocateByLargestRemainder } from './allocation.ts';
import { addMinor, multiplyRatio } from './money.ts';
import { err, ok } from './result.ts';
import type { Result } from './result.ts';

/** A discount on one line or on the whole order: a fixed amount (minor units) or a percentage in basis points. */
export type Discount =
  { readonly kind: 'amount'; readonly amount: number } | { readonly kind: 'percent'; readonly bp: number };

/** A discount typed against one line. */
export type LineDiscount = Discount;

/** A discount on the whole order, spread over the lines by largest remainder. */
export type OrderDiscount = Discount;

/** Why a discount or price override was refused. */
export interface DiscountError {
  readonly code: 'DISCOUNT_INVALID' | 'DISCOUNT_EXCEEDS_LINE' | 'DISCOUNT_EXCEEDS_ORDER';
  readonly details: { readonly base: number; readonly requested: number };
}

/** A line whose unit price can be overridden; the original is kept for the receipt and the journal. */
export interface PricedLine {
  readonly unitPrice: number;
  readonly originalUnitPrice?: number;
}

const BP = 10_000;

function invalid(base: number, requested: number): { ok: false; error: DiscountError } {
  return err({ code: 'DISCOUNT_INVALID', details: { base, requested } });
}

function isValidDiscount(discount: Discount): boolean {
  if (discount.kind === 'amount') return Number.isSafeInteger(discount.amount) && discount.amount >= 0;
  return Number.isSafeInteger(discount.bp) && discount.bp >= 0 && discount.bp <= BP;
}

function requestedOf(discount: Discount): number {
  return discount.kind === 'amount' ? discount.amount : discount.bp;
}

/**
 * The discount on a line, with the line's sign (a return line's discount reduces the refund).
 * A percentage is of the line amount, rounded half-up; an amount may never exceed the line.
 */
export function lineDiscountAmount(
  lineAmount: number,
  discount: LineDiscount,
): Result<number, DiscountError> {
  if (!isValidDiscount(discount)) return invalid(lineAmount, requestedOf(discount));
  if (discount.kind === 'percent') return ok(multiplyRatio(lineAmount, discount.bp, BP, 'halfUp'));
  // Discounts never make a line negative (or, for a return line, positive).
  if (discount.amount > Math.abs(lineAmount)) {
    return err({ code: 'DISCOUNT_EXCEEDS_LINE', details: { base: lineAmount, requested: discount.amount } });
  }
  return ok(lineAmount < 0 && discount.amount !== 0 ? -discount.amount : discount.amount);
}

/** Replaces a line's unit price, recording the first original price (a journaled price override). */
export function overridePrice<L extends PricedLine>(line: L, unitPrice: number): Result<L, DiscountError> {
  if (!Number.isSafeInteger(unitPrice) || unitPrice < 0) return invalid(line.unitPrice, unitPrice);
  const originalUnitPrice = line.originalUnitPrice ?? line.unitPrice;
  if (unitPrice === originalUnitPrice) {
    const { originalUnitPrice: _reverted, ...rest } = line;
    return ok({ ...rest, unitPrice } as L);
  }
  return ok({ ...line, unitPrice, originalUnitPrice });
}

/**
 * Spreads an order discount over the lines' amounts after line discounts, by largest remainder.
 * Only sale lines (positive amounts) carry it; return lines get zero, and no line turns negative.
 */
export function allocateOrderDiscount(
  lineAmounts: readonly number[],
  discount: OrderDiscount,
): Result<number[], DiscountError> {
  const weights = lineAmounts.map((amount) => Math.max(amount, 0));
  const base = weights.reduce((sum, amount) => addMinor(sum, amount), 0);
  if (!isValidDiscount(discount)) return invalid(base, requestedOf(discount));
  const total =
    discount.kind === 'percent' ? multiplyRatio(base, discount.bp, BP, 'halfUp') : discount.amount;
  if (total > base) return err({ code: 'DISCOUNT_EXCEEDS_ORDER', details: { base, requested: total } });
  return ok(allocateByLargestRemainder(total, weights));
}
