import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../database.ts';

// Selling: sales and their lines, taxes and tenders; the stock ledger; the
// hash-chained journal; register sync. Uniqueness that makes sync idempotent
// lives here, in constraints, not only in code.

const ts = 'text';

async function createSales(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sales')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('register_id', 'text', (c) => c.notNull().references('registers.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('sale', 'return', 'exchange', 'void')`))
    .addColumn('receipt_number', 'integer', (c) => c.notNull().check(sql`receipt_number > 0`))
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('subtotal', 'bigint', (c) => c.notNull())
    .addColumn('discount_total', 'bigint', (c) => c.notNull())
    .addColumn('tax_total', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('rounding', 'bigint', (c) => c.notNull())
    .addColumn('paid_total', 'bigint', (c) => c.notNull())
    .addColumn('change_total', 'bigint', (c) => c.notNull())
    .addColumn('staff_id', 'text')
    .addColumn('customer_id', 'text')
    .addColumn('original_sale_id', 'text', (c) => c.references('sales.id'))
    .addColumn('reason_code', 'text')
    .addColumn('note', 'text')
    .addColumn('device_time', ts, (c) => c.notNull())
    .addColumn('received_at', ts, (c) => c.notNull())
    .addColumn('business_day', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('flags', 'text', (c) => c.notNull())
    .addColumn('flagged', 'integer', (c) => c.notNull())
    .addColumn('journal_seq', 'bigint', (c) => c.notNull())
    .addColumn('journal_hash', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addUniqueConstraint('sales_register_receipt_uq', ['register_id', 'kind', 'receipt_number'])
    .execute();
  await db.schema
    .createIndex('sales_org_day_ix')
    .on('sales')
    .columns(['organisation_id', 'business_day', 'id'])
    .execute();
  await db.schema
    .createIndex('sales_store_day_ix')
    .on('sales')
    .columns(['store_id', 'business_day'])
    .execute();
  await db.schema.createIndex('sales_original_ix').on('sales').column('original_sale_id').execute();
  // A sale can be voided once: the second void of the same sale is refused by the database.
  await db.schema
    .createIndex('sales_one_void_uq')
    .on('sales')
    .column('original_sale_id')
    .unique()
    .where(sql.ref('kind'), '=', 'void')
    .execute();

  await db.schema
    .createTable('sale_lines')
    .addColumn('sale_id', 'text', (c) => c.notNull().references('sales.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('line_id', 'text', (c) => c.notNull())
    .addColumn('variant_id', 'text', (c) => c.references('variants.id'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quantity_milli', 'bigint', (c) => c.notNull())
    .addColumn('weighed', 'integer', (c) => c.notNull())
    .addColumn('unit_price', 'bigint', (c) => c.notNull())
    .addColumn('catalogue_unit_price', 'bigint')
    .addColumn('line_discount', 'bigint', (c) => c.notNull())
    .addColumn('order_discount', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('net', 'bigint', (c) => c.notNull())
    .addColumn('tax', 'bigint', (c) => c.notNull())
    .addColumn('sold_by_staff_id', 'text')
    .addColumn('original_sale_id', 'text')
    .addColumn('original_line_id', 'text')
    .addColumn('returned_quantity_milli', 'bigint', (c) =>
      c.notNull().check(sql`returned_quantity_milli >= 0`),
    )
    .addPrimaryKeyConstraint('sale_lines_pk', ['sale_id', 'line_no'])
    .addUniqueConstraint('sale_lines_line_uq', ['sale_id', 'line_id'])
    // A line can never have more returned than it sold, even when two returns race.
    .addCheckConstraint('sale_lines_returned_ck', sql`returned_quantity_milli <= abs(quantity_milli)`)
    .execute();
  await db.schema.createIndex('sale_lines_variant_ix').on('sale_lines').column('variant_id').execute();

  await db.schema
    .createTable('sale_taxes')
    .addColumn('sale_id', 'text', (c) => c.notNull().references('sales.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('rate_bp', 'integer', (c) => c.notNull())
    .addColumn('base', 'bigint', (c) => c.notNull())
    .addColumn('tax', 'bigint', (c) => c.notNull())
    .addColumn('gross', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sale_taxes_pk', ['sale_id', 'code'])
    .execute();

  await db.schema
    .createTable('sale_tenders')
    .addColumn('sale_id', 'text', (c) => c.notNull().references('sales.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('tendered', 'bigint')
    .addColumn('change', 'bigint', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sale_tenders_pk', ['sale_id', 'position'])
    .execute();
}

async function createStockLedger(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stock_movements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('variant_id', 'text', (c) => c.notNull().references('variants.id'))
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('sale', 'return', 'void', 'adjustment', 'count', 'receipt', 'transfer_out', 'transfer_in', 'reservation', 'initial')`,
        ),
    )
    .addColumn('quantity_milli', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('document_id', 'text')
    .addColumn('staff_id', 'text')
    .addColumn('occurred_at', ts, (c) => c.notNull())
    .addColumn('recorded_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('stock_movements_level_ix')
    .on('stock_movements')
    .columns(['store_id', 'variant_id'])
    .execute();
  await db.schema
    .createIndex('stock_movements_document_ix')
    .on('stock_movements')
    .column('document_id')
    .execute();

  await db.schema
    .createTable('stock_levels')
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('variant_id', 'text', (c) => c.notNull().references('variants.id'))
    .addColumn('on_hand_milli', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('stock_levels_pk', ['store_id', 'variant_id'])
    .execute();

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('store_id', 'text')
    .addColumn('register_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reference_id', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('resolved_at', ts)
    .execute();
  await db.schema
    .createIndex('incidents_open_ix')
    .on('incidents')
    .columns(['organisation_id', 'resolved_at', 'created_at'])
    .execute();
}

async function createJournal(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('journal_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('chain_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull().check(sql`seq > 0`))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('store_id', 'text')
    .addColumn('register_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text')
    .addColumn('occurred_at', ts, (c) => c.notNull())
    .addColumn('recorded_at', ts, (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('previous_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addUniqueConstraint('journal_entries_chain_seq_uq', ['chain_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('journal_entries_org_ix')
    .on('journal_entries')
    .columns(['organisation_id', 'recorded_at'])
    .execute();
  await db.schema
    .createIndex('journal_entries_document_ix')
    .on('journal_entries')
    .column('document_id')
    .execute();

  // The head of each chain, kept outside the chain so a cut-off tail shows.
  await db.schema
    .createTable('journal_heads')
    .addColumn('chain_id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
}

async function createSync(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('register_leases')
    .addColumn('register_id', 'text', (c) => c.primaryKey().references('registers.id'))
    .addColumn('holder_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('acquired_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('register_sync_status')
    .addColumn('register_id', 'text', (c) => c.primaryKey().references('registers.id'))
    .addColumn('last_sync_at', ts)
    .addColumn('last_heartbeat_at', ts, (c) => c.notNull())
    .addColumn('pending_items', 'integer', (c) => c.notNull())
    .addColumn('app_version', 'text')
    .addColumn('storage_persisted', 'integer')
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('sync_items')
    .addColumn('register_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('recorded_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_items_pk', ['register_id', 'item_id'])
    .execute();
}

/** Rows that are history: the database refuses to change or remove them. */
const APPEND_ONLY = ['journal_entries', 'sales', 'sale_taxes', 'sale_tenders', 'stock_movements'];

async function protectHistory(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    for (const table of APPEND_ONLY) {
      for (const op of ['UPDATE', 'DELETE']) {
        await sql
          .raw(
            `create trigger ${table}_no_${op.toLowerCase()} before ${op} on ${table}
            begin select raise(abort, '${table} is append-only: record a correction instead'); end`,
          )
          .execute(db);
      }
    }
    // Sale lines may only have their returned quantity raised.
    await sql`create trigger sale_lines_no_delete before delete on sale_lines
      begin select raise(abort, 'sale_lines is append-only'); end`.execute(db);
    await sql`create trigger sale_lines_only_returns before update on sale_lines
      when new.returned_quantity_milli < old.returned_quantity_milli
        or new.sale_id is not old.sale_id or new.line_no is not old.line_no or new.line_id is not old.line_id
        or new.variant_id is not old.variant_id or new.quantity_milli is not old.quantity_milli
        or new.unit_price is not old.unit_price or new.total is not old.total or new.tax is not old.tax
        or new.net is not old.net or new.line_discount is not old.line_discount or new.order_discount is not old.order_discount
        or new.description is not old.description or new.sold_by_staff_id is not old.sold_by_staff_id
      begin select raise(abort, 'sale_lines: only the returned quantity may grow'); end`.execute(db);
    return;
  }
  await sql`create function kassa_refuse_change() returns trigger language plpgsql as $$
    begin raise exception '% is append-only: record a correction instead', tg_table_name; end $$`.execute(db);
  for (const table of APPEND_ONLY) {
    await sql
      .raw(
        `create trigger ${table}_append_only before update or delete on ${table}
        for each row execute function kassa_refuse_change()`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${table}_no_truncate before truncate on ${table} for each statement execute function kassa_refuse_change()`,
      )
      .execute(db);
  }
  await sql`create function kassa_sale_lines_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then raise exception 'sale_lines is append-only'; end if;
      if new.returned_quantity_milli < old.returned_quantity_milli
        or (new.sale_id, new.line_no, new.line_id, new.variant_id, new.quantity_milli, new.unit_price, new.total, new.tax,
            new.net, new.line_discount, new.order_discount, new.description, new.sold_by_staff_id)
          is distinct from
           (old.sale_id, old.line_no, old.line_id, old.variant_id, old.quantity_milli, old.unit_price, old.total, old.tax,
            old.net, old.line_discount, old.order_discount, old.description, old.sold_by_staff_id)
      then raise exception 'sale_lines: only the returned quantity may grow'; end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger sale_lines_guard before update or delete on sale_lines
    for each row execute function kassa_sale_lines_guard()`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await createSales(db);
  await createStockLedger(db);
  await createJournal(db);
  await createSync(db);
  await protectHistory(db);
}

export async function down(): Promise<void> {
  throw new Error('Kassa migrations are forward-only: restore a backup to go back.');
}
