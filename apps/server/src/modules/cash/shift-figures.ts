import type { Kysely, Transaction } from 'kysely';
import { expectedPerTender, summarizeShift, type ShiftDocument, type ShiftMovement, type ShiftTotals } from '@kassa/domain';
import type { RecordedSale } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import type { CashShiftsTable } from '../../db/schema-cash.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** The figures of one document as a shift report counts them (the same fields its journal entry carries). */
export function shiftDocumentOf(sale: Pick<RecordedSale, 'kind' | 'total' | 'taxTotal' | 'discountTotal' | 'rounding' | 'taxes' | 'tenders'>): ShiftDocument {
  return {
    kind: sale.kind,
    total: sale.total,
    taxTotal: sale.taxTotal,
    discountTotal: sale.discountTotal,
    rounding: sale.rounding,
    taxes: sale.taxes.map((t) => ({ code: t.code, rateBp: t.rateBp, base: t.base, tax: t.tax })),
    tenders: sale.tenders.map((t) => ({ type: t.type, name: t.name ?? null, amount: t.amount })),
  };
}

/** Loads the documents and cash movements of a shift and adds them up with the domain core. */
export async function loadShiftFigures(db: Executor, shift: CashShiftsTable): Promise<{ figures: ShiftTotals; expected: Map<string, number> }> {
  const [sales, movements] = await Promise.all([
    db.selectFrom('sales').select('document').where('shift_id', '=', shift.id).where('register_id', '=', shift.register_id).execute(),
    db.selectFrom('cash_movements').select(['kind', 'amount']).where('shift_id', '=', shift.id).execute(),
  ]);
  const documents = sales.map((row) => shiftDocumentOf(JSON.parse(row.document) as RecordedSale));
  const moves: ShiftMovement[] = movements.map((m) => ({ kind: m.kind, amount: Number(m.amount) }));
  const figures = summarizeShift(documents, moves);
  return { figures, expected: expectedPerTender(figures, Number(shift.opening_float)) };
}

/** The API form of the figures (plain arrays, no Maps). */
export function figuresOut(figures: ShiftTotals) {
  return { ...figures, tenders: figures.tenders.map((t) => ({ ...t })), taxRates: figures.taxRates.map((r) => ({ ...r })) };
}
