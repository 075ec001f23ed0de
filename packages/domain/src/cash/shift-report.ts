import { addMinor } from '../money.ts';

/*
 * The arithmetic of X and Z reports (DOMAIN.md "Cash management"): plain data in, figures out.
 * The server feeds it the documents and cash movements of one shift; the register can run the same
 * code for its own X report offline. Every figure is a sum of integers, so the order of the
 * documents never changes the result.
 */

/** A tender as a report groups it: custom tenders by their configured name. */
export interface ReportTender {
  readonly type: string;
  readonly name?: string | null;
  /** What stays in the till for this tender: for cash the amount handed over minus the change. */
  readonly amount: number;
}

/** One recorded document of the shift, as its journal entry carries it. */
export interface ShiftDocument {
  readonly kind: 'sale' | 'return' | 'exchange' | 'void';
  readonly total: number;
  readonly taxTotal: number;
  readonly discountTotal: number;
  readonly rounding: number;
  readonly taxes: ReadonlyArray<{ readonly code: string; readonly rateBp: number; readonly base: number; readonly tax: number }>;
  readonly tenders: readonly ReportTender[];
}

/** Cash moved without a sale: pay-ins and pay-outs with a reason; a no-sale drawer open moves nothing. */
export interface ShiftMovement {
  readonly kind: 'pay_in' | 'pay_out' | 'no_sale';
  readonly amount: number;
}

/** Totals of one tender; key is `cash`, `card` or `custom:<name>`. */
export interface TenderTotal {
  readonly key: string;
  readonly type: string;
  readonly name: string | null;
  readonly amount: number;
  readonly count: number;
}

/** One VAT rate: base (net), tax and gross over every document of the shift. */
export interface RateTotal {
  readonly code: string;
  readonly rateBp: number;
  readonly base: number;
  readonly tax: number;
  readonly gross: number;
}

/** Count and total (tax included, before cash rounding) of one kind of document. */
export interface KindTotal {
  readonly count: number;
  readonly total: number;
}

/** Everything an X or Z report states about a shift's takings. */
export interface ShiftTotals {
  readonly salesCount: number;
  readonly sales: KindTotal;
  readonly returns: KindTotal;
  readonly exchanges: KindTotal;
  readonly voids: KindTotal;
  /** Σ document totals: what the shift took, tax included, before cash rounding. */
  readonly netTotal: number;
  readonly taxTotal: number;
  readonly discountTotal: number;
  readonly roundingTotal: number;
  readonly tenders: readonly TenderTotal[];
  readonly taxRates: readonly RateTotal[];
  readonly payIns: KindTotal;
  readonly payOuts: KindTotal;
  readonly noSaleOpens: number;
}

/** Expected against counted for one tender at close. */
export interface TenderReconciliation {
  readonly key: string;
  readonly expected: number;
  readonly counted: number;
  /** counted − expected: positive is over, negative is short. */
  readonly difference: number;
}

/** The stable key of a tender in reports: custom tenders are told apart by name. */
export function tenderKey(type: string, name?: string | null): string {
  return type === 'custom' ? `custom:${name ?? ''}` : type;
}

function addKind(total: KindTotal, amount: number): KindTotal {
  return { count: total.count + 1, total: addMinor(total.total, amount) };
}

function sumTenders(documents: readonly ShiftDocument[]): TenderTotal[] {
  const byKey = new Map<string, TenderTotal>();
  for (const tender of documents.flatMap((d) => d.tenders)) {
    const key = tenderKey(tender.type, tender.name);
    const row = byKey.get(key) ?? { key, type: tender.type, name: tender.type === 'custom' ? (tender.name ?? '') : null, amount: 0, count: 0 };
    byKey.set(key, { ...row, amount: addMinor(row.amount, tender.amount), count: row.count + 1 });
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function sumRates(documents: readonly ShiftDocument[]): RateTotal[] {
  const byKey = new Map<string, RateTotal>();
  for (const t of documents.flatMap((d) => d.taxes)) {
    const key = `${t.code}\u0000${t.rateBp}`;
    const row = byKey.get(key) ?? { code: t.code, rateBp: t.rateBp, base: 0, tax: 0, gross: 0 };
    byKey.set(key, { ...row, base: addMinor(row.base, t.base), tax: addMinor(row.tax, t.tax), gross: addMinor(row.gross, addMinor(t.base, t.tax)) });
  }
  return [...byKey.values()].sort((a, b) => b.rateBp - a.rateBp || (a.code < b.code ? -1 : 1));
}

const EMPTY: KindTotal = { count: 0, total: 0 };

/** Adds up a shift: per kind, per tender, per VAT rate, discounts, cash rounding and cash movements. */
export function summarizeShift(documents: readonly ShiftDocument[], movements: readonly ShiftMovement[]): ShiftTotals {
  const kinds = { sale: EMPTY, return: EMPTY, exchange: EMPTY, void: EMPTY };
  let netTotal = 0;
  let taxTotal = 0;
  let discountTotal = 0;
  let roundingTotal = 0;
  for (const d of documents) {
    kinds[d.kind] = addKind(kinds[d.kind], d.total);
    netTotal = addMinor(netTotal, d.total);
    taxTotal = addMinor(taxTotal, d.taxTotal);
    discountTotal = addMinor(discountTotal, d.discountTotal);
    roundingTotal = addMinor(roundingTotal, d.rounding);
  }
  let payIns = EMPTY;
  let payOuts = EMPTY;
  let noSaleOpens = 0;
  for (const m of movements) {
    if (m.kind === 'pay_in') payIns = addKind(payIns, m.amount);
    else if (m.kind === 'pay_out') payOuts = addKind(payOuts, m.amount);
    else noSaleOpens++;
  }
  return {
    salesCount: kinds.sale.count + kinds.exchange.count,
    sales: kinds.sale,
    returns: kinds.return,
    exchanges: kinds.exchange,
    voids: kinds.void,
    netTotal,
    taxTotal,
    discountTotal,
    roundingTotal,
    tenders: sumTenders(documents),
    taxRates: sumRates(documents),
    payIns,
    payOuts,
    noSaleOpens,
  };
}

/**
 * What should be in the till per tender: cash = opening float + cash taken (net of change, refunds
 * negative) + pay-ins − pay-outs; every other tender = what was taken with it.
 */
export function expectedPerTender(totals: ShiftTotals, openingFloat: number): Map<string, number> {
  const expected = new Map<string, number>([['cash', 0]]);
  for (const t of totals.tenders) expected.set(t.key, t.amount);
  const cash = addMinor(addMinor(openingFloat, expected.get('cash') ?? 0), addMinor(totals.payIns.total, -totals.payOuts.total));
  expected.set('cash', cash);
  return expected;
}

/**
 * Blind count against expectation: every tender that was expected or counted gets a row; a tender
 * not counted counts as 0 (the cashier said nothing was there), never as "equal to expected".
 */
export function reconcile(expected: ReadonlyMap<string, number>, counted: ReadonlyMap<string, number>): TenderReconciliation[] {
  const keys = [...new Set([...expected.keys(), ...counted.keys()])].sort();
  return keys.map((key) => {
    const e = expected.get(key) ?? 0;
    const c = counted.get(key) ?? 0;
    return { key, expected: e, counted: c, difference: addMinor(c, -e) };
  });
}

/** The longest a shift may stay open before new sales are refused (DOMAIN.md: 24 h). */
export const SHIFT_MAX_OPEN_MS = 24 * 3_600_000;

/**
 * Whether a sale made at `saleTime` (the register's device time) falls after the 24 h limit of a
 * shift opened at `openedAt`. Device time, not arrival time, decides: a sale rung up offline
 * within the limit and synced later is still accepted.
 */
export function isShiftTooOld(openedAt: string, saleTime: string): boolean {
  return Date.parse(saleTime) - Date.parse(openedAt) > SHIFT_MAX_OPEN_MS;
}
