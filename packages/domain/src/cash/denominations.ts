import { addMinor, assertSafeInteger, multiplyMoney } from '../money.ts';
import { err, ok } from '../result.ts';
import type { Result } from '../result.ts';

/** Notes and coins of a currency in minor units, largest first. */
export const DENOMINATIONS: Readonly<Record<string, readonly number[]>> = {
  // EUR: 500 and 200 notes are still legal tender but rare in a till; 1 and 2 cent coins are counted
  // even where cash rounding removed them from change (NL), because customers still hand them over.
  EUR: [50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
  USD: [10000, 5000, 2000, 1000, 500, 200, 100, 25, 10, 5, 1],
  GBP: [5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
  CHF: [100000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5],
  SEK: [100000, 50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100],
  DKK: [100000, 50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50],
  NOK: [100000, 50000, 20000, 10000, 5000, 2000, 1000, 500, 100],
};

/** One line of a count: how many of one note or coin. */
export interface DenominationCount {
  readonly value: number;
  readonly count: number;
}

/** Why a count was refused. */
export interface CountError {
  readonly code: 'CASH_UNKNOWN_DENOMINATION' | 'CASH_INVALID_COUNT' | 'CASH_UNKNOWN_CURRENCY';
  readonly details: { readonly value?: number; readonly count?: number; readonly currency: string };
}

/** The notes and coins of a currency, or undefined when Kassa has no table for it (count a total instead). */
export function denominationsOf(currency: string): readonly number[] | undefined {
  return DENOMINATIONS[currency];
}

/** Adds up a count by denomination: Σ value × count, refusing notes or coins the currency does not have. */
export function totalOfCount(currency: string, counts: readonly DenominationCount[]): Result<number, CountError> {
  const known = DENOMINATIONS[currency];
  if (!known) return err({ code: 'CASH_UNKNOWN_CURRENCY', details: { currency } });
  let total = 0;
  for (const line of counts) {
    if (!known.includes(line.value)) return err({ code: 'CASH_UNKNOWN_DENOMINATION', details: { value: line.value, currency } });
    if (!Number.isSafeInteger(line.count) || line.count < 0) {
      return err({ code: 'CASH_INVALID_COUNT', details: { value: line.value, count: line.count, currency } });
    }
    total = addMinor(total, multiplyMoney({ amount: assertSafeInteger(line.value), currency }, line.count).amount);
  }
  return ok(total);
}
