import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../database.ts';

// Staff, roles, sessions, enrolled devices, approvals, time clock and the
// append-only audit log. Portable types only, like 0001.

const ts = 'text';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('roles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('key', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('discount_limit_bp', 'integer', (c) =>
      c.notNull().check(sql`discount_limit_bp >= 0 and discount_limit_bp <= 10000`),
    )
    .addColumn('permissions', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('roles_org_key_uq', ['organisation_id', 'key'])
    .execute();

  await db.schema
    .createTable('staff')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    // Lower-cased by the repository; unique across organisations because
    // sign-in is by e-mail alone.
    .addColumn('email', 'text', (c) => c.unique())
    .addColumn('phone', 'text')
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('hourly_wage', 'bigint', (c) => c.check(sql`hourly_wage >= 0`))
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('all_stores_role_id', 'text', (c) => c.references('roles.id'))
    .addColumn('password_hash', 'text')
    .addColumn('pin_hash', 'text')
    .addColumn('failed_password_count', 'integer', (c) => c.notNull())
    .addColumn('password_locked_until', ts)
    .addColumn('failed_pin_count', 'integer', (c) => c.notNull())
    .addColumn('pin_locked_until', ts)
    .addColumn('failure_window_start', ts)
    .addColumn('failure_window_count', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('staff_org_name_ix')
    .on('staff')
    .columns(['organisation_id', 'name', 'id'])
    .execute();

  await db.schema
    .createTable('staff_store_roles')
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id'))
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('role_id', 'text', (c) => c.notNull().references('roles.id'))
    .addPrimaryKeyConstraint('staff_store_roles_pk', ['staff_id', 'store_id'])
    .execute();
  await db.schema
    .createIndex('staff_store_roles_store_ix')
    .on('staff_store_roles')
    .column('store_id')
    .execute();

  await db.schema
    .createTable('devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('register_id', 'text', (c) => c.notNull().references('registers.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('credential_hash', 'text', (c) => c.notNull().unique())
    .addColumn('enrolled_at', ts, (c) => c.notNull())
    .addColumn('enrolled_by', 'text')
    .addColumn('revoked_at', ts)
    .addColumn('failed_pin_streak', 'integer', (c) => c.notNull())
    .addColumn('pin_retry_after', ts)
    .addColumn('last_seen_at', ts)
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('csrf_hash', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('backOffice', 'register')`))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id'))
    .addColumn('device_id', 'text', (c) => c.references('devices.id'))
    .addColumn('store_id', 'text', (c) => c.references('stores.id'))
    .addColumn('register_id', 'text', (c) => c.references('registers.id'))
    .addColumn('ip', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_seen_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('revoked_at', ts)
    .execute();
  await db.schema.createIndex('sessions_staff_ix').on('sessions').column('staff_id').execute();
  await db.schema.createIndex('sessions_device_ix').on('sessions').column('device_id').execute();

  await db.schema
    .createTable('enrolment_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('register_id', 'text', (c) => c.notNull().references('registers.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('device_name', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('used_at', ts)
    .addColumn('device_id', 'text')
    .execute();

  await db.schema
    .createTable('approvals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
    .addColumn('permission', 'text', (c) => c.notNull())
    .addColumn('approver_staff_id', 'text', (c) => c.notNull().references('staff.id'))
    .addColumn('requested_by', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('consumed_at', ts)
    .addColumn('consumed_by', 'text')
    .execute();

  await db.schema
    .createTable('time_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id'))
    .addColumn('type', 'text', (c) =>
      c.notNull().check(sql`type in ('clock_in', 'clock_out', 'break_start', 'break_end')`),
    )
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('hourly_wage', 'bigint')
    .addColumn('device_id', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('time_entries_staff_at_ix')
    .on('time_entries')
    .columns(['staff_id', 'at'])
    .execute();
  await db.schema
    .createIndex('time_entries_store_at_ix')
    .on('time_entries')
    .columns(['store_id', 'at'])
    .execute();

  await db.schema
    .createTable('time_entry_corrections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entry_id', 'text', (c) => c.notNull().references('time_entries.id'))
    .addColumn('at', ts)
    .addColumn('voided', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('corrected_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('time_entry_corrections_entry_ix')
    .on('time_entry_corrections')
    .column('entry_id')
    .execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull().unique())
    .addColumn('organisation_id', 'text')
    .addColumn('occurred_at', ts, (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('success', 'failure', 'denied')`))
    .addColumn('target_kind', 'text')
    .addColumn('target_id', 'text')
    .addColumn('store_id', 'text')
    .addColumn('device_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('audit_events_org_ix')
    .on('audit_events')
    .columns(['organisation_id', 'seq'])
    .execute();
  await db.insertInto('counters').values({ name: 'audit_seq', value: 0 }).execute();

  await db.schema.alterTable('api_tokens').addColumn('created_by', 'text').execute();

  await refuseAuditChanges(db);
}

/** The audit log is append-only: the database itself refuses UPDATE, DELETE (and TRUNCATE on PostgreSQL). */
async function refuseAuditChanges(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    await sql`create trigger audit_events_no_update before update on audit_events
      begin select raise(abort, 'audit_events is append-only'); end`.execute(db);
    await sql`create trigger audit_events_no_delete before delete on audit_events
      begin select raise(abort, 'audit_events is append-only'); end`.execute(db);
    return;
  }
  await sql`create or replace function kassa_refuse_audit_change() returns trigger language plpgsql as $$
    begin raise exception 'audit_events is append-only'; end $$`.execute(db);
  await sql`create trigger audit_events_no_change before update or delete on audit_events
    for each row execute function kassa_refuse_audit_change()`.execute(db);
  await sql`create trigger audit_events_no_truncate before truncate on audit_events
    for each statement execute function kassa_refuse_audit_change()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Kassa migrations are forward-only: restore a backup to go back.');
}
