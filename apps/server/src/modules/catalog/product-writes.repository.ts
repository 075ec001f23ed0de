import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { chunk, rowsPerInsert } from '../../db/run-command.ts';
import type {
  BarcodeInsert,
  PlannedProduct,
  ProductInsert,
  StorePriceInsert,
  VariantInsert,
} from './plan-product.ts';

/** Multi-row inserts in chunks that fit both engines' parameter limits. */
async function insertChunked<T extends keyof DB & string>(
  db: Kysely<DB>,
  table: T,
  rows: object[],
): Promise<void> {
  if (rows.length === 0) return;
  const size = rowsPerInsert(Object.keys(rows[0]!).length);
  for (const part of chunk(rows, size)) {
    await db
      .insertInto(table)
      .values(part as never)
      .execute();
  }
}

export const insertProductRows = (db: Kysely<DB>, rows: ProductInsert[]) =>
  insertChunked(db, 'products', rows);
export const insertVariantRows = (db: Kysely<DB>, rows: VariantInsert[]) =>
  insertChunked(db, 'variants', rows);
export const insertBarcodeRows = (db: Kysely<DB>, rows: BarcodeInsert[]) =>
  insertChunked(db, 'barcodes', rows);
export const insertStorePriceRows = (db: Kysely<DB>, rows: StorePriceInsert[]) =>
  insertChunked(db, 'store_prices', rows);

/**
 * Adds products to the search index. SQLite's FTS5 table is contentless, so
 * the text is written to it explicitly (rowid = products.search_id);
 * PostgreSQL derives `search_prefixes` from `search_text` by itself.
 */
export async function addSearchEntries(
  db: Kysely<DB>,
  dialect: DialectName,
  entries: Array<{ searchId: number; text: string }>,
): Promise<void> {
  if (dialect !== 'sqlite' || entries.length === 0) return;
  for (const part of chunk(entries, rowsPerInsert(2))) {
    const values = sql.join(part.map((e) => sql`(${e.searchId}, ${e.text})`));
    await sql`insert into product_search (rowid, body) values ${values}`.execute(db);
  }
}

/** Replaces one product's search entry (SQLite only; PostgreSQL's column is generated). */
export async function replaceSearchEntry(
  db: Kysely<DB>,
  dialect: DialectName,
  searchId: number,
  text: string,
): Promise<void> {
  if (dialect !== 'sqlite') return;
  await sql`delete from product_search where rowid = ${searchId}`.execute(db);
  await sql`insert into product_search (rowid, body) values (${searchId}, ${text})`.execute(db);
}

/** Reserves `count` consecutive search ids; returns the first. */
export async function reserveSearchIds(db: Kysely<DB>, count: number): Promise<number> {
  const row = await db
    .updateTable('counters')
    .set({ value: sql`value + ${count}` })
    .where('name', '=', 'product_search_id')
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value) - count + 1;
}

/** Writes planned new products with their variants, barcodes, store prices and search entries. */
export async function insertPlannedProducts(
  db: Kysely<DB>,
  dialect: DialectName,
  plans: PlannedProduct[],
): Promise<void> {
  await insertProductRows(
    db,
    plans.map((p) => p.product),
  );
  await insertVariantRows(
    db,
    plans.flatMap((p) => p.variants),
  );
  await insertBarcodeRows(
    db,
    plans.flatMap((p) => p.barcodes),
  );
  await insertStorePriceRows(
    db,
    plans.flatMap((p) => p.storePrices),
  );
  await addSearchEntries(
    db,
    dialect,
    plans.map((p) => ({ searchId: Number(p.product.search_id), text: p.product.search_text })),
  );
}
