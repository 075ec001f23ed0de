import { lineDiscountAmount } from './discounts.ts';
import type { DiscountError } from './discounts.ts';
import { divideRounded, isKnownCurrency } from './money.ts';
import { err, ok } from './result.ts';
import type { Result } from './result.ts';
import type { PricingContext, SaleDraft, SaleError, SaleErrorCode, SaleLineDraft } from './sale.types.ts';

/** Amounts of one line before the order discount, in the price basis. */
export interface LineAmounts {
  readonly amountBeforeDiscount: number;
  readonly priceOverrideAmount: number;
  readonly lineDiscount: number;
  readonly afterLineDiscount: number;
}

// Sanity ceiling on Σ |line amounts| (2^50 minor units): keeps every later sum a safe integer.
const MAX_SALE_MAGNITUDE = 2n ** 50n;
const MAX_RATE_BP = 100_000;

/** Builds a refused-sale Result. */
export function saleError(
  code: SaleErrorCode,
  message: string,
  details: SaleError['details'] = {},
): { ok: false; error: SaleError } {
  return err({ code, message, details });
}

function isPrice(value: number | undefined): boolean {
  return value === undefined || (Number.isSafeInteger(value) && value >= 0);
}

function checkQuantity(line: SaleLineDraft): Result<null, SaleError> {
  const lineId = line.id;
  const given = [line.quantity, line.quantityMilli].filter((q) => q !== undefined);
  if (given.length !== 1 || !Number.isSafeInteger(given[0])) {
    return saleError('SALE_INVALID_QUANTITY', 'Set exactly one integer quantity or quantityMilli', {
      lineId,
    });
  }
  if (given[0] === 0)
    return saleError('SALE_ZERO_QUANTITY', 'A line cannot have a zero quantity', { lineId });
  return ok(null);
}

function checkLine(line: SaleLineDraft, context: PricingContext): Result<null, SaleError> {
  const lineId = line.id;
  if (line.currency !== undefined && line.currency !== context.currency) {
    return saleError('SALE_CURRENCY_MISMATCH', 'Line currency differs from the store currency', {
      lineId,
      expected: context.currency,
      actual: line.currency,
    });
  }
  const quantity = checkQuantity(line);
  if (!quantity.ok) return quantity;
  if (!isPrice(line.unitPrice) || !isPrice(line.originalUnitPrice)) {
    return saleError('SALE_INVALID_PRICE', 'Prices are non-negative integers in minor units', { lineId });
  }
  const codes = new Set(line.taxes.map((tax) => tax.code));
  const badRate = line.taxes.some(
    (t) => !Number.isSafeInteger(t.rateBp) || t.rateBp < 0 || t.rateBp > MAX_RATE_BP,
  );
  if (badRate || codes.size !== line.taxes.length) {
    return saleError('SALE_INVALID_TAX', 'Tax rates are 0..100000 bp, each tax code once per line', {
      lineId,
    });
  }
  return ok(null);
}

/** Checks a draft against the store context before any arithmetic (load first, then calculate). */
export function validateSaleDraft(draft: SaleDraft, context: PricingContext): Result<null, SaleError> {
  if (!isKnownCurrency(context.currency)) {
    return saleError('SALE_UNKNOWN_CURRENCY', 'Unknown store currency', { currency: context.currency });
  }
  if (draft.currency !== context.currency) {
    return saleError('SALE_CURRENCY_MISMATCH', 'Sale currency differs from the store currency', {
      expected: context.currency,
      actual: draft.currency,
    });
  }
  if (draft.lines.length === 0) return saleError('SALE_EMPTY', 'A sale needs at least one line');
  const seen = new Set<string>();
  for (const line of draft.lines) {
    if (seen.has(line.id))
      return saleError('SALE_DUPLICATE_LINE_ID', 'Line ids must be unique', { lineId: line.id });
    seen.add(line.id);
    const checked = checkLine(line, context);
    if (!checked.ok) return checked;
  }
  return ok(null);
}

// Line amount = unit price × quantity; weighed items: unit price × quantityMilli / 1000, half-up.
function extendedAmount(unitPrice: number, line: SaleLineDraft): bigint {
  if (line.quantityMilli !== undefined) {
    return divideRounded(BigInt(unitPrice) * BigInt(line.quantityMilli), 1000n, 'halfUp');
  }
  return BigInt(unitPrice) * BigInt(line.quantity ?? 0);
}

/** Maps a discount refusal to the sale's error code, naming the line when there is one. */
export function discountError(error: DiscountError, lineId?: string): { ok: false; error: SaleError } {
  const code = `SALE_${error.code}` as const;
  const message =
    code === 'SALE_DISCOUNT_INVALID' ? 'Invalid discount' : 'Discount exceeds the amount it applies to';
  return saleError(code, message, { ...(lineId === undefined ? {} : { lineId }), ...error.details });
}

/** Computes each line's amount, price override and line discount; refuses amounts beyond the sanity ceiling. */
export function computeLineAmounts(lines: readonly SaleLineDraft[]): Result<LineAmounts[], SaleError> {
  const amounts = lines.map((line) => extendedAmount(line.unitPrice, line));
  const originals = lines.map((line, i) =>
    line.originalUnitPrice === undefined ? (amounts[i] ?? 0n) : extendedAmount(line.originalUnitPrice, line),
  );
  const magnitude = [...amounts, ...originals].reduce((sum, a) => sum + (a < 0n ? -a : a), 0n);
  if (magnitude > MAX_SALE_MAGNITUDE)
    return saleError('SALE_AMOUNT_OUT_OF_RANGE', 'Sale amounts are too large');
  const result: LineAmounts[] = [];
  for (const [i, line] of lines.entries()) {
    const amountBeforeDiscount = Number(amounts[i] ?? 0n);
    const original = Number(originals[i] ?? 0n);
    const discount = line.lineDiscount ? lineDiscountAmount(amountBeforeDiscount, line.lineDiscount) : ok(0);
    if (!discount.ok) return discountError(discount.error, line.id);
    result.push({
      amountBeforeDiscount,
      priceOverrideAmount: original - amountBeforeDiscount,
      lineDiscount: discount.value,
      afterLineDiscount: amountBeforeDiscount - discount.value,
    });
  }
  return ok(result);
}
