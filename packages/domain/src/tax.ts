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

// Tax amounts by line index and tax: `${lineIndex}|${taxKey}` → amount.
type TaxAmounts = Map<string, number>;

interface Member {
  readonly index: number;
  readonly amount: number;
}

/** Lines whose tax is computed together: rounded once on their summed amount, then allocated back. */
interface TaxGroup {
  readonly taxes: readonly Tax[];
  readonly members: Member[];
}

// Inclusive prices with several taxes: the combined rate splits the gross, then the tax is split
// between the taxes in proportion to their rates by largest remainder.
function splitInclusive(amount: number, taxes: readonly Tax[]): number[] {
  const rate = combinedRate(taxes);
  return allocateByLargestRemainder(
    taxFromGross(amount, rate),
    taxes.map((tax) => tax.rateBp),
  );
}

function sortedTaxes(taxes: readonly Tax[]): Tax[] {
  return [...taxes].sort((a, b) => (taxKey(a) < taxKey(b) ? -1 : 1));
}

/*
 * The two policies differ only in how lines are grouped before rounding:
 * - perLine: every line is its own group, so each line's tax is rounded on its own and the
 *   document adds the rounded figures;
 * - perDocument, tax-exclusive: one group per tax over every line carrying it (US sales tax: state
 *   and city each on the net base, never compounding);
 * - perDocument, tax-inclusive: one group per set of taxes, since the combined rate decides how the
 *   gross splits into net and tax (the NL case: one group per VAT rate).
 */
function groupLines(lines: readonly TaxableLine[], options: TaxOptions): TaxGroup[] {
  const perLine = options.rounding === 'perLine';
  const groups = new Map<string, TaxGroup>();
  lines.forEach((line, index) => {
    const keyed: [string, readonly Tax[]][] = perLine
      ? [[String(index), line.taxes]]
      : options.pricesIncludeTax
        ? [[sortedTaxes(line.taxes).map(taxKey).join('\u0001'), sortedTaxes(line.taxes)]]
        : line.taxes.map((tax) => [taxKey(tax), [tax]]);
    for (const [key, taxes] of keyed) {
      const group = groups.get(key) ?? { taxes, members: [] };
      group.members.push({ index, amount: line.amount });
      groups.set(key, group);
    }
  });
  return [...groups.values()];
}

// Rounds each group's tax once, then allocates it to the group's lines by largest remainder over
// each line's exact tax, so the line taxes add up to the group's figure exactly.
function computeTaxAmounts(lines: readonly TaxableLine[], options: TaxOptions): TaxAmounts {
  const amounts: TaxAmounts = new Map();
  for (const { taxes, members } of groupLines(lines, options)) {
    const base = members.reduce((sum, member) => addMinor(sum, member.amount), 0);
    const perTax = options.pricesIncludeTax
      ? splitInclusive(base, taxes)
      : taxes.map((tax) => taxFromNet(base, tax.rateBp));
    const denominator = BigInt(options.pricesIncludeTax ? BP + combinedRate(taxes) : BP);
    taxes.forEach((tax, k) => {
      const quotas = members.map((member) => BigInt(member.amount) * BigInt(tax.rateBp));
      const shares = allocateByQuotas(perTax[k] ?? 0, quotas, denominator);
      members.forEach((member, j) => amounts.set(`${member.index}|${taxKey(tax)}`, shares[j] ?? 0));
    });
  }
  return amounts;
}

function toTaxedLine(line: TaxableLine, index: number, taxes: TaxAmounts, inclusive: boolean): TaxedLine {
  const amounts = line.taxes.map((tax) => ({
    code: tax.code,
    rateBp: tax.rateBp,
    amount: taxes.get(`${index}|${taxKey(tax)}`) ?? 0,
  }));
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
  const amounts = computeTaxAmounts(lines, options);
  const taxed = lines.map((line, i) => toTaxedLine(line, i, amounts, options.pricesIncludeTax));
  const total = (pick: (line: TaxedLine) => number) =>
    taxed.reduce((sum, line) => addMinor(sum, pick(line)), 0);
  return {
    lines: taxed,
    breakdown: buildBreakdown(lines, taxed),
    netTotal: total((line) => line.net),
    taxTotal: total((line) => line.tax),
    grossTotal: total((line) => line.gross),
  };
}
