import type { Kysely } from 'kysely';
import type { RecordedSale } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';

export interface SaleFilter {
  organisationId: string;
  /** Stores the caller may see ('all' or a list): staff see only the stores they work in. */
  visibleStoreIds?: 'all' | string[];
  storeId?: string;
  registerId?: string;
  staffId?: string;
  customerId?: string;
  kind?: string;
  from?: string;
  to?: string;
  flagged?: boolean;
  receiptNumber?: number;
  beforeId?: string;
  limit: number;
}

/** Sales newest first (UUIDv7 ids order by creation time), with today's returned quantities. */
export async function listSales(
  db: Kysely<DB>,
  filter: SaleFilter,
): Promise<{ items: RecordedSale[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('sales')
    .select(['id', 'document'])
    .where('organisation_id', '=', filter.organisationId);
  if (filter.storeId) query = query.where('store_id', '=', filter.storeId);
  if (Array.isArray(filter.visibleStoreIds))
    query = query.where('store_id', 'in', filter.visibleStoreIds.length ? filter.visibleStoreIds : ['-']);
  if (filter.registerId) query = query.where('register_id', '=', filter.registerId);
  if (filter.staffId) query = query.where('staff_id', '=', filter.staffId);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.from) query = query.where('business_day', '>=', filter.from);
  if (filter.to) query = query.where('business_day', '<=', filter.to);
  if (filter.flagged !== undefined) query = query.where('flagged', '=', filter.flagged ? 1 : 0);
  if (filter.receiptNumber !== undefined) query = query.where('receipt_number', '=', filter.receiptNumber);
  if (filter.beforeId) query = query.where('id', '<', filter.beforeId);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const page = rows.slice(0, filter.limit).map((r) => JSON.parse(r.document) as RecordedSale);
  const returned = page.length
    ? await db
        .selectFrom('sale_lines')
        .select(['sale_id', 'line_id', 'returned_quantity_milli'])
        .where(
          'sale_id',
          'in',
          page.map((s) => s.id),
        )
        .where('returned_quantity_milli', '>', 0)
        .execute()
    : [];
  const byLine = new Map(
    returned.map((r) => [`${r.sale_id}|${r.line_id}`, Number(r.returned_quantity_milli)]),
  );
  const items = page.map((s) => ({
    ...s,
    lines: s.lines.map((l) => ({ ...l, returnedQuantityMilli: byLine.get(`${s.id}|${l.id}`) ?? 0 })),
  }));
  return { items, nextCursor: rows.length > filter.limit ? page[page.length - 1]!.id : null };
}

/** Finds a sale by the code printed on its receipt (the sale id) or by register and receipt number. */
export async function findSaleIdByReceipt(
  db: Kysely<DB>,
  organisationId: string,
  lookup: { code?: string; registerId?: string; receiptNumber?: number; kind?: string },
): Promise<string | undefined> {
  let query = db.selectFrom('sales').select('id').where('organisation_id', '=', organisationId);
  if (lookup.code) {
    query = query.where('id', '=', normaliseReceiptCode(lookup.code));
  } else if (lookup.registerId && lookup.receiptNumber !== undefined) {
    query = query
      .where('register_id', '=', lookup.registerId)
      .where('receipt_number', '=', lookup.receiptNumber)
      .where('kind', '=', lookup.kind ?? 'sale');
  } else {
    return undefined;
  }
  return (await query.executeTakeFirst())?.id;
}

/** The receipt barcode holds the sale id, with or without dashes (Code 128 prints it shorter without). */
export function normaliseReceiptCode(code: string): string {
  const hex = code.trim().toLowerCase().replace(/^k:/, '').replaceAll('-', '');
  if (!/^[0-9a-f]{32}$/.test(hex)) return code;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A sale, the documents that refer to it (returns, exchanges, voids) and all their journal entries. */
export async function findSaleHistory(db: Kysely<DB>, organisationId: string, sale: RecordedSale) {
  const viaLines = db.selectFrom('sale_lines').select('sale_id').where('original_sale_id', '=', sale.id);
  const followUps = await db
    .selectFrom('sales')
    .select(['id', 'kind', 'receipt_number', 'total', 'business_day', 'received_at'])
    .where('organisation_id', '=', organisationId)
    .where((eb) => eb.or([eb('original_sale_id', '=', sale.id), eb('id', 'in', viaLines)]))
    .orderBy('id')
    .execute();
  const documentIds = [sale.id, ...followUps.map((f) => f.id)];
  const journal = await db
    .selectFrom('journal_entries')
    .select(['id', 'chain_id', 'seq', 'kind', 'recorded_at', 'hash'])
    .where('organisation_id', '=', organisationId)
    .where('document_id', 'in', documentIds)
    .orderBy('id')
    .execute();
  return {
    sale,
    followUps: followUps.map((f) => ({
      id: f.id,
      kind: f.kind,
      receiptNumber: f.receipt_number,
      total: Number(f.total),
      businessDay: f.business_day,
      receivedAt: f.received_at,
    })),
    journal: journal.map((j) => ({
      id: j.id,
      chainId: j.chain_id,
      seq: Number(j.seq),
      kind: j.kind,
      recordedAt: j.recorded_at,
      hash: j.hash,
    })),
  };
}
