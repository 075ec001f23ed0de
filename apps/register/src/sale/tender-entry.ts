import type { CashRoundingRule } from '@kassa/domain';
import { cardDue, cashStillDue } from './payment-state.ts';
import type { PaidTender } from './sale-document.ts';

/**
 * The most change a typed cash amount may leave (minor units): less than a €500 note. More than
 * that is a slip of the finger (an extra 0), not money on the counter.
 */
export const MAX_CHANGE = 50_000;

/** What is already paid on the sale, as the pay panel knows it. */
export interface PaidSoFar {
  total: number;
  tenders: readonly PaidTender[];
  rule: CashRoundingRule;
}

export type CashEntryProblem = 'empty' | 'zero' | 'step' | 'tooMuch';

/**
 * A typed cash amount, checked: `change` when it covers what is due in cash (the sale then
 * settles), or `rest` (the exact amount still to pay by card or another tender) when it is part.
 */
export type CashEntry =
  | { ok: true; tender: { type: 'cash'; tendered: number }; change: number; rest: number }
  | { ok: false; problem: CashEntryProblem; limit: number };

/**
 * Checks the cash the customer hands over. Cash comes in the rounding rule's steps (5 cents in the
 * Netherlands): a partial cash amount off the step would leave a cash part the domain rounds up
 * above what was handed over, a rest no card could ever settle, so every typed amount is on it.
 */
export function checkCashEntry(amount: number | null, paid: PaidSoFar): CashEntry {
  const due = cashStillDue(paid.total, paid.tenders, paid.rule);
  if (amount === null) return { ok: false, problem: 'empty', limit: due };
  if (amount <= 0) return { ok: false, problem: 'zero', limit: due };
  if (amount % paid.rule.increment !== 0) return { ok: false, problem: 'step', limit: paid.rule.increment };
  if (amount - due > MAX_CHANGE) return { ok: false, problem: 'tooMuch', limit: due + MAX_CHANGE };
  const tender = { type: 'cash' as const, tendered: amount };
  if (amount >= due) return { ok: true, tender, change: amount - due, rest: 0 };
  return { ok: true, tender, change: 0, rest: cardDue(paid.total, [...paid.tenders, tender]) };
}

export type NonCashEntryProblem = 'empty' | 'zero' | 'overRest';

export type NonCashEntry = { ok: true; amount: number; rest: number } | { ok: false; problem: NonCashEntryProblem; limit: number };

/**
 * A typed amount for a non-cash tender (a voucher, "op rekening"): part of the rest or all of it,
 * never more: change is given in cash only, so the domain refuses a non-cash overpayment.
 */
export function checkNonCashEntry(amount: number | null, paid: Omit<PaidSoFar, 'rule'>): NonCashEntry {
  const rest = cardDue(paid.total, paid.tenders);
  if (amount === null) return { ok: false, problem: 'empty', limit: rest };
  if (amount <= 0) return { ok: false, problem: 'zero', limit: rest };
  if (amount > rest) return { ok: false, problem: 'overRest', limit: rest };
  return { ok: true, amount, rest: rest - amount };
}
