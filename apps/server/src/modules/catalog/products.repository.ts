import type { Kysely } from 'kysely';
import type { Product, Variant } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import { IN_LIST_CHUNK, chunk } from '../../db/run-command.ts';

/** The product columns every read selects, with the brand name and tax class code joined in. */
export function selectProductRows(db: Kysely<DB>) {
  return db
    .selectFrom('products as p')
    .innerJoin('tax_classes as t', 't.id', 'p.tax_class_id')
    .leftJoin('brands as b', 'b.id', 'p.brand_id')
    .select([
      'p.id',
      'p.organisation_id',
      'p.name',
      'p.description',
      'p.category_id',
      'p.unit',
      'p.tags',
      'p.images',
      'p.option_names',
      'p.change_seq',
      'p.version',
      'p.archived_at',
      'p.created_at',
      'p.updated_at',
      't.code as tax_class_code',
      'b.name as brand_name',
    ]);
}

export type ProductRow = Awaited<ReturnType<ReturnType<typeof selectProductRows>['execute']>>[number];

type VariantRow = DB['variants'];

function toVariant(row: VariantRow, barcodes: string[], storePrices: Variant['storePrices']): Variant {
  return {
    id: row.id,
    sku: row.sku,
    options: JSON.parse(row.options) as Record<string, string>,
    price: Number(row.price),
    costPrice: row.cost_price === null ? null : Number(row.cost_price),
    supplierCode: row.supplier_code,
    barcodes,
    storePrices,
    archived: row.archived_at !== null,
  };
}

function toProduct(row: ProductRow, variants: Variant[]): Product {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    categoryId: row.category_id,
    brand: row.brand_name,
    taxClass: row.tax_class_code,
    unit: row.unit as Product['unit'],
    tags: JSON.parse(row.tags) as string[],
    images: JSON.parse(row.images) as string[],
    optionNames: JSON.parse(row.option_names) as string[],
    variants,
    archived: row.archived_at !== null,
    version: row.version,
    changeSeq: Number(row.change_seq),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

/**
 * Variants, barcodes and store prices of these products: three `product_id
 * in (…)` queries sent at once (PostgreSQL runs them on separate pool
 * connections, so a product load costs one round trip, not three); ordered
 * here, which spares the engines a sort.
 */
async function loadChildren(db: Kysely<DB>, productIds: string[]) {
  const [variants, barcodes, prices] = await Promise.all([
    db.selectFrom('variants').selectAll().where('product_id', 'in', productIds).execute(),
    db
      .selectFrom('barcodes as bc')
      .innerJoin('variants as v', 'v.id', 'bc.variant_id')
      .select(['bc.code', 'bc.variant_id', 'bc.position'])
      .where('v.product_id', 'in', productIds)
      .execute(),
    db
      .selectFrom('store_prices as sp')
      .innerJoin('variants as v', 'v.id', 'sp.variant_id')
      .select(['sp.variant_id', 'sp.store_id', 'sp.price'])
      .where('v.product_id', 'in', productIds)
      .execute(),
  ]);
  variants.sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1));
  barcodes.sort((x, y) => x.position - y.position || (x.code < y.code ? -1 : 1));
  prices.sort((x, y) => (x.store_id < y.store_id ? -1 : 1));
  return { variants, barcodes, prices };
}

/**
 * Turns product rows into full products; children are batch-loaded per chunk
 * of products (three queries), never one query per product.
 */
export async function assembleProducts(db: Kysely<DB>, rows: ProductRow[]): Promise<Product[]> {
  const variants: VariantRow[] = [];
  const barcodes: Array<{ code: string; variant_id: string }> = [];
  const prices: Array<{ variant_id: string; store_id: string; price: number }> = [];
  for (const ids of chunk(
    rows.map((r) => r.id),
    IN_LIST_CHUNK,
  )) {
    const children = await loadChildren(db, ids);
    variants.push(...children.variants);
    barcodes.push(...children.barcodes);
    prices.push(...children.prices);
  }
  const barcodesByVariant = groupBy(barcodes, (b) => b.variant_id);
  const pricesByVariant = groupBy(prices, (p) => p.variant_id);
  const variantsByProduct = groupBy(variants, (v) => v.product_id);
  return rows.map((row) =>
    toProduct(
      row,
      (variantsByProduct.get(row.id) ?? []).map((v) =>
        toVariant(
          v,
          (barcodesByVariant.get(v.id) ?? []).map((b) => b.code),
          (pricesByVariant.get(v.id) ?? []).map((p) => ({ storeId: p.store_id, price: Number(p.price) })),
        ),
      ),
    ),
  );
}

/** Loads products of the organisation by id, in the order of `ids`; unknown ids are left out. */
export async function loadProductsByIds(
  db: Kysely<DB>,
  organisationId: string,
  ids: string[],
): Promise<Product[]> {
  if (ids.length === 0) return [];
  const rows: ProductRow[] = [];
  // Looked up by primary key only; the organisation is checked on the rows.
  // With `organisation_id = ?` in the SQL, SQLite (without statistics) walks
  // the organisation's whole index instead of doing N key lookups.
  for (const part of chunk(ids, IN_LIST_CHUNK))
    rows.push(...(await selectProductRows(db).where('p.id', 'in', part).execute()));
  const byId = new Map(rows.filter((r) => r.organisation_id === organisationId).map((r) => [r.id, r]));
  const ordered = ids.map((id) => byId.get(id)).filter((r): r is ProductRow => r !== undefined);
  return assembleProducts(db, ordered);
}

/** One product of the organisation, or undefined. */
export async function findProductById(
  db: Kysely<DB>,
  organisationId: string,
  id: string,
): Promise<Product | undefined> {
  const [product] = await loadProductsByIds(db, organisationId, [id]);
  return product;
}
