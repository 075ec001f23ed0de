import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Product, Variant } from '@kassa/contracts';
import { dialectOf } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { IN_LIST_CHUNK, chunk } from '../../db/run-command.ts';
import { latestCatalogChangeSeq } from './change-seq.ts';

/**
 * A product's variants with their barcodes and store prices, as one JSON
 * array built by the database: a product read is one query and one round
 * trip, whatever it holds (the barcode lookup on the selling path, a search
 * page, a change-feed page of thousands). Options stay the JSON text they are
 * stored as; toProduct parses them.
 *
 * The barcodes and store prices are read per variant from indexes that hold
 * every column used here (barcodes_variant_cover_ix: variant_id, position, code;
 * PostgreSQL's store_prices_pk includes price; migration 0014): no heap
 * fetch per barcode or price. The ORDER BYs still decide the order.
 */
function variantsJson(db: Kysely<DB>): RawBuilder<VariantDocument[] | string> {
  if (dialectOf(db) === 'postgres') {
    return sql`(select coalesce(json_agg(json_build_object(
        'id', v.id, 'sku', v.sku, 'options', v.options, 'price', v.price, 'costPrice', v.cost_price,
        'supplierCode', v.supplier_code, 'archived', v.archived_at is not null,
        'barcodes', coalesce((select json_agg(bc.code order by bc.position, bc.code)
          from barcodes bc where bc.variant_id = v.id), '[]'::json),
        'storePrices', coalesce((select json_agg(json_build_object('storeId', sp.store_id, 'price', sp.price)
          order by sp.store_id) from store_prices sp where sp.variant_id = v.id), '[]'::json)
      ) order by v.position, v.id), '[]'::json) from variants v where v.product_id = p.id)`;
  }
  return sql`(select json_group_array(json_object(
      'id', v.id, 'sku', v.sku, 'options', v.options, 'price', v.price, 'costPrice', v.cost_price,
      'supplierCode', v.supplier_code, 'archived', v.archived_at is not null,
      'barcodes', (select json_group_array(bc.code order by bc.position, bc.code)
        from barcodes bc where bc.variant_id = v.id),
      'storePrices', (select json_group_array(json_object('storeId', sp.store_id, 'price', sp.price)
        order by sp.store_id) from store_prices sp where sp.variant_id = v.id)
    ) order by v.position, v.id) from variants v where v.product_id = p.id)`;
}

/** A variant as variantsJson builds it. */
interface VariantDocument {
  id: string;
  sku: string;
  options: string;
  price: number | string;
  costPrice: number | string | null;
  supplierCode: string | null;
  archived: boolean | number;
  barcodes: string[];
  storePrices: Array<{ storeId: string; price: number | string }>;
}

/** The product columns every read selects, with the brand name, tax class code and variants joined in. */
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
      variantsJson(db).as('variants'),
    ]);
}

export type ProductRow = Awaited<ReturnType<ReturnType<typeof selectProductRows>['execute']>>[number];

function toVariant(doc: VariantDocument): Variant {
  return {
    id: doc.id,
    sku: doc.sku,
    options: JSON.parse(doc.options) as Record<string, string>,
    price: Number(doc.price),
    costPrice: doc.costPrice === null ? null : Number(doc.costPrice),
    supplierCode: doc.supplierCode,
    barcodes: doc.barcodes,
    storePrices: doc.storePrices.map((p) => ({ storeId: p.storeId, price: Number(p.price) })),
    archived: Boolean(doc.archived),
  };
}

function toProduct(row: ProductRow): Product {
  // PostgreSQL's driver parses json columns; SQLite hands back the text.
  const variants =
    typeof row.variants === 'string' ? (JSON.parse(row.variants) as VariantDocument[]) : row.variants;
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
    variants: variants.map(toVariant),
    archived: row.archived_at !== null,
    version: row.version,
    changeSeq: Number(row.change_seq),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Turns product rows (selectProductRows) into products; they carry their variants already. */
export function assembleProducts(rows: ProductRow[]): Product[] {
  return rows.map(toProduct);
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
  return productsInOrder(rows, organisationId, ids);
}

/** The organisation's rows as products, in the order of `ids`. */
function productsInOrder(rows: ProductRow[], organisationId: string, ids: string[]): Product[] {
  const byId = new Map(rows.filter((r) => r.organisation_id === organisationId).map((r) => [r.id, r]));
  const ordered = ids.map((id) => byId.get(id)).filter((r): r is ProductRow => r !== undefined);
  return assembleProducts(ordered);
}

/**
 * Loads a page of products (at most IN_LIST_CHUNK) like loadProductsByIds, and
 * the catalogue's change number read in the same statement, so from the same
 * snapshot: search from memory checks the data it ranked with against it
 * instead of reading the counter first (one round trip, not two).
 */
export async function loadProductsWithChangeSeq(
  db: Kysely<DB>,
  organisationId: string,
  ids: string[],
): Promise<{ products: Product[]; changeSeq: number }> {
  if (ids.length > IN_LIST_CHUNK) throw new Error(`at most ${IN_LIST_CHUNK} products at once`);
  const rows =
    ids.length === 0
      ? []
      : await selectProductRows(db)
          .select(
            sql<number | string>`(select value from counters where name = 'catalog_change')`.as(
              'catalog_change',
            ),
          )
          .where('p.id', 'in', ids)
          .execute();
  // No row to carry it: the counter alone.
  const changeSeq = rows.length > 0 ? Number(rows[0]!.catalog_change) : await latestCatalogChangeSeq(db);
  return { products: productsInOrder(rows, organisationId, ids), changeSeq };
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
