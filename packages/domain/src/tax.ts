import { allocateByLargestRemainder, allocateByQuotas } from './allocation.ts';
import { addMinor, assertSafeInteger, multiplyRatio } from './money.ts';

/** A tax applied to a line; the rate is in basis points (2100 = 21 %). */
export interface Tax {
  readonly code: string;
  readonly rateBp: number;
  readonly name?: string;
}

/** One rounding policy per store, used by register, server, receipt, reports and invoice alike. */
export type TaxRoundingPolicy = 'perDocument' | 'perLine';

/** A line as the tax engine sees it: its amount (gross when prices include tax, else net) and its taxes. */
export interface TaxableLine {
  readonly amount: number;
  readonly taxes: readonly Tax[];
}

/** Options of {@link summarizeTaxes}. */
export interface TaxOptions {
  readonly pricesIncludeTax: boolean;
  readonly rounding?: TaxRoundingPolicy;
}

/** The amount of one tax on one line. */
export interface LineTaxAmount {
  readonly code: string;
  readonly rateBp: number;
  readonly amount: number;
}

/** A line after tax: net + tax = gross, and its taxes add up to tax. */
export interface TaxedLine {
  readonly net: number;
  readonly tax: number;
  readonly gross: number;
  readonly taxes: readonly LineTaxAmount[];
}

/** One row of the VAT breakdown printed on a receipt: base (net), tax and base + tax for one tax rate. */
export interface TaxBreakdownEntry {
  readonly code: string;
  readonly rateBp: number;
  readonly name?: string;
  readonly base: number;
  readonly tax: number;
  readonly gross: number;
}

/** Taxes of a document: per line and per rate, where Σ line taxes per rate = the breakdown's tax exactly. */
export interface TaxSummary {
  readonly lines: readonly TaxedLine[];
  readonly breakdown: readonly TaxBreakdownEntry[];
  readonly netTotal: number;
  readonly taxTotal: number;
  readonly grossTotal: number;
}

const BP = 10_000;

/** Tax contained in a tax-inclusive amount: gross × rate / (10000 + rate), rounded half-up. */
export function taxFromGross(gross: number, rateBp: number): number {
  return multiplyRatio(gross, rateBp, BP + rateBp, 'halfUp');
}

/** Tax on a tax-exclusive amount: net × rate / 10000, rounded half-up. */
export function taxFromNet(net: number, rateBp: number): number {
  return multiplyRatio(net, rateBp, BP, 'halfUp');
}

function taxKey(tax: Tax): string {
  return `${tax.code}\u0000${tax.rateBp}`;
}

function combinedRate(taxes: readonly Tax[]): number {
  return taxes.reduce((sum, tax) => sum + tax.rateBp, 0);
}

function assertLine(line: TaxableLine): void {
  assertSafeInteger(line.amount);
  const codes = new Set(line.taxes.map((tax) => tax.code));
  if (codes.size !== line.taxes.length) throw new RangeError('A line carries the same tax code twice');
  for (const tax of line.taxes) {
    if (assertSafeInteger(tax.rateBp, 'rateBp') < 0) throw new RangeError(`Negative tax rate ${tax.code}`);
  }
}

type TaxMatrix = Map<string, number>[];

// Inclusive prices with several taxes: the combined rate splits the gross, then the tax is split
// between the taxes in proportion to their rates by largest remainder.
function splitInclusive(amount: number, taxes: readonly Tax[]): number[] {
  const rate = combinedRate(taxes);
  return allocateByLargestRemainder(taxFromGross(amount, rate), taxes.map((tax) => tax.rateBp));
}

// Per-line policy: each line's tax is rounded on its own; the document adds the rounded figures.
function taxesPerLine(lines: readonly TaxableLine[], inclusive: boolean): TaxMatrix {
  return lines.map((line) => {
    const amounts = inclusive
      ? splitInclusive(line.amount, line.taxes)
      : line.taxes.map((tax) => taxFromNet(line.amount, tax.rateBp));
    return new Map(line.taxes.map((tax, i) => [taxKey(tax), amounts[i] ?? 0]));
  });
}

function groupIndices(lines: readonly TaxableLine[], keyOf: (line: TaxableLine) => string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  lines.forEach((line, index) => {
    for (const key of keyOf(line)) groups.set(key, [...(groups.get(key) ?? []), index]);
  });
  return groups;
}

// Per-document, tax-exclusive: each tax is computed once on the summed net of all lines carrying it
// (US sales tax: state and city each on the net base, never compounding), then allocated to lines.
function taxesPerDocumentExclusive(lines: readonly TaxableLine[], matrix: TaxMatrix): void {
  const byTax = groupIndices(lines, (line) => line.taxes.map(taxKey));
  for (const [key, indices] of byTax) {
    const rate = lines[indices[0] ?? 0]?.taxes.find((tax) => taxKey(tax) === key)?.rateBp ?? 0;
    const base = indices.reduce((sum, i) => addMinor(sum, lines[i]?.amount ?? 0), 0);
    const quotas = indices.map((i) => BigInt(lines[i]?.amount ?? 0) * BigInt(rate));
    const shares = allocateByQuotas(taxFromNet(base, rate), quotas, BigInt(BP));
    indices.forEach((i, j) => matrix[i]?.set(key, shares[j] ?? 0));
  }
}

// Per-document, tax-inclusive: lines with the same set of taxes share one combined rate; the tax of
// their summed gross is rounded once, split between the taxes, and each part allocated to the lines.
function taxesPerDocumentInclusive(lines: readonly TaxableLine[], matrix: TaxMatrix): void {
  const sortedTaxes = (line: TaxableLine) => [...line.taxes].sort((a, b) => (taxKey(a) < taxKey(b) ? -1 : 1));
  const bySet = groupIndices(lines, (line) => [sortedTaxes(line).map(taxKey).join('\u0001')]);
  for (const indices of bySet.values()) {
    const taxes = sortedTaxes(lines[indices[0] ?? 0] ?? { amount: 0, taxes: [] });
    const rate = combinedRate(taxes);
    const gross = indices.reduce((sum, i) => addMinor(sum, lines[i]?.amount ?? 0), 0);
    const perTax = splitInclusive(gross, taxes);
    taxes.forEach((tax, k) => {
      const quotas = indices.map((i) => BigInt(lines[i]?.amount ?? 0) * BigInt(tax.rateBp));
      const shares = allocateByQuotas(perTax[k] ?? 0, quotas, BigInt(BP + rate));
      indices.forEach((i, j) => matrix[i]?.set(taxKey(tax), shares[j] ?? 0));
    });
  }
}

function toTaxedLine(line: TaxableLine, taxes: Map<string, number>, inclusive: boolean): TaxedLine {
  const amounts = line.taxes.map((tax) => ({ code: tax.code, rateBp: tax.rateBp, amount: taxes.get(taxKey(tax)) ?? 0 }));
  const tax = amounts.reduce((sum, t) => addMinor(sum, t.amount), 0);
  const net = inclusive ? addMinor(line.amount, -tax) : line.amount;
  return { net, tax, gross: addMinor(net, tax), taxes: amounts };
}

function buildBreakdown(lines: readonly TaxableLine[], taxed: readonly TaxedLine[]): TaxBreakdownEntry[] {
  const rows = new Map<string, { tax: Tax; base: number; amount: number }>();
  lines.forEach((line, i) => {
    const taxedLine = taxed[i];
    line.taxes.forEach((tax, k) => {
      const row = rows.get(taxKey(tax)) ?? { tax, base: 0, amount: 0 };
      row.base = addMinor(row.base, taxedLine?.net ?? 0);
      row.amount = addMinor(row.amount, taxedLine?.taxes[k]?.amount ?? 0);
      rows.set(taxKey(tax), row);
    });
  });
  return [...rows.values()]
    .map(({ tax, base, amount }) => ({
      code: tax.code,
      rateBp: tax.rateBp,
      ...(tax.name === undefined ? {} : { name: tax.name }),
      base,
      tax: amount,
      gross: addMinor(base, amount),
    }))
    .sort((a, b) => b.rateBp - a.rateBp || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/**
 * Computes line taxes and the per-rate breakdown under the store's rounding policy
 * (DOMAIN.md: per document per rate by default, or per line; never mixed).
 */
export function summarizeTaxes(lines: readonly TaxableLine[], options: TaxOptions): TaxSummary {
  lines.forEach(assertLine);
  const inclusive = options.pricesIncludeTax;
  let matrix: TaxMatrix;
  if ((options.rounding ?? 'perDocument') === 'perLine') {
    matrix = taxesPerLine(lines, inclusive);
  } else {
    matrix = lines.map(() => new Map<string, number>());
    if (inclusive) taxesPerDocumentInclusive(lines, matrix);
    else taxesPerDocumentExclusive(lines, matrix);
  }
  const taxed = lines.map((line, i) => toTaxedLine(line, matrix[i] ?? new Map(), inclusive));
  const total = (pick: (line: TaxedLine) => number) => taxed.reduce((sum, line) => addMinor(sum, pick(line)), 0);
  return {
    lines: taxed,
    breakdown: buildBreakdown(lines, taxed),
    netTotal: total((line) => line.net),
    taxTotal: total((line) => line.tax),
    grossTotal: total((line) => line.gross),
  };
}
