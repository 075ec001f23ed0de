import { sql, type Kysely } from 'kysely';

// The favourites of a store: the items on the register's favourites tiles, in order, as a JSON
// array of variant ids (portable text on both engines). Checked against the catalogue when saved;
// archived items are left out when read. A row only exists once a store's favourites were saved.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('store_favourites')
    .addColumn('store_id', 'text', (c) => c.primaryKey().references('stores.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('variant_ids', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version > 0`))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Kassa migrations are forward-only: restore a backup to go back.');
}
