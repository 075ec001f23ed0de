import { sql, type Kysely } from 'kysely';

// Offline card payments (store-and-forward, docs/PAYMENTS.md): the per-store limits, and on each
// attempt whether the terminal approved it without reaching its acquirer, how much it was allowed
// to approve offline, and where the upload of that stored transaction stands. A store without a
// settings row takes no offline payments. Also which nexo key each terminal uses. Portable types
// only (text timestamps, integer flags).

const ts = 'text';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('store_payment_settings')
    .addColumn('store_id', 'text', (c) => c.primaryKey().references('stores.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('offline_enabled', 'integer', (c) => c.notNull().check(sql`offline_enabled in (0, 1)`))
    .addColumn('offline_transaction_limit', 'bigint', (c) =>
      c.notNull().check(sql`offline_transaction_limit >= 0`),
    )
    .addColumn('offline_daily_limit', 'bigint', (c) => c.notNull().check(sql`offline_daily_limit >= 0`))
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version > 0`))
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addCheckConstraint(
      'store_payment_settings_limits_ck',
      sql`offline_transaction_limit <= offline_daily_limit`,
    )
    .execute();

  // What Kassa allowed the terminal to approve offline for this payment (0: online only), and the
  // store's business day it counts against.
  await db.schema
    .alterTable('payment_attempts')
    .addColumn('offline_allowance', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('payment_attempts').addColumn('business_day', 'text').execute();
  await db.schema
    .alterTable('payment_attempts')
    .addColumn('offline', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('payment_attempts').addColumn('offline_approved_at', ts).execute();
  await db.schema.alterTable('payment_attempts').addColumn('upload_deadline', ts).execute();
  // pending → uploaded | declined (at upload) | expired (not uploaded by the deadline)
  await db.schema
    .alterTable('payment_attempts')
    .addColumn('upload_status', 'text', (c) =>
      c.check(sql`upload_status in ('pending', 'uploaded', 'declined', 'expired')`),
    )
    .execute();
  await db.schema.alterTable('payment_attempts').addColumn('upload_checked_at', ts).execute();
  await db.schema.alterTable('payment_attempts').addColumn('upload_message', 'text').execute();
  // A key per terminal (nexo encryption on the LAN): which key, never its passphrase. The secret
  // comes from the environment or a keys file (KASSA_NEXO_KEYS_FILE); no key named: the default.
  await db.schema.alterTable('payment_terminals').addColumn('key_identifier', 'text').execute();
  await db.schema.alterTable('payment_terminals').addColumn('key_version', 'integer').execute();
  // The per-day total: offline attempts of one store and business day.
  await db.schema
    .createIndex('payment_attempts_offline_day_ix')
    .on('payment_attempts')
    .columns(['store_id', 'business_day', 'offline_allowance'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Kassa migrations are forward-only: restore a backup to go back.');
}
