import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../database.ts';

// The barcode look-up (find-variant-by-barcode.ts) reads its barcodes and
// store prices from indexes alone, so a scan touches fewer distinct pages: on
// PostgreSQL with a catalogue bigger than shared_buffers each of those pages
// is a likely first read, and they set the look-up's p99. Measured with
// EXPLAIN (BUFFERS) on 100,000 imported products: 8 distinct leaf/heap pages
// per look-up before, 7 after (one more with store prices, saved likewise).
//
// - barcodes_variant_cover_ix (variant_id, position, code) replaces
//   barcodes_variant_ix (variant_id): the variants' barcode lists (variantsJson
//   in products.repository.ts) come from the index in their order, without a
//   heap fetch per barcode. Both engines (SQLite uses a covering index by
//   itself); it serves the variant_id look-ups (product updates, foreign-key
//   checks) the old one served, and is made before the old one goes.
// - PostgreSQL: the barcodes primary key carries variant_id, so code →
//   variant is an index-only scan; store_prices_pk carries price, so the
//   store prices are too. INCLUDE columns are stored, not keyed: uniqueness,
//   ON CONFLICT inference and the violation's "Key (…)" detail stay as they
//   were. SQLite has no INCLUDE and cannot change a primary key in place; its
//   look-up is already fast (p99 ~0.15 ms) and stays as it is.
//
// Index-only needs the heap pages marked all-visible: the bulk import vacuums
// these tables (import-products.ts), autovacuum does it for other writes, and
// until then PostgreSQL fetches the row as it did before.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('barcodes_variant_cover_ix')
    .on('barcodes')
    .columns(['variant_id', 'position', 'code'])
    .execute();
  await db.schema.dropIndex('barcodes_variant_ix').execute();
  if (dialectOf(db) !== 'postgres') return;
  await sql`alter table barcodes
    drop constraint barcodes_pk,
    add constraint barcodes_pk primary key (organisation_id, code) include (variant_id)`.execute(db);
  await sql`alter table store_prices
    drop constraint store_prices_pk,
    add constraint store_prices_pk primary key (variant_id, store_id) include (price)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Kassa migrations are forward-only: restore a backup to go back.');
}
