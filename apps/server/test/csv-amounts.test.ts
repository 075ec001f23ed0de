import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCsvAmount, parseCsvAmount } from '../src/modules/catalog/csv/csv-amounts.ts';

describe('parseCsvAmount', () => {
  it.each([
    ['12,95', 1295],
    ['12.95', 1295],
    ['2,30', 230],
    ['2.3', 230],
    ['0,1', 10],
    ['12', 1200],
    ['€ 12,95', 1295],
    ['€12,95', 1295],
    [' 7,50 ', 750],
    ['0', 0],
  ])('reads %s as %i cents, exactly', (text, cents) => {
    expect(parseCsvAmount(text)).toEqual({ ok: true, value: cents });
  });

  it('refuses 8,165: three decimals are not cents (no float rounding to 816 or 817)', () => {
    expect(parseCsvAmount('8,165')).toEqual({
      ok: false,
      reason: expect.stringContaining('too many decimals'),
    });
  });

  it.each(['12,9x', 'abc', '12,,5', '1 2', '-', ''])('refuses "%s" as not an amount', (text) => {
    expect(parseCsvAmount(text)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not an amount'),
    });
  });

  it('refuses thousands separators instead of guessing', () => {
    expect(parseCsvAmount('1.234,56')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('thousands separator'),
    });
    expect(parseCsvAmount('1,234.56')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('thousands separator'),
    });
  });

  it('refuses negative prices', () => {
    expect(parseCsvAmount('-1,00')).toMatchObject({ ok: false, reason: expect.stringContaining('negative') });
  });

  it('round-trips every cent amount through both decimal separators', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.constantFrom('.' as const, ',' as const),
        (cents, separator) => {
          expect(parseCsvAmount(formatCsvAmount(cents, separator))).toEqual({ ok: true, value: cents });
        },
      ),
    );
  });
});
