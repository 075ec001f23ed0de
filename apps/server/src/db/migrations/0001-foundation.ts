import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../database.ts';

// One migration set for both databases: portable column types only (text,
// integer, bigint), app-generated text ids, no auto-increment. Full-text search
// is the one place the dialects differ (FTS5 vs tsvector), kept at the end.

const ts = 'text';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organisations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tax_zones')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tax_classes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('tax_classes_org_code_uq', ['organisation_id', 'code'])
    .execute();

  await db.schema
    .createTable('tax_rates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('tax_zone_id', 'text', (c) => c.notNull().references('tax_zones.id'))
    .addColumn('tax_class_id', 'text', (c) => c.notNull().references('tax_classes.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('rate_bp', 'integer', (c) => c.notNull().check(sql`rate_bp >= 0 and rate_bp <= 100000`))
    .addColumn('change_seq', 'bigint', (c) => c.notNull())
    .addColumn('archived_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tax_rates_zone_class_ix').on('tax_rates').columns(['tax_zone_id', 'tax_class_id']).execute();
  await db.schema.createIndex('tax_rates_change_seq_ix').on('tax_rates').column('change_seq').execute();

  await db.schema
    .createTable('stores')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address_line1', 'text', (c) => c.notNull())
    .addColumn('postal_code', 'text', (c) => c.notNull())
    .addColumn('city', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('vat_number', 'text')
    .addColumn('kvk_number', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('prices_include_tax', 'integer', (c) => c.notNull())
    .addColumn('tax_rounding', 'text', (c) => c.notNull())
    .addColumn('cash_rounding', 'text', (c) => c.notNull())
    .addColumn('tax_zone_id', 'text', (c) => c.notNull().references('tax_zones.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('registers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('categories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('parent_id', 'text', (c) => c.references('categories.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('change_seq', 'bigint', (c) => c.notNull())
    .addColumn('archived_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('categories_change_seq_ix').on('categories').column('change_seq').execute();

  await db.schema
    .createTable('brands')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('brands_org_name_uq', ['organisation_id', 'name'])
    .execute();

  await db.schema
    .createTable('products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text', (c) => c.references('categories.id'))
    .addColumn('brand_id', 'text', (c) => c.references('brands.id'))
    .addColumn('tax_class_id', 'text', (c) => c.notNull().references('tax_classes.id'))
    .addColumn('unit', 'text', (c) => c.notNull().check(sql`unit in ('piece', 'weight')`))
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('images', 'text', (c) => c.notNull())
    .addColumn('option_names', 'text', (c) => c.notNull())
    .addColumn('search_id', 'bigint', (c) => c.notNull().unique())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('change_seq', 'bigint', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('archived_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('products_change_seq_ix').on('products').column('change_seq').execute();
  await db.schema.createIndex('products_org_name_ix').on('products').columns(['organisation_id', 'name', 'id']).execute();
  await db.schema.createIndex('products_category_ix').on('products').column('category_id').execute();

  await db.schema
    .createTable('variants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('price', 'bigint', (c) => c.notNull().check(sql`price >= 0`))
    .addColumn('cost_price', 'bigint', (c) => c.check(sql`cost_price >= 0`))
    .addColumn('supplier_code', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('archived_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('variants_org_sku_uq', ['organisation_id', 'sku'])
    .execute();
  await db.schema.createIndex('variants_product_ix').on('variants').columns(['product_id', 'position']).execute();

  await db.schema
    .createTable('barcodes')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('variant_id', 'text', (c) => c.notNull().references('variants.id'))
    .addColumn('symbology', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('barcodes_pk', ['organisation_id', 'code'])
    .execute();
  await db.schema.createIndex('barcodes_variant_ix').on('barcodes').column('variant_id').execute();

  await db.schema
    .createTable('store_prices')
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('variant_id', 'text', (c) => c.notNull().references('variants.id'))
    .addColumn('price', 'bigint', (c) => c.notNull().check(sql`price >= 0`))
    .addPrimaryKeyConstraint('store_prices_pk', ['variant_id', 'store_id'])
    .execute();

  await db.schema
    .createTable('scheduled_prices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('variant_id', 'text', (c) => c.notNull().references('variants.id'))
    .addColumn('store_id', 'text', (c) => c.references('stores.id'))
    .addColumn('price', 'bigint', (c) => c.notNull().check(sql`price >= 0`))
    .addColumn('starts_at', ts, (c) => c.notNull())
    .addColumn('applied_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('scheduled_prices_due_ix').on('scheduled_prices').columns(['applied_at', 'starts_at']).execute();

  await db.schema
    .createTable('counters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('counters').values({ name: 'catalog_change', value: 0 }).execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts)
    .addColumn('revoked_at', ts)
    .addColumn('last_used_at', ts)
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('response_body', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
    .execute();

  await createSearchIndex(db);
}

/** Full-text search: FTS5 on SQLite, a tsvector GIN index on PostgreSQL. */
async function createSearchIndex(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    // Contentless: the text lives in products.search_text; the FTS rowid is
    // products.search_id (a stable integer, unlike SQLite's implicit rowid,
    // which VACUUM may renumber). Diacritics folded so "creme" finds "Crème".
    await sql`create virtual table product_search using fts5(
      body, content='', contentless_delete=1,
      tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')`.execute(db);
    return;
  }
  await sql`alter table products add column search_vector tsvector
    generated always as (to_tsvector('simple', search_text)) stored`.execute(db);
  await sql`create index products_search_ix on products using gin (search_vector)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Kassa migrations are forward-only: restore a backup to go back.');
}
