import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarizeTaxes } from './tax.ts';
import type { Tax, TaxableLine } from './tax.ts';

const high: Tax = { code: 'NL-HIGH', rateBp: 2100, name: 'BTW hoog' };
const low: Tax = { code: 'NL-LOW', rateBp: 900, name: 'BTW laag' };
const zero: Tax = { code: 'NL-ZERO', rateBp: 0 };

// ---- Property tests against an independent reference written in rational BigInt arithmetic ----

const RATES: readonly Tax[] = [
  high,
  low,
  zero,
  { code: 'DE', rateBp: 1900 },
  { code: 'DE-LOW', rateBp: 700 },
];

const linesArb = fc.array(
  fc.record({ amount: fc.integer({ min: -1_000_000, max: 1_000_000 }), rate: fc.constantFrom(...RATES) }),
  { minLength: 1, maxLength: 25 },
);

/** Nearest integer to n / d, ties away from zero: floor((2|n| + d) / 2d) with the sign of n. */
function referenceRound(n: bigint, d: bigint): bigint {
  const abs = n < 0n ? -n : n;
  const q = (2n * abs + d) / (2n * d);
  return n < 0n ? -q : q;
}

describe('summarizeTaxes properties', () => {
  it('per document: the tax per rate is the tax of the summed amounts, rounded once', () => {
    fc.assert(
      fc.property(linesArb, fc.boolean(), (raw, pricesIncludeTax) => {
        const lines: TaxableLine[] = raw.map((l) => ({ amount: l.amount, taxes: [l.rate] }));
        const summary = summarizeTaxes(lines, { pricesIncludeTax, rounding: 'perDocument' });
        for (const row of summary.breakdown) {
          const sum = raw.filter((l) => l.rate.code === row.code).reduce((s, l) => s + BigInt(l.amount), 0n);
          const r = BigInt(row.rateBp);
          const expected = pricesIncludeTax
            ? referenceRound(sum * r, 10_000n + r)
            : referenceRound(sum * r, 10_000n);
          expect(BigInt(row.tax)).toBe(expected);
        }
      }),
    );
  });

  it('per line: the tax per rate is the sum of each line rounded on its own', () => {
    fc.assert(
      fc.property(linesArb, fc.boolean(), (raw, pricesIncludeTax) => {
        const lines: TaxableLine[] = raw.map((l) => ({ amount: l.amount, taxes: [l.rate] }));
        const summary = summarizeTaxes(lines, { pricesIncludeTax, rounding: 'perLine' });
        for (const row of summary.breakdown) {
          const r = BigInt(row.rateBp);
          const expected = raw
            .filter((l) => l.rate.code === row.code)
            .reduce(
              (s, l) => s + referenceRound(BigInt(l.amount) * r, pricesIncludeTax ? 10_000n + r : 10_000n),
              0n,
            );
          expect(BigInt(row.tax)).toBe(expected);
        }
      }),
    );
  });

  it('line taxes add up to the breakdown, and net + tax = gross everywhere', () => {
    fc.assert(
      fc.property(
        linesArb,
        fc.boolean(),
        fc.constantFrom('perLine' as const, 'perDocument' as const),
        (raw, incl, rounding) => {
          const lines: TaxableLine[] = raw.map((l) => ({ amount: l.amount, taxes: [l.rate] }));
          const summary = summarizeTaxes(lines, { pricesIncludeTax: incl, rounding });
          for (const row of summary.breakdown) {
            const lineTaxes = summary.lines
              .filter((_, i) => raw[i]?.rate.code === row.code)
              .map((l) => l.tax);
            expect(lineTaxes.reduce((a, b) => a + b, 0)).toBe(row.tax);
            expect(row.base + row.tax).toBe(row.gross);
          }
          expect(summary.breakdown.reduce((s, row) => s + row.tax, 0)).toBe(summary.taxTotal);
          summary.lines.forEach((l, i) => {
            expect(l.net + l.tax).toBe(l.gross);
            expect(incl ? l.gross : l.net).toBe(raw[i]?.amount);
          });
          expect(summary.netTotal + summary.taxTotal).toBe(summary.grossTotal);
        },
      ),
    );
  });

  it('per document: every line tax is within one cent of its exact tax', () => {
    fc.assert(
      fc.property(linesArb, fc.boolean(), (raw, pricesIncludeTax) => {
        const lines: TaxableLine[] = raw.map((l) => ({ amount: l.amount, taxes: [l.rate] }));
        const summary = summarizeTaxes(lines, { pricesIncludeTax, rounding: 'perDocument' });
        summary.lines.forEach((line, i) => {
          const r = BigInt(raw[i]?.rate.rateBp ?? 0);
          const d = pricesIncludeTax ? 10_000n + r : 10_000n;
          const diff = BigInt(line.tax) * d - BigInt(raw[i]?.amount ?? 0) * r;
          expect(diff < d && diff > -d).toBe(true);
        });
      }),
    );
  });

  it('a refund document is the exact mirror of the sale, and the same input gives the same output', () => {
    fc.assert(
      fc.property(
        linesArb,
        fc.boolean(),
        fc.constantFrom('perLine' as const, 'perDocument' as const),
        (raw, incl, rounding) => {
          const options = { pricesIncludeTax: incl, rounding };
          const sale = summarizeTaxes(
            raw.map((l) => ({ amount: l.amount, taxes: [l.rate] })),
            options,
          );
          const refund = summarizeTaxes(
            raw.map((l) => ({ amount: 0 - l.amount, taxes: [l.rate] })),
            options,
          );
          expect(refund.taxTotal + sale.taxTotal).toBe(0);
          refund.lines.forEach((line, i) => expect(line.tax + (sale.lines[i]?.tax ?? 0)).toBe(0));
          expect(
            summarizeTaxes(
              raw.map((l) => ({ amount: l.amount, taxes: [l.rate] })),
              options,
            ),
          ).toEqual(sale);
        },
      ),
    );
  });
});
