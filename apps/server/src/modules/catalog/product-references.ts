import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { IN_LIST_CHUNK, chunk } from '../../db/run-command.ts';

/** What a product input may refer to in its organisation: tax classes, active categories, stores. */
export interface CatalogReferences {
  taxClassIdByCode: Map<string, string>;
  categoryNameById: Map<string, string>;
  storeIds: Set<string>;
}

/** Loads the organisation's tax classes, active categories and stores (small tables) in three queries. */
export async function loadCatalogReferences(
  db: Kysely<DB>,
  organisationId: string,
): Promise<CatalogReferences> {
  const [taxClasses, categories, stores] = await Promise.all([
    db
      .selectFrom('tax_classes')
      .select(['id', 'code'])
      .where('organisation_id', '=', organisationId)
      .orderBy('code')
      .execute(),
    db
      .selectFrom('categories')
      .select(['id', 'name'])
      .where('organisation_id', '=', organisationId)
      .where('archived_at', 'is', null)
      .execute(),
    db.selectFrom('stores').select('id').where('organisation_id', '=', organisationId).execute(),
  ]);
  return {
    taxClassIdByCode: new Map(taxClasses.map((t) => [t.code, t.id])),
    categoryNameById: new Map(categories.map((c) => [c.id, c.name])),
    storeIds: new Set(stores.map((s) => s.id)),
  };
}

/** Brand ids by name, creating brands on first use (a concurrent creator is tolerated by `on conflict`). */
export async function resolveBrandIds(
  db: Kysely<DB>,
  organisationId: string,
  names: Iterable<string>,
  now: string,
  newId: () => string,
): Promise<Map<string, string>> {
  const wanted = [...new Set(names)];
  const ids = new Map<string, string>();
  for (const part of chunk(wanted, IN_LIST_CHUNK)) {
    const existing = await db
      .selectFrom('brands')
      .select(['id', 'name'])
      .where('organisation_id', '=', organisationId)
      .where('name', 'in', part)
      .execute();
    for (const b of existing) ids.set(b.name, b.id);
    const missing = part.filter((name) => !ids.has(name));
    for (const rows of chunk(missing, 1000)) {
      await db
        .insertInto('brands')
        .values(rows.map((name) => ({ id: newId(), organisation_id: organisationId, name, created_at: now })))
        .onConflict((oc) => oc.columns(['organisation_id', 'name']).doNothing())
        .execute();
      const created = await db
        .selectFrom('brands')
        .select(['id', 'name'])
        .where('organisation_id', '=', organisationId)
        .where('name', 'in', rows)
        .execute();
      for (const b of created) ids.set(b.name, b.id);
    }
  }
  return ids;
}

/** Who already holds a SKU or barcode in the organisation (for 409 messages that name the product). */
export interface Holder {
  value: string;
  productId: string;
  productName: string;
}

/** Existing holders of any of these SKUs, other than `exceptProductId`. */
export async function findSkuHolders(
  db: Kysely<DB>,
  organisationId: string,
  skus: string[],
  exceptProductId?: string,
): Promise<Holder[]> {
  const out: Holder[] = [];
  for (const part of chunk([...new Set(skus)], IN_LIST_CHUNK)) {
    let query = db
      .selectFrom('variants as v')
      .innerJoin('products as p', 'p.id', 'v.product_id')
      .select(['v.sku as value', 'p.id as productId', 'p.name as productName'])
      .where('v.organisation_id', '=', organisationId)
      .where('v.sku', 'in', part);
    if (exceptProductId) query = query.where('v.product_id', '<>', exceptProductId);
    out.push(...(await query.execute()));
  }
  return out;
}

/** Existing holders of any of these barcodes, other than `exceptProductId`. */
export async function findBarcodeHolders(
  db: Kysely<DB>,
  organisationId: string,
  codes: string[],
  exceptProductId?: string,
): Promise<Holder[]> {
  const out: Holder[] = [];
  for (const part of chunk([...new Set(codes)], IN_LIST_CHUNK)) {
    let query = db
      .selectFrom('barcodes as b')
      .innerJoin('variants as v', 'v.id', 'b.variant_id')
      .innerJoin('products as p', 'p.id', 'v.product_id')
      .select(['b.code as value', 'p.id as productId', 'p.name as productName'])
      .where('b.organisation_id', '=', organisationId)
      .where('b.code', 'in', part);
    if (exceptProductId) query = query.where('v.product_id', '<>', exceptProductId);
    out.push(...(await query.execute()));
  }
  return out;
}
