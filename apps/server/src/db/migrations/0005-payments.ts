import { sql, type Kysely } from 'kysely';

// Card payments: the terminals of each store, payment attempts (a state
// machine, see modules/payments/attempt-states.ts) and their event trail.
// The rules that keep money safe live in constraints, not only in code.

const ts = 'text';

async function createTerminals(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('payment_terminals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('register_id', 'text', (c) => c.references('registers.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('adapter', 'text', (c) => c.notNull().check(sql`adapter in ('simulator', 'adyen')`))
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('poi_id', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payment_terminals_store_ix').on('payment_terminals').columns(['organisation_id', 'store_id']).execute();
}

async function createAttempts(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('payment_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('register_id', 'text', (c) => c.notNull().references('registers.id'))
    .addColumn('terminal_id', 'text', (c) => c.notNull().references('payment_terminals.id'))
    .addColumn('sale_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('payment', 'refund')`))
    .addColumn('original_attempt_id', 'text', (c) => c.references('payment_attempts.id'))
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('created', 'in_progress', 'approved', 'declined', 'cancelled', 'unknown')`))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('progress', 'text')
    .addColumn('abort_requested', 'integer', (c) => c.notNull())
    .addColumn('brand', 'text')
    .addColumn('masked_pan', 'text')
    .addColumn('entry_mode', 'text')
    .addColumn('auth_code', 'text')
    .addColumn('provider_reference', 'text')
    .addColumn('provider_time', 'text')
    .addColumn('failure_reason', 'text')
    .addColumn('failure_message', 'text')
    .addColumn('reversal_status', 'text', (c) => c.check(sql`reversal_status in ('pending', 'done', 'failed')`))
    .addColumn('reversal_reason', 'text')
    .addColumn('reversal_at', ts)
    .addColumn('staff_id', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    // A masked PAN keeps at most the first 6 and last 4 digits (PCI DSS 3.4).
    .addCheckConstraint('payment_attempts_masked_pan_ck', sql`masked_pan is null or length(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(masked_pan, '0', ''), '1', ''), '2', ''), '3', ''), '4', ''), '5', ''), '6', ''), '7', ''), '8', ''), '9', '')) >= length(masked_pan) - 10`)
    .addUniqueConstraint('payment_attempts_service_uq', ['terminal_id', 'service_id'])
    .execute();
  // No new attempt on a sale while another one of it may still take money:
  // the database refuses a second open attempt even when two requests race.
  await db.schema
    .createIndex('payment_attempts_one_open_uq')
    .on('payment_attempts')
    .columns(['sale_id', 'kind'])
    .unique()
    .where(sql.ref('state'), 'in', ['created', 'in_progress', 'unknown'])
    .execute();
  await db.schema.createIndex('payment_attempts_sale_ix').on('payment_attempts').columns(['organisation_id', 'sale_id']).execute();
  await db.schema.createIndex('payment_attempts_original_ix').on('payment_attempts').column('original_attempt_id').execute();
  await db.schema.createIndex('payment_attempts_list_ix').on('payment_attempts').columns(['organisation_id', 'id']).execute();

  await db.schema
    .createTable('payment_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('attempt_id', 'text', (c) => c.notNull().references('payment_attempts.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payment_events_attempt_ix').on('payment_events').columns(['attempt_id', 'id']).execute();
}

export async function up(db: Kysely<any>): Promise<void> {
  await createTerminals(db);
  await createAttempts(db);
}

export async function down(): Promise<void> {
  throw new Error('Kassa migrations are forward-only: restore a backup to go back.');
}
