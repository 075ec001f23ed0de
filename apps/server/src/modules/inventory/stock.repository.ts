import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { toPage } from '../../db/page.ts';

/** Stock levels of one store (cursor = last variant id). */
export async function listStockLevels(
  db: Kysely<DB>,
  filter: {
    organisationId: string;
    storeId: string;
    variantId?: string;
    negative?: boolean;
    afterVariantId?: string;
    limit: number;
  },
) {
  let query = db
    .selectFrom('stock_levels')
    .innerJoin('stores', 'stores.id', 'stock_levels.store_id')
    .select([
      'stock_levels.store_id',
      'stock_levels.variant_id',
      'stock_levels.on_hand_milli',
      'stock_levels.updated_at',
    ])
    .where('stores.organisation_id', '=', filter.organisationId)
    .where('stock_levels.store_id', '=', filter.storeId);
  if (filter.variantId) query = query.where('stock_levels.variant_id', '=', filter.variantId);
  if (filter.negative) query = query.where('stock_levels.on_hand_milli', '<', 0);
  if (filter.afterVariantId) query = query.where('stock_levels.variant_id', '>', filter.afterVariantId);
  const rows = await query
    .orderBy('stock_levels.variant_id')
    .limit(filter.limit + 1)
    .execute();
  const items = rows.map((r) => ({
    storeId: r.store_id,
    variantId: r.variant_id,
    onHandMilli: Number(r.on_hand_milli),
    updatedAt: r.updated_at,
  }));
  return toPage(items, filter.limit, (item) => item.variantId);
}

/** Stock movements in recording order (ids are UUIDv7). */
export async function listStockMovements(
  db: Kysely<DB>,
  filter: {
    organisationId: string;
    visibleStoreIds?: 'all' | string[];
    storeId?: string;
    variantId?: string;
    documentId?: string;
    afterId?: string;
    limit: number;
  },
) {
  let query = db
    .selectFrom('stock_movements')
    .selectAll()
    .where('organisation_id', '=', filter.organisationId);
  if (Array.isArray(filter.visibleStoreIds))
    query = query.where('store_id', 'in', filter.visibleStoreIds.length ? filter.visibleStoreIds : ['-']);
  if (filter.storeId) query = query.where('store_id', '=', filter.storeId);
  if (filter.variantId) query = query.where('variant_id', '=', filter.variantId);
  if (filter.documentId) query = query.where('document_id', '=', filter.documentId);
  if (filter.afterId) query = query.where('id', '>', filter.afterId);
  const rows = await query
    .orderBy('id')
    .limit(filter.limit + 1)
    .execute();
  const items = rows.map((r) => ({
    id: r.id,
    storeId: r.store_id,
    variantId: r.variant_id,
    kind: r.kind,
    quantityMilli: Number(r.quantity_milli),
    reason: r.reason,
    documentId: r.document_id,
    staffId: r.staff_id,
    occurredAt: r.occurred_at,
    recordedAt: r.recorded_at,
  }));
  return toPage(items, filter.limit, (item) => item.id);
}
