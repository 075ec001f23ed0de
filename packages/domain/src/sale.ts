import { calculateTenders, roundCash } from './cash-rounding.ts';
import type { TenderSummary } from './cash-rounding.ts';
import { allocateOrderDiscount } from './discounts.ts';
import { ok } from './result.ts';
import type { Result } from './result.ts';
import { computeLineAmounts, discountError, saleError, validateSaleDraft } from './sale-lines.ts';
import type { LineAmounts } from './sale-lines.ts';
import type {
  PricingContext,
  SaleDraft,
  SaleError,
  SaleLineDraft,
  SaleLineTotals,
  SaleTotals,
} from './sale.types.ts';
import { summarizeTaxes } from './tax.ts';
import type { TaxSummary } from './tax.ts';

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function orderDiscountShares(draft: SaleDraft, amounts: readonly LineAmounts[]): Result<number[], SaleError> {
  if (draft.orderDiscount === undefined) return ok(amounts.map(() => 0));
  const shares = allocateOrderDiscount(
    amounts.map((a) => a.afterLineDiscount),
    draft.orderDiscount,
  );
  return shares.ok ? shares : discountError(shares.error);
}

function buildLine(
  line: SaleLineDraft,
  amounts: LineAmounts,
  orderDiscount: number,
  tax: TaxSummary['lines'][number],
): SaleLineTotals {
  return {
    id: line.id,
    ...(line.quantity === undefined ? {} : { quantity: line.quantity }),
    ...(line.quantityMilli === undefined ? {} : { quantityMilli: line.quantityMilli }),
    unitPrice: line.unitPrice,
    ...(line.originalUnitPrice === undefined ? {} : { originalUnitPrice: line.originalUnitPrice }),
    priceOverrideAmount: amounts.priceOverrideAmount,
    amountBeforeDiscount: amounts.amountBeforeDiscount,
    lineDiscount: amounts.lineDiscount,
    orderDiscount,
    total: amounts.afterLineDiscount - orderDiscount,
    net: tax.net,
    tax: tax.tax,
    totalWithTax: tax.gross,
    taxes: tax.taxes,
  };
}

function settlePayment(
  draft: SaleDraft,
  total: number,
  context: PricingContext,
): Result<TenderSummary | null, SaleError> {
  if (draft.tenders === undefined || draft.tenders.length === 0) return ok(null);
  const payment = calculateTenders(total, draft.tenders, context.cashRounding);
  if (payment.ok) return payment;
  return saleError(`SALE_${payment.error.code}`, 'The tenders do not settle the total', {
    ...payment.error.details,
  });
}

// Taxes the lines after all discounts, under the store's tax rounding policy.
function taxLines(
  draft: SaleDraft,
  amounts: readonly LineAmounts[],
  shares: readonly number[],
  context: PricingContext,
): { lines: SaleLineTotals[]; taxes: TaxSummary } {
  const taxable = draft.lines.map((line, i) => ({
    amount: (amounts[i]?.afterLineDiscount ?? 0) - (shares[i] ?? 0),
    taxes: line.taxes,
  }));
  const taxes = summarizeTaxes(taxable, {
    pricesIncludeTax: context.pricesIncludeTax,
    rounding: context.taxRounding,
  });
  const lines = draft.lines.map((line, i) =>
    buildLine(line, amounts[i] as LineAmounts, shares[i] ?? 0, taxes.lines[i] as TaxSummary['lines'][number]),
  );
  return { lines, taxes };
}

function assembleTotals(
  context: PricingContext,
  lines: readonly SaleLineTotals[],
  taxes: TaxSummary,
  payment: TenderSummary | null,
): SaleTotals {
  // Tax-exclusive prices (US style): the customer pays net + tax; inclusive: line totals already hold it.
  const total = taxes.grossTotal;
  const lineDiscountTotal = sum(lines.map((l) => l.lineDiscount));
  const orderDiscountTotal = sum(lines.map((l) => l.orderDiscount));
  // Cash rounding applies to the total only, never per line (DOMAIN.md "Cash rounding").
  const roundedTotal = roundCash(total, context.cashRounding);
  return {
    currency: context.currency,
    lines,
    taxBreakdown: taxes.breakdown,
    subtotal: sum(lines.map((l) => l.amountBeforeDiscount)),
    lineDiscountTotal,
    orderDiscountTotal,
    discountTotal: lineDiscountTotal + orderDiscountTotal,
    netTotal: taxes.netTotal,
    taxTotal: taxes.taxTotal,
    total,
    cashIfPaidInCash: { roundedTotal, rounding: roundedTotal - total },
    payment,
  };
}

/**
 * Calculates a sale from plain data (CONVENTIONS.md: context in, data out): line amounts, discounts,
 * taxes under the store's rounding policy, the total, cash rounding and the tenders with change.
 */
export function calculateSale(draft: SaleDraft, context: PricingContext): Result<SaleTotals, SaleError> {
  const valid = validateSaleDraft(draft, context);
  if (!valid.ok) return valid;
  const amounts = computeLineAmounts(draft.lines);
  if (!amounts.ok) return amounts;
  const shares = orderDiscountShares(draft, amounts.value);
  if (!shares.ok) return shares;
  const { lines, taxes } = taxLines(draft, amounts.value, shares.value, context);
  const payment = settlePayment(draft, taxes.grossTotal, context);
  if (!payment.ok) return payment;
  return ok(assembleTotals(context, lines, taxes, payment.value));
}
