import { sql, type Kysely, type Transaction } from 'kysely';
import type { RecordedSale } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import { FixedSql, insertPart, runFixed, type InsertPart } from '../../db/fixed-sql.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface SaleRecordFields {
  organisationId: string;
  requestHash: string;
  timeZone: string;
}

const SALE_COLUMNS = [
  'id',
  'organisation_id',
  'store_id',
  'register_id',
  'kind',
  'receipt_number',
  'request_hash',
  'currency',
  'subtotal',
  'discount_total',
  'tax_total',
  'total',
  'rounding',
  'paid_total',
  'change_total',
  'staff_id',
  'customer_id',
  'original_sale_id',
  'reason_code',
  'note',
  'device_time',
  'received_at',
  'business_day',
  'time_zone',
  'flags',
  'flagged',
  'journal_seq',
  'journal_hash',
  'document',
  'shift_id',
] as const;
const LINE_COLUMNS = [
  'sale_id',
  'line_no',
  'line_id',
  'variant_id',
  'description',
  'quantity_milli',
  'weighed',
  'unit_price',
  'catalogue_unit_price',
  'line_discount',
  'order_discount',
  'total',
  'net',
  'tax',
  'sold_by_staff_id',
  'original_sale_id',
  'original_line_id',
  'returned_quantity_milli',
] as const;
const TAX_COLUMNS = ['sale_id', 'code', 'rate_bp', 'base', 'tax', 'gross'] as const;
const TENDER_COLUMNS = [
  'sale_id',
  'position',
  'type',
  'amount',
  'tendered',
  'change',
  'reference',
  'details',
] as const;

/**
 * The writes of a sale with its lines, taxes and tenders whatever the size, for the command's
 * write batch: part of one statement on PostgreSQL, four on SQLite (fixed SQL: the hot path,
 * db/fixed-sql.ts).
 */
export function saleWrites(sale: RecordedSale, fields: SaleRecordFields): InsertPart[] {
  return [
    insertPart('sales', SALE_COLUMNS, [
      {
        id: sale.id,
        organisation_id: fields.organisationId,
        store_id: sale.storeId,
        register_id: sale.registerId,
        kind: sale.kind,
        receipt_number: sale.receiptNumber,
        request_hash: fields.requestHash,
        currency: sale.currency,
        subtotal: sale.subtotal,
        discount_total: sale.discountTotal,
        tax_total: sale.taxTotal,
        total: sale.total,
        rounding: sale.rounding,
        paid_total: sale.paidTotal,
        change_total: sale.change,
        staff_id: sale.staffId,
        customer_id: sale.customerId,
        original_sale_id: sale.originalSaleId,
        reason_code: sale.reasonCode,
        note: sale.note,
        device_time: sale.deviceTime,
        received_at: sale.receivedAt,
        business_day: sale.businessDay,
        time_zone: fields.timeZone,
        flags: JSON.stringify(sale.flags),
        flagged: sale.flags.length > 0 ? 1 : 0,
        journal_seq: sale.journal.seq,
        journal_hash: sale.journal.hash,
        document: JSON.stringify(sale),
        shift_id: sale.shiftId ?? null, // cash module (issue 5)
      },
    ]),
    insertPart(
      'sale_lines',
      LINE_COLUMNS,
      sale.lines.map((l, i) => ({
        sale_id: sale.id,
        line_no: i + 1,
        line_id: l.id,
        variant_id: l.variantId,
        description: l.description,
        quantity_milli: l.quantityMilli,
        weighed: l.weighed ? 1 : 0,
        unit_price: l.unitPrice,
        catalogue_unit_price: null,
        line_discount: l.lineDiscount,
        order_discount: l.orderDiscount,
        total: l.total,
        net: l.total - (l.tax ?? 0),
        tax: l.tax,
        sold_by_staff_id: l.soldByStaffId,
        original_sale_id: l.returnOf?.saleId ?? null,
        original_line_id: l.returnOf?.lineId ?? null,
        returned_quantity_milli: 0,
      })),
    ),
    insertPart(
      'sale_taxes',
      TAX_COLUMNS,
      sale.taxes.map((t) => ({
        sale_id: sale.id,
        code: t.code,
        rate_bp: t.rateBp,
        base: t.base,
        tax: t.tax,
        gross: t.gross,
      })),
    ),
    insertPart(
      'sale_tenders',
      TENDER_COLUMNS,
      sale.tenders.map((t, i) => ({
        sale_id: sale.id,
        position: i + 1,
        type: t.type,
        amount: t.amount,
        tendered: t.tendered,
        change: t.change,
        reference: t.reference,
        details: JSON.stringify(t.name ? { name: t.name } : {}),
      })),
    ),
  ];
}

const STORED_SALE = new FixedSql(
  'select "organisation_id", "request_hash", "document" from "sales" where "id" = ?',
);

/** The stored first answer of a sale and the hash of the body that created it (for replays). */
export async function findStoredSale(
  db: Executor,
  id: string,
): Promise<{ organisationId: string; requestHash: string; document: RecordedSale } | undefined> {
  const [row] = await runFixed<{ organisation_id: string; request_hash: string; document: string }>(
    db,
    STORED_SALE,
    [id],
  );
  return row
    ? {
        organisationId: row.organisation_id,
        requestHash: row.request_hash,
        document: JSON.parse(row.document) as RecordedSale,
      }
    : undefined;
}

/** A sale as it stands now: the stored document with the returned quantities of today. */
export async function findSaleById(
  db: Executor,
  organisationId: string,
  id: string,
): Promise<RecordedSale | undefined> {
  const stored = await findStoredSale(db, id);
  if (!stored || stored.organisationId !== organisationId) return undefined;
  const returned = await db
    .selectFrom('sale_lines')
    .select(['line_id', 'returned_quantity_milli'])
    .where('sale_id', '=', id)
    .execute();
  const byLine = new Map(returned.map((r) => [r.line_id, Number(r.returned_quantity_milli)]));
  return {
    ...stored.document,
    lines: stored.document.lines.map((l) => ({ ...l, returnedQuantityMilli: byLine.get(l.id) ?? 0 })),
  };
}

/** Raises the returned quantity of original lines; false when a racing return got there first. */
export async function markLinesReturned(
  trx: Transaction<DB>,
  returns: Array<{ saleId: string; lineId: string; quantityMilli: number }>,
): Promise<boolean> {
  for (const r of returns) {
    const result = await trx
      .updateTable('sale_lines')
      .set((eb) => ({ returned_quantity_milli: eb('returned_quantity_milli', '+', r.quantityMilli) }))
      .where('sale_id', '=', r.saleId)
      .where('line_id', '=', r.lineId)
      .where(sql<boolean>`returned_quantity_milli + ${r.quantityMilli} <= abs(quantity_milli)`)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
  }
  return true;
}
