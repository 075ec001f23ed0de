import { totalOfCount } from '@kassa/domain';
import type { CashCount } from '@kassa/contracts';
import type { Outcome } from '../../http/errors.ts';
import { fail } from './cash-command.ts';

/** A cash count as a total: added up from denominations (checked against the currency) or given as one amount. */
export function countTotal(currency: string, count: CashCount, field: string): Outcome<{ total: number; denominations: Array<{ value: number; count: number }> }> {
  if ((count.denominations === undefined) === (count.amount === undefined)) {
    return fail('CASH_INVALID_COUNT', `${field}: give either the count per note and coin (denominations) or one amount, not both and not neither.`, { field });
  }
  if (count.amount !== undefined) return { ok: true, value: { total: count.amount, denominations: [] } };
  const total = totalOfCount(currency, count.denominations!);
  if (!total.ok) {
    const { value } = total.error.details;
    const why = total.error.code === 'CASH_UNKNOWN_CURRENCY' ? `Kassa has no notes and coins for ${currency}: count one amount instead` : total.error.code === 'CASH_UNKNOWN_DENOMINATION' ? `${value} is not a note or coin of ${currency}` : `the count of ${value} is not a whole number of 0 or more`;
    return fail('CASH_INVALID_COUNT', `${field}: ${why}.`, { field, reason: total.error.code, ...total.error.details });
  }
  return { ok: true, value: { total: total.value, denominations: count.denominations!.filter((d) => d.count > 0) } };
}
