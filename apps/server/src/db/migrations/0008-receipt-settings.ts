import { sql, type Kysely } from 'kysely';

// Receipt settings per store: header and footer lines, a small PNG logo and the receipt
// language. A row only exists once a store's settings were saved; without one the receipt
// has no header, footer or logo and speaks the store's default language. Portable types only:
// lines are JSON text, the logo is base64 text (no blob/bytea difference between the engines).

const ts = 'text';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('store_receipt_settings')
    .addColumn('store_id', 'text', (c) => c.primaryKey().references('stores.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('header_lines', 'text', (c) => c.notNull())
    .addColumn('footer_lines', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.check(sql`locale in ('nl', 'en')`))
    .addColumn('logo_png', 'text')
    .addColumn('logo_width', 'integer')
    .addColumn('logo_height', 'integer')
    .addColumn('logo_bytes', 'integer')
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version > 0`))
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Kassa migrations are forward-only: restore a backup to go back.');
}
