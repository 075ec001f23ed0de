import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMinor,
  addMoney,
  assertSafeInteger,
  compareMoney,
  currencyExponent,
  divideRounded,
  formatMinor,
  isKnownCurrency,
  money,
  multiplyMoney,
  multiplyRatio,
  negateMoney,
  parseDecimalToMinor,
  subtractMoney,
  sumMoney,
  toSafeNumber,
} from './money.ts';

const eur = (amount: number) => money(amount, 'EUR');

describe('currencyExponent', () => {
  it.each([
    ['EUR', 2],
    ['USD', 2],
    ['GBP', 2],
    ['SEK', 2],
    ['DKK', 2],
    ['NOK', 2],
    ['CHF', 2],
    ['JPY', 0],
    ['KWD', 3],
  ])('gives %s the ISO 4217 exponent %i', (code, exponent) => {
    expect(currencyExponent(code)).toBe(exponent);
    expect(isKnownCurrency(code)).toBe(true);
  });

  it('throws for an unknown currency code (configuration bug)', () => {
    expect(isKnownCurrency('XYZ')).toBe(false);
    expect(isKnownCurrency('toString')).toBe(false);
    expect(() => currencyExponent('XYZ')).toThrow(RangeError);
  });
});

describe('safe integer guard', () => {
  it.each([0.5, Number.NaN, Infinity, 2 ** 53, -(2 ** 53)])('rejects %d as an amount', (value) => {
    expect(() => money(value, 'EUR')).toThrow(RangeError);
    expect(() => assertSafeInteger(value)).toThrow(RangeError);
  });

  it('converts BigInt results back only while they are safe', () => {
    expect(toSafeNumber(9007199254740991n)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => toSafeNumber(9007199254740992n)).toThrow(RangeError);
    expect(() => toSafeNumber(-9007199254740992n)).toThrow(RangeError);
  });

  it('refuses a sum that leaves the safe range', () => {
    expect(() => addMinor(Number.MAX_SAFE_INTEGER, 1)).toThrow(RangeError);
  });
});

describe('money arithmetic', () => {
  it('adds, subtracts, multiplies by a quantity and sums in one currency', () => {
    expect(addMoney(eur(230), eur(816))).toEqual(eur(1046));
    expect(subtractMoney(eur(230), eur(816))).toEqual(eur(-586));
    expect(multiplyMoney(eur(199), 3)).toEqual(eur(597));
    expect(multiplyMoney(eur(199), -2)).toEqual(eur(-398));
    expect(sumMoney('EUR', [eur(1), eur(2), eur(3)])).toEqual(eur(6));
    expect(sumMoney('EUR', [])).toEqual(eur(0));
  });

  it('refuses to mix currencies (a bug: amounts are converted before they meet)', () => {
    expect(() => addMoney(eur(1), money(1, 'USD'))).toThrow(RangeError);
    expect(() => compareMoney(eur(1), money(1, 'USD'))).toThrow(RangeError);
  });

  it('negates without producing -0', () => {
    expect(negateMoney(eur(5))).toEqual(eur(-5));
    expect(Object.is(negateMoney(eur(0)).amount, 0)).toBe(true);
  });

  it('compares amounts', () => {
    expect(compareMoney(eur(1), eur(2))).toBe(-1);
    expect(compareMoney(eur(2), eur(2))).toBe(0);
    expect(compareMoney(eur(3), eur(2))).toBe(1);
  });

  it('refuses a product beyond the safe range', () => {
    expect(() => multiplyMoney(eur(2 ** 52), 4)).toThrow(RangeError);
    expect(() => multiplyMoney(eur(1), 0.5)).toThrow(RangeError);
  });
});

describe('parseDecimalToMinor', () => {
  it('avoids the float traps 2.3 × 100 and 8.165 × 100', () => {
    // Given the floats a naive implementation would compute
    expect(2.3 * 100).not.toBe(230);
    expect(Math.round(8.165 * 100)).toBe(816);
    // When the same text is parsed digit by digit, then the amounts are exact
    expect(parseDecimalToMinor('2.3', 2)).toEqual({ ok: true, value: 230 });
    expect(parseDecimalToMinor('2.30', 2)).toEqual({ ok: true, value: 230 });
    expect(parseDecimalToMinor('8.165', 2, { excessDecimals: 'roundHalfUp' })).toEqual({
      ok: true,
      value: 817,
    });
    expect(parseDecimalToMinor('8,165', 2, { decimalSeparator: ',', excessDecimals: 'roundHalfUp' })).toEqual(
      {
        ok: true,
        value: 817,
      },
    );
  });

  it('refuses more decimals than the currency has unless rounding is asked for', () => {
    const result = parseDecimalToMinor('8,165', 2, { decimalSeparator: ',' });
    expect(result).toEqual({
      ok: false,
      error: { code: 'MONEY_TOO_MANY_DECIMALS', details: { text: '8,165', exponent: 2 } },
    });
  });

  it.each([
    ['12.34', 2, 1234],
    ['  12.34 ', 2, 1234],
    ['+5', 2, 500],
    ['-5.5', 2, -550],
    ['0.05', 2, 5],
    ['1234', 0, 1234],
    ['1.234', 3, 1234],
    ['007.10', 2, 710],
    ['-0.00', 2, 0],
  ])('parses "%s" with exponent %i to %i', (text, exponent, expected) => {
    const result = parseDecimalToMinor(text, exponent);
    expect(result).toEqual({ ok: true, value: expected });
    if (result.ok) expect(Object.is(result.value, -0)).toBe(false);
  });

  it.each([
    ['8.164', 816],
    ['8.1649', 816],
    ['8.165', 817],
    ['-8.165', -817],
    ['-8.164', -816],
    ['0.005', 1],
  ])('rounds "%s" half-up (away from zero) to %i when asked', (text, expected) => {
    expect(parseDecimalToMinor(text, 2, { excessDecimals: 'roundHalfUp' })).toEqual({
      ok: true,
      value: expected,
    });
  });

  it.each(['', 'abc', '1.', '.5', '1.2.3', '1 000', '1,234.56', '2,30', '--1', '1e3', '٣'])(
    'refuses "%s" as malformed with the "." separator',
    (text) => {
      const result = parseDecimalToMinor(text, 2);
      expect(result.ok ? 'ok' : result.error.code).toBe('MONEY_INVALID_FORMAT');
    },
  );

  it('refuses a "." when the store types ","', () => {
    const result = parseDecimalToMinor('2.30', 2, { decimalSeparator: ',' });
    expect(result.ok ? 'ok' : result.error.code).toBe('MONEY_INVALID_FORMAT');
    expect(parseDecimalToMinor('2,30', 2, { decimalSeparator: ',' })).toEqual({ ok: true, value: 230 });
  });

  it('refuses amounts beyond the safe integer range', () => {
    const result = parseDecimalToMinor('90071992547409.92', 2);
    expect(result.ok ? 'ok' : result.error.code).toBe('MONEY_OUT_OF_RANGE');
    expect(parseDecimalToMinor('90071992547409.91', 2)).toEqual({ ok: true, value: Number.MAX_SAFE_INTEGER });
  });

  it('throws for an impossible exponent (programmer bug)', () => {
    expect(() => parseDecimalToMinor('1', -1)).toThrow(RangeError);
    expect(() => parseDecimalToMinor('1', 1.5)).toThrow(RangeError);
  });

  it('round-trips with formatMinor for every safe amount', () => {
    fc.assert(
      fc.property(
        fc.maxSafeInteger(),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom('.', ','),
        (amount, exponent, sep) => {
          const text = formatMinor(amount, exponent, sep as '.' | ',');
          expect(parseDecimalToMinor(text, exponent, { decimalSeparator: sep as '.' | ',' })).toEqual({
            ok: true,
            value: amount,
          });
        },
      ),
    );
  });
});

describe('formatMinor', () => {
  it.each([
    [1234, 2, '12.34'],
    [5, 2, '0.05'],
    [-5, 2, '-0.05'],
    [0, 2, '0.00'],
    [-1234, 2, '-12.34'],
    [1234, 0, '1234'],
    [1, 3, '0.001'],
  ])('formats %i with exponent %i as "%s"', (amount, exponent, expected) => {
    expect(formatMinor(amount, exponent)).toBe(expected);
  });

  it('uses the decimal comma when asked', () => {
    expect(formatMinor(1210, 2, ',')).toBe('12,10');
  });
});

describe('multiplyRatio', () => {
  it.each([
    [5, 1, 2, 3, 2],
    [-5, 1, 2, -3, -2],
    [7, 1, 2, 4, 4],
    [-7, 1, 2, -4, -4],
    [10, 1, 3, 3, 3],
    [20, 1, 3, 7, 7],
    [1210, 2100, 12100, 210, 210],
    [15, 1, -2, -8, -8],
  ])('%i × %i / %i rounds half-up to %i and half-even to %i', (amount, num, den, halfUp, halfEven) => {
    expect(multiplyRatio(amount, num, den, 'halfUp')).toBe(halfUp);
    expect(multiplyRatio(amount, num, den, 'halfEven')).toBe(halfEven);
  });

  it('defaults to half-up', () => {
    expect(multiplyRatio(5, 1, 2)).toBe(3);
  });

  it('is exact where the product exceeds 2^53', () => {
    expect(multiplyRatio(9_007_199_254_740_991, 10_000, 10_000)).toBe(9_007_199_254_740_991);
    expect(multiplyRatio(9_007_199_254_740_991, 3, 9)).toBe(3_002_399_751_580_330);
  });

  it('throws on a zero denominator, unsafe inputs or an unsafe result', () => {
    expect(() => multiplyRatio(1, 1, 0)).toThrow(RangeError);
    expect(() => multiplyRatio(1.5, 1, 1)).toThrow(RangeError);
    expect(() => multiplyRatio(2 ** 52, 4, 1)).toThrow(RangeError);
  });

  it('is symmetric around zero and matches a rational reference', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 1, max: 1e6 }),
        fc.constantFrom('halfUp' as const, 'halfEven' as const),
        (amount, num, den, mode) => {
          const value = multiplyRatio(amount, num, den, mode);
          expect(multiplyRatio(-amount, num, den, mode)).toBe(value === 0 ? 0 : -value);
          // |exact − value| ≤ 1/2, checked as |amount·num·2 − value·den·2| ≤ den
          const diff = 2n * BigInt(amount) * BigInt(num) - 2n * BigInt(value) * BigInt(den);
          expect(diff <= BigInt(den) && diff >= -BigInt(den)).toBe(true);
        },
      ),
    );
  });

  it('divideRounded normalises a negative denominator', () => {
    expect(divideRounded(-7n, -2n, 'halfEven')).toBe(4n);
    expect(divideRounded(0n, -3n, 'halfUp')).toBe(0n);
  });
});
