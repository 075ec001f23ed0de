import { addMinor, assertSafeInteger, multiplyRatio } from './money.ts';
import { err, ok } from './result.ts';
import type { Result } from './result.ts';

/** A cash rounding rule: cash totals are rounded to a multiple of increment (minor units). */
export interface CashRoundingRule {
  readonly name: string;
  readonly increment: number;
}

/**
 * The rules in use (DOMAIN.md "Cash rounding"): NL, BE, FI and CH round cash to 0.05; Nordic
 * variants round to 0.10, 0.50 or whole units. Ties (only possible for even increments) round half-up.
 */
export const CASH_ROUNDING_RULES = {
  none: { name: 'none', increment: 1 },
  nearest5: { name: 'nearest-5', increment: 5 },
  nearest10: { name: 'nearest-10', increment: 10 },
  nearest50: { name: 'nearest-50', increment: 50 },
  nearest100: { name: 'nearest-100', increment: 100 },
} as const satisfies Record<string, CashRoundingRule>;

/** Payment means other than cash; they are always taken for their exact amount. */
export type NonCashTenderType = 'card' | 'giftCard' | 'storeCredit' | 'custom';

/** One payment on a sale: cash as handed over, or an exact non-cash amount. Refund tenders are negative. */
export type Tender =
  | { readonly type: 'cash'; readonly tendered: number }
  | { readonly type: NonCashTenderType; readonly amount: number; readonly reference?: string };

/** How a payable total is settled; Σ tenders − change = payable + cashRounding = amountDue. */
export interface TenderSummary {
  readonly payable: number;
  readonly nonCashTotal: number;
  readonly cashDue: number;
  readonly cashRounding: number;
  readonly amountDue: number;
  readonly cashTendered: number;
  readonly change: number;
  readonly totalTendered: number;
}

/** Why the tenders cannot settle the payable amount. */
export type TenderError =
  | { readonly code: 'TENDER_INSUFFICIENT'; readonly details: { readonly missing: number } }
  | { readonly code: 'TENDER_OVERPAID_NON_CASH'; readonly details: { readonly overpaidBy: number } }
  | { readonly code: 'TENDER_REFUND_EXCEEDS_DUE'; readonly details: { readonly excess: number } }
  | {
      readonly code: 'TENDER_INVALID_AMOUNT';
      readonly details: { readonly index: number; readonly amount: number };
    };

/** Rounds a cash amount to the rule's increment, half-up and symmetric: roundCash(−x) = −roundCash(x). */
export function roundCash(amount: number, rule: CashRoundingRule): number {
  assertSafeInteger(amount);
  if (!Number.isSafeInteger(rule.increment) || rule.increment <= 0) {
    throw new RangeError(`Cash rounding increment must be a positive integer, got ${rule.increment}`);
  }
  // NL 0.05: x.x1, x.x2 → x.x0; x.x3, x.x4, x.x6, x.x7 → x.x5; x.x8, x.x9 → x.(x+1)0.
  const rounded = multiplyRatio(amount, 1, rule.increment, 'halfUp') * rule.increment;
  return rounded === 0 ? 0 : rounded;
}

function tenderValue(tender: Tender): number {
  return tender.type === 'cash' ? tender.tendered : tender.amount;
}

function negate(value: number): number {
  return value === 0 ? 0 : -value;
}

// Settles a non-negative payable with non-negative tenders.
function settle(
  payable: number,
  tenders: readonly Tender[],
  rule: CashRoundingRule,
): Result<TenderSummary, TenderError> {
  const sumOf = (cash: boolean) =>
    tenders.filter((t) => (t.type === 'cash') === cash).reduce((sum, t) => addMinor(sum, tenderValue(t)), 0);
  const nonCashTotal = sumOf(false);
  const cashTendered = sumOf(true);
  // Change is given in cash only: a card or gift card can never be charged more than is payable.
  if (nonCashTotal > payable)
    return err({ code: 'TENDER_OVERPAID_NON_CASH', details: { overpaidBy: nonCashTotal - payable } });
  const remaining = payable - nonCashTotal;
  const hasCash = tenders.some((t) => t.type === 'cash');
  // Only the cash-tendered part is rounded; a sale settled without cash stays exact.
  const cashDue = hasCash ? roundCash(remaining, rule) : remaining;
  if (cashTendered < cashDue)
    return err({ code: 'TENDER_INSUFFICIENT', details: { missing: cashDue - cashTendered } });
  const cashRounding = cashDue - remaining;
  return ok({
    payable,
    nonCashTotal,
    cashDue,
    cashRounding,
    amountDue: payable + cashRounding,
    cashTendered,
    change: cashTendered - cashDue,
    totalTendered: nonCashTotal + cashTendered,
  });
}

function mirrorSummary(s: TenderSummary): TenderSummary {
  return {
    payable: negate(s.payable),
    nonCashTotal: negate(s.nonCashTotal),
    cashDue: negate(s.cashDue),
    cashRounding: negate(s.cashRounding),
    amountDue: negate(s.amountDue),
    cashTendered: negate(s.cashTendered),
    change: negate(s.change),
    totalTendered: negate(s.totalTendered),
  };
}

/**
 * Settles a payable total: non-cash tenders exact, the cash part rounded by the rule, change in cash.
 * A negative payable (refund) is settled as the mirror image, with negative tenders and no change.
 */
export function calculateTenders(
  payable: number,
  tenders: readonly Tender[],
  cashRule: CashRoundingRule,
): Result<TenderSummary, TenderError> {
  assertSafeInteger(payable, 'payable');
  const refund = payable < 0;
  const mirrored = tenders.map((t) =>
    t.type === 'cash' ? { ...t, tendered: -t.tendered } : { ...t, amount: -t.amount },
  );
  const used = refund ? mirrored : tenders;
  const badIndex = used.findIndex((t) => !Number.isSafeInteger(tenderValue(t)) || tenderValue(t) < 0);
  if (badIndex >= 0) {
    const amount = tenderValue(tenders[badIndex] as Tender);
    return err({ code: 'TENDER_INVALID_AMOUNT', details: { index: badIndex, amount } });
  }
  const result = settle(refund ? -payable : payable, used, cashRule);
  if (!result.ok || !refund) return result;
  // Refunds are paid out exactly (cash due after the same rounding as the sale); no change flows back.
  if (result.value.change > 0)
    return err({ code: 'TENDER_REFUND_EXCEEDS_DUE', details: { excess: result.value.change } });
  return ok(mirrorSummary(result.value));
}
