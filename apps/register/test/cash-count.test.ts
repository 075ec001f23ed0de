import { describe, expect, it } from 'vitest';
import { parseAmount } from '../src/cash/money-input.ts';
import { countLines, countTotal } from '../src/cash/count.ts';

describe('parseAmount', () => {
  it('reads typed euros exactly, with a comma or a point, never through a float', () => {
    expect(parseAmount('12,50', 'EUR')).toBe(1250);
    expect(parseAmount('2.30', 'EUR')).toBe(230);
    expect(parseAmount('8,165', 'EUR')).toBeNull();
    expect(parseAmount(' 5 ', 'EUR')).toBe(500);
  });
  it('refuses what is not an amount of zero or more', () => {
    for (const text of ['', 'abc', '-5', '1,2,3']) expect(parseAmount(text, 'EUR')).toBeNull();
  });
});

describe('a count by denomination', () => {
  it('sends only the notes and coins counted, largest first, and adds them up in cents', () => {
    const counts = { 200: 5, 2000: 1, 1000: 2, 50: 0 };
    expect(countLines(counts)).toEqual([{ value: 2000, count: 1 }, { value: 1000, count: 2 }, { value: 200, count: 5 }]);
    expect(countTotal('EUR', counts)).toBe(5000);
  });
  it('adds nothing for a coin the currency does not have (the server refuses it too)', () => {
    expect(countTotal('EUR', { 300: 1 })).toBe(0);
  });
});
