import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../database.ts';

// Cash management (shifts, pay-ins/outs, Z reports), store tenders, the transactional outbox
// (jobs), printers with their print ledger, and receipt copies. Portable types only, like 0004.

const ts = 'text';

async function createCash(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cash_shifts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('register_id', 'text', (c) => c.notNull().references('registers.id'))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'closed')`))
    .addColumn('opened_at', ts, (c) => c.notNull())
    .addColumn('opened_by', 'text')
    .addColumn('opening_float', 'bigint', (c) => c.notNull())
    .addColumn('opening_denominations', 'text', (c) => c.notNull())
    .addColumn('previous_shift_id', 'text')
    .addColumn('opening_discrepancy', 'bigint')
    .addColumn('open_request_hash', 'text', (c) => c.notNull())
    .addColumn('recorded_at', ts, (c) => c.notNull())
    .addColumn('closed_at', ts)
    .addColumn('z_report_id', 'text')
    .execute();
  // One open shift per register, decided by the database even when two opens race.
  await db.schema.createIndex('cash_shifts_one_open_uq').on('cash_shifts').column('register_id').unique().where(sql.ref('status'), '=', 'open').execute();
  await db.schema.createIndex('cash_shifts_register_ix').on('cash_shifts').columns(['register_id', 'opened_at']).execute();

  await db.schema
    .createTable('cash_movements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('shift_id', 'text', (c) => c.notNull().references('cash_shifts.id'))
    .addColumn('register_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('pay_in', 'pay_out', 'no_sale')`))
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount >= 0`))
    .addColumn('reason', 'text')
    .addColumn('staff_id', 'text')
    .addColumn('occurred_at', ts, (c) => c.notNull())
    .addColumn('recorded_at', ts, (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('journal_seq', 'bigint', (c) => c.notNull())
    .addColumn('journal_hash', 'text', (c) => c.notNull())
    .addColumn('drawer_kick_job_id', 'text')
    .execute();
  await db.schema.createIndex('cash_movements_shift_ix').on('cash_movements').column('shift_id').execute();

  await db.schema
    .createTable('z_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('register_id', 'text', (c) => c.notNull())
    .addColumn('shift_id', 'text', (c) => c.notNull().unique().references('cash_shifts.id'))
    .addColumn('z_number', 'integer', (c) => c.notNull().check(sql`z_number > 0`))
    .addColumn('grand_total', 'bigint', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .addColumn('closed_at', ts, (c) => c.notNull())
    .addColumn('recorded_at', ts, (c) => c.notNull())
    .addUniqueConstraint('z_reports_register_number_uq', ['register_id', 'z_number'])
    .execute();

  await db.schema
    .createTable('store_tenders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('counted_at_close', 'integer', (c) => c.notNull())
    .addColumn('opens_drawer', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('store_tenders_name_uq', ['store_id', 'name_key'])
    .execute();

  // Sales remember their shift; old sales (before cash management) have none.
  await db.schema.alterTable('sales').addColumn('shift_id', 'text').execute();
  await db.schema.createIndex('sales_shift_ix').on('sales').column('shift_id').execute();
}

async function createOutbox(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'running', 'done', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', ts, (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', ts)
    .addColumn('last_error', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('completed_at', ts)
    .execute();
  await db.schema.createIndex('jobs_due_ix').on('jobs').columns(['status', 'next_attempt_at']).execute();

  await db.schema
    .createTable('printers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('register_id', 'text', (c) => c.notNull().references('registers.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull().check(sql`width in (58, 80)`))
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('printers_register_ix').on('printers').column('register_id').execute();

  // What reached each printer, by job id: a job whose bytes were fully written is never sent again.
  await db.schema
    .createTable('print_ledger')
    .addColumn('job_id', 'text', (c) => c.primaryKey())
    .addColumn('printer_id', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('sending', 'printed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('email_deliveries')
    .addColumn('job_id', 'text', (c) => c.primaryKey())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('sent_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('receipt_copies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('sale_id', 'text', (c) => c.notNull().references('sales.id'))
    .addColumn('copy_number', 'integer', (c) => c.notNull())
    .addColumn('staff_id', 'text')
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('journal_seq', 'bigint', (c) => c.notNull())
    .addColumn('journal_hash', 'text', (c) => c.notNull())
    .addColumn('print_job_id', 'text')
    .addColumn('occurred_at', ts, (c) => c.notNull())
    .addUniqueConstraint('receipt_copies_number_uq', ['sale_id', 'copy_number'])
    .execute();
}

/** History the database refuses to change: Z reports, cash movements and receipt copies. */
const APPEND_ONLY = ['z_reports', 'cash_movements', 'receipt_copies'];

async function protectHistory(db: Kysely<any>): Promise<void> {
  for (const table of APPEND_ONLY) {
    if (dialectOf(db) === 'sqlite') {
      for (const op of ['UPDATE', 'DELETE']) {
        await sql
          .raw(`create trigger ${table}_no_${op.toLowerCase()} before ${op} on ${table}
            begin select raise(abort, '${table} is append-only: record a correction instead'); end`)
          .execute(db);
      }
      continue;
    }
    // kassa_refuse_change() was created by 0004-selling.
    await sql.raw(`create trigger ${table}_append_only before update or delete on ${table} for each row execute function kassa_refuse_change()`).execute(db);
    await sql.raw(`create trigger ${table}_no_truncate before truncate on ${table} for each statement execute function kassa_refuse_change()`).execute(db);
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await createCash(db);
  await createOutbox(db);
  await protectHistory(db);
}

export async function down(): Promise<void> {
  throw new Error('Kassa migrations are forward-only: restore a backup to go back.');
}
