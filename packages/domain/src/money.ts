import { err, ok } from './result.ts';
import type { Result } from './result.ts';

/** An amount of money: integer minor units (cents, öre, yen) of an ISO 4217 currency. */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

/** Rounding of an exact quotient: half-up rounds ties away from zero, half-even to the even neighbour. */
export type RoundingMode = 'halfUp' | 'halfEven';

/** Options of {@link parseDecimalToMinor}. */
export interface ParseDecimalOptions {
  /** '.' (default) or ',' as written on Dutch, German and Nordic keyboards. */
  readonly decimalSeparator?: '.' | ',';
  /** What to do with more fraction digits than the currency has: refuse (default) or round half-up. */
  readonly excessDecimals?: 'reject' | 'roundHalfUp';
}

/** Why a typed amount was refused. */
export interface MoneyParseError {
  readonly code: 'MONEY_INVALID_FORMAT' | 'MONEY_TOO_MANY_DECIMALS' | 'MONEY_OUT_OF_RANGE';
  readonly details: { readonly text: string; readonly exponent: number };
}

// ISO 4217 minor-unit exponents of the currencies a European/US retailer meets. The exponent is the
// currency's accounting precision; cash rounding (e.g. CHF 0.05) is a separate rule (cash-rounding.ts).
const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = {
  EUR: 2,
  USD: 2,
  GBP: 2,
  CHF: 2,
  SEK: 2,
  DKK: 2,
  NOK: 2,
  PLN: 2,
  CZK: 2,
  HUF: 2,
  RON: 2,
  BGN: 2,
  TRY: 2,
  CAD: 2,
  AUD: 2,
  NZD: 2,
  CNY: 2,
  HKD: 2,
  SGD: 2,
  INR: 2,
  BRL: 2,
  MXN: 2,
  ZAR: 2,
  AED: 2,
  ISK: 0,
  JPY: 0,
  KRW: 0,
  CLP: 0,
  VND: 0,
  XOF: 0,
  XAF: 0,
  KWD: 3,
  BHD: 3,
  OMR: 3,
  JOD: 3,
  TND: 3,
  LYD: 3,
  IQD: 3,
};

/** True when the ISO 4217 code is in the exponent table. */
export function isKnownCurrency(code: string): boolean {
  return Object.hasOwn(CURRENCY_EXPONENTS, code);
}

/** Number of minor-unit digits of an ISO 4217 currency (EUR 2, JPY 0, KWD 3); throws for an unknown code. */
export function currencyExponent(code: string): number {
  const exponent = CURRENCY_EXPONENTS[code];
  if (exponent === undefined) throw new RangeError(`Unknown currency ${code}`);
  return exponent;
}

/** Throws RangeError unless the value is a safe integer (money never holds fractions of a minor unit). */
export function assertSafeInteger(value: number, label = 'amount'): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${label} must be a safe integer, got ${value}`);
  return value;
}

/** Converts an exact BigInt result back to a number, throwing RangeError when it left the safe range. */
export function toSafeNumber(value: bigint, label = 'amount'): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${label} ${value} exceeds the safe integer range`);
  }
  return Number(value);
}

/** Builds a Money value after checking the amount is a safe integer. */
export function money(amount: number, currency: string): Money {
  return { amount: assertSafeInteger(amount), currency };
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new RangeError(`Currency mismatch: ${a.currency} vs ${b.currency}`);
}

/** Sum of two integers, guarded against leaving the safe integer range. */
export function addMinor(a: number, b: number): number {
  return assertSafeInteger(assertSafeInteger(a) + assertSafeInteger(b), 'sum');
}

/** a + b in the same currency. */
export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(addMinor(a.amount, b.amount), a.currency);
}

/** a − b in the same currency. */
export function subtractMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(addMinor(a.amount, -b.amount), a.currency);
}

/** Money times an integer factor (a quantity), exact. */
export function multiplyMoney(m: Money, factor: number): Money {
  assertSafeInteger(factor, 'factor');
  return money(toSafeNumber(BigInt(m.amount) * BigInt(factor)), m.currency);
}

/** Sum of amounts in one currency; the empty sum is zero. */
export function sumMoney(currency: string, items: readonly Money[]): Money {
  return items.reduce((total, item) => addMoney(total, item), money(0, currency));
}

/** The opposite amount (a refund of the same value); never yields -0. */
export function negateMoney(m: Money): Money {
  return money(m.amount === 0 ? 0 : -m.amount, m.currency);
}

/** -1, 0 or 1 as a is less than, equal to or greater than b (same currency). */
export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  assertSameCurrency(a, b);
  return a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0;
}

/** numerator / denominator rounded to an integer with the given mode, symmetric around zero. */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator === 0n) throw new RangeError('Division by zero');
  const sign = numerator < 0n !== denominator < 0n ? -1n : 1n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let quotient = n / d;
  const twiceRemainder = 2n * (n % d);
  const roundUp = twiceRemainder > d || (twiceRemainder === d && (mode === 'halfUp' || quotient % 2n === 1n));
  if (roundUp) quotient += 1n;
  return quotient === 0n ? 0n : sign * quotient;
}

/** amount × numerator / denominator, exact in BigInt, rounded once with the given mode. */
export function multiplyRatio(
  amount: number,
  numerator: number,
  denominator: number,
  rounding: RoundingMode = 'halfUp',
): number {
  assertSafeInteger(amount);
  assertSafeInteger(numerator, 'numerator');
  assertSafeInteger(denominator, 'denominator');
  const product = BigInt(amount) * BigInt(numerator);
  return toSafeNumber(divideRounded(product, BigInt(denominator), rounding));
}

function assertExponent(exponent: number): void {
  if (!Number.isInteger(exponent) || exponent < 0 || exponent > 6) {
    throw new RangeError(`Currency exponent must be an integer 0..6, got ${exponent}`);
  }
}

/**
 * Parses typed decimal text to minor units using string digits only: "2.30" → 230 and "8.165"
 * never pass through 2.3 × 100 = 229.99999999999997 or 8.165 × 100 = 816.4999999999999.
 */
export function parseDecimalToMinor(
  text: string,
  exponent: number,
  options: ParseDecimalOptions = {},
): Result<number, MoneyParseError> {
  assertExponent(exponent);
  const separator = options.decimalSeparator ?? '.';
  const fail = (code: MoneyParseError['code']) => err({ code, details: { text, exponent } });
  const match = /^([+-]?)(\d+)(?:[.,](\d+))?$/.exec(text.trim());
  const usedSeparator = text
    .trim()
    .replace(/^[+-]?\d+/, '')
    .charAt(0);
  if (!match || (usedSeparator !== '' && usedSeparator !== separator)) return fail('MONEY_INVALID_FORMAT');
  const [, sign = '', whole = '', fraction = ''] = match;
  if (fraction.length > exponent && options.excessDecimals !== 'roundHalfUp') {
    return fail('MONEY_TOO_MANY_DECIMALS');
  }
  // Rounding of excess digits is half-up on the magnitude, i.e. away from zero for negative amounts.
  const roundUp = fraction.length > exponent && fraction.charAt(exponent) >= '5';
  const digits = whole + fraction.slice(0, exponent).padEnd(exponent, '0');
  const magnitude = BigInt(digits) + (roundUp ? 1n : 0n);
  const value = sign === '-' ? -magnitude : magnitude;
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    return fail('MONEY_OUT_OF_RANGE');
  }
  return ok(value === 0n ? 0 : Number(value));
}

/** Formats minor units as plain decimal text: (1234, 2) → "12.34", (-5, 2) → "-0.05", (1234, 0) → "1234". */
export function formatMinor(amount: number, exponent: number, decimalSeparator: '.' | ',' = '.'): string {
  assertSafeInteger(amount);
  assertExponent(exponent);
  const digits = Math.abs(amount)
    .toString()
    .padStart(exponent + 1, '0');
  const sign = amount < 0 ? '-' : '';
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}${decimalSeparator}${digits.slice(-exponent)}`;
}
