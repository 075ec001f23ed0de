import { describe, expect, it } from 'vitest';
import { summarizeTaxes, taxFromGross, taxFromNet } from './tax.ts';
import type { Tax } from './tax.ts';

const high: Tax = { code: 'NL-HIGH', rateBp: 2100, name: 'BTW hoog' };
const low: Tax = { code: 'NL-LOW', rateBp: 900, name: 'BTW laag' };
const zero: Tax = { code: 'NL-ZERO', rateBp: 0 };
const state: Tax = { code: 'US-STATE', rateBp: 625 };
const city: Tax = { code: 'US-CITY', rateBp: 225 };

const inclusive = { pricesIncludeTax: true } as const;
const exclusive = { pricesIncludeTax: false } as const;

describe('taxFromGross / taxFromNet', () => {
  it.each([
    [1210, 2100, 210],
    [1090, 900, 90],
    [1000, 0, 0],
    [10, 2100, 2],
    [-1210, 2100, -210],
  ])('VAT in %i incl. %i bp is %i', (gross, rate, tax) => {
    expect(taxFromGross(gross, rate)).toBe(tax);
  });

  it.each([
    [1000, 2100, 210],
    [1999, 625, 125],
    [1999, 225, 45],
    [5, 900, 0],
  ])('tax on %i excl. at %i bp is %i', (net, rate, tax) => {
    expect(taxFromNet(net, rate)).toBe(tax);
  });
});

describe('summarizeTaxes', () => {
  it('splits €12.10 incl. 21 % and €10.90 incl. 9 % into 10.00 net each', () => {
    const summary = summarizeTaxes(
      [
        { amount: 1210, taxes: [high] },
        { amount: 1090, taxes: [low] },
      ],
      inclusive,
    );
    expect(summary.breakdown).toEqual([
      { code: 'NL-HIGH', rateBp: 2100, name: 'BTW hoog', base: 1000, tax: 210, gross: 1210 },
      { code: 'NL-LOW', rateBp: 900, name: 'BTW laag', base: 1000, tax: 90, gross: 1090 },
    ]);
    expect(summary.lines.map((l) => [l.net, l.tax, l.gross])).toEqual([
      [1000, 210, 1210],
      [1000, 90, 1090],
    ]);
    expect([summary.netTotal, summary.taxTotal, summary.grossTotal]).toEqual([2000, 300, 2300]);
  });

  it('shows the one-cent drift between per-line and per-document rounding (inclusive)', () => {
    // Given three €0.10 lines at 21 %: each line holds 0.0173… of VAT
    const lines = [10, 10, 10].map((amount) => ({ amount, taxes: [high] }));
    // When rounded per line: 0.02 × 3 = 0.06; per document: 0.30 × 21/121 = 0.052 → 0.05
    const perLine = summarizeTaxes(lines, { ...inclusive, rounding: 'perLine' });
    const perDocument = summarizeTaxes(lines, { ...inclusive, rounding: 'perDocument' });
    expect(perLine.taxTotal).toBe(6);
    expect(perDocument.taxTotal).toBe(5);
    // Then the document tax is allocated back to the lines by largest remainder, ties to the earlier line
    expect(perDocument.lines.map((l) => l.tax)).toEqual([2, 2, 1]);
    expect(perLine.lines.map((l) => l.tax)).toEqual([2, 2, 2]);
  });

  it('shows the drift for tax-exclusive prices too', () => {
    // Three lines of net 0.05 at 9 %: per line 0.0045 → 0.00 each; per document 0.0135 → 0.01
    const lines = [5, 5, 5].map((amount) => ({ amount, taxes: [low] }));
    expect(summarizeTaxes(lines, { ...exclusive, rounding: 'perLine' }).taxTotal).toBe(0);
    const perDocument = summarizeTaxes(lines, exclusive);
    expect(perDocument.taxTotal).toBe(1);
    expect(perDocument.lines.map((l) => [l.net, l.tax, l.gross])).toEqual([
      [5, 1, 6],
      [5, 0, 5],
      [5, 0, 5],
    ]);
  });

  it('computes two exclusive taxes each on the net base, never compounding (US state + city)', () => {
    const summary = summarizeTaxes([{ amount: 1999, taxes: [state, city] }], exclusive);
    expect(summary.lines[0]?.taxes).toEqual([
      { code: 'US-STATE', rateBp: 625, amount: 125 },
      { code: 'US-CITY', rateBp: 225, amount: 45 },
    ]);
    expect(summary.breakdown).toEqual([
      { code: 'US-STATE', rateBp: 625, base: 1999, tax: 125, gross: 2124 },
      { code: 'US-CITY', rateBp: 225, base: 1999, tax: 45, gross: 2044 },
    ]);
    expect(summary.grossTotal).toBe(2169);
  });

  it('rounds each exclusive tax once over every line carrying it, whatever the other taxes', () => {
    // state on 0.10 + 0.10 = 0.20 → 0.0125 → 0.01; city only on the second line → 0.00225 → 0.00
    const summary = summarizeTaxes(
      [
        { amount: 10, taxes: [state] },
        { amount: 10, taxes: [state, city] },
      ],
      exclusive,
    );
    expect(summary.breakdown.map((b) => [b.code, b.base, b.tax])).toEqual([
      ['US-STATE', 20, 1],
      ['US-CITY', 10, 0],
    ]);
  });

  it('splits an inclusive price over several taxes by the combined rate, then by largest remainder', () => {
    const a: Tax = { code: 'A', rateBp: 1000 };
    const b: Tax = { code: 'B', rateBp: 500 };
    // 10.00 × 1500 / 11500 = 1.3043 → 1.30, split 2 : 1 → 0.8667 / 0.4333 → 0.87 / 0.43
    for (const rounding of ['perLine', 'perDocument'] as const) {
      const summary = summarizeTaxes([{ amount: 1000, taxes: [a, b] }], { ...inclusive, rounding });
      expect(summary.lines[0]).toEqual({
        net: 870,
        tax: 130,
        gross: 1000,
        taxes: [
          { code: 'A', rateBp: 1000, amount: 87 },
          { code: 'B', rateBp: 500, amount: 43 },
        ],
      });
    }
  });

  it('groups inclusive lines by their set of taxes regardless of order', () => {
    const a: Tax = { code: 'A', rateBp: 1000 };
    const b: Tax = { code: 'B', rateBp: 500 };
    const summary = summarizeTaxes(
      [
        { amount: 1000, taxes: [a, b] },
        { amount: 1000, taxes: [b, a] },
        { amount: 1100, taxes: [a] },
      ],
      inclusive,
    );
    // Set {A, B}: 20.00 → 2.61 → A 1.74, B 0.87; set {A}: 11.00 → 1.00
    expect(summary.breakdown.map((row) => [row.code, row.tax])).toEqual([
      ['A', 274],
      ['B', 87],
    ]);
    expect(summary.taxTotal).toBe(361);
  });

  it('lists 0 % lines in the breakdown and leaves untaxed lines out', () => {
    const summary = summarizeTaxes(
      [
        { amount: 500, taxes: [zero] },
        { amount: 700, taxes: [] },
        { amount: 1090, taxes: [low] },
      ],
      inclusive,
    );
    expect(summary.breakdown).toEqual([
      { code: 'NL-LOW', rateBp: 900, name: 'BTW laag', base: 1000, tax: 90, gross: 1090 },
      { code: 'NL-ZERO', rateBp: 0, base: 500, tax: 0, gross: 500 },
    ]);
    expect(summary.lines[1]).toEqual({ net: 700, tax: 0, gross: 700, taxes: [] });
  });

  it('sorts the breakdown by rate descending, then by code', () => {
    const other: Tax = { code: 'BE-HIGH', rateBp: 2100 };
    const summary = summarizeTaxes(
      [
        { amount: 100, taxes: [zero] },
        { amount: 100, taxes: [high] },
        { amount: 100, taxes: [low] },
        { amount: 100, taxes: [other] },
      ],
      inclusive,
    );
    expect(summary.breakdown.map((row) => row.code)).toEqual(['BE-HIGH', 'NL-HIGH', 'NL-LOW', 'NL-ZERO']);
  });

  it('keeps each line of an exchange near its own tax (a sale and a return at one rate)', () => {
    const summary = summarizeTaxes(
      [
        { amount: 1210, taxes: [high] },
        { amount: -605, taxes: [high] },
      ],
      inclusive,
    );
    expect(summary.lines.map((l) => l.tax)).toEqual([210, -105]);
    expect(summary.breakdown[0]).toMatchObject({ base: 500, tax: 105, gross: 605 });
  });

  it('throws on a tax code twice on a line or a negative rate (validated input never does this)', () => {
    expect(() => summarizeTaxes([{ amount: 1, taxes: [high, high] }], inclusive)).toThrow(RangeError);
    expect(() => summarizeTaxes([{ amount: 1, taxes: [{ code: 'X', rateBp: -1 }] }], inclusive)).toThrow(
      RangeError,
    );
  });
});
