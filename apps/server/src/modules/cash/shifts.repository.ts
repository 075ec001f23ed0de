import type { Kysely, Transaction } from 'kysely';
import type { Shift, ZReport } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import type { CashShiftsTable } from '../../db/schema-cash.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** The API shape of a shift row. */
export function toShift(row: CashShiftsTable): Shift {
  return {
    id: row.id,
    storeId: row.store_id,
    registerId: row.register_id,
    currency: row.currency,
    status: row.status,
    openedAt: row.opened_at,
    openedBy: row.opened_by,
    openingFloat: Number(row.opening_float),
    openingDenominations: JSON.parse(row.opening_denominations) as Shift['openingDenominations'],
    previousShiftId: row.previous_shift_id,
    openingDiscrepancy: row.opening_discrepancy === null ? null : Number(row.opening_discrepancy),
    closedAt: row.closed_at,
    zReportId: row.z_report_id,
  };
}

/** A register with its store, when it belongs to the organisation. */
export async function findRegister(db: Executor, organisationId: string, registerId: string) {
  return db
    .selectFrom('registers')
    .innerJoin('stores', 'stores.id', 'registers.store_id')
    .select(['registers.id', 'stores.id as store_id', 'stores.currency', 'stores.time_zone'])
    .where('registers.id', '=', registerId)
    .where('stores.organisation_id', '=', organisationId)
    .executeTakeFirst();
}

export async function findShift(db: Executor, organisationId: string, shiftId: string): Promise<CashShiftsTable | undefined> {
  return db.selectFrom('cash_shifts').selectAll().where('id', '=', shiftId).where('organisation_id', '=', organisationId).executeTakeFirst();
}

export async function findOpenShift(db: Executor, organisationId: string, registerId: string): Promise<CashShiftsTable | undefined> {
  return db.selectFrom('cash_shifts').selectAll().where('register_id', '=', registerId).where('organisation_id', '=', organisationId).where('status', '=', 'open').executeTakeFirst();
}

/** The last Z report of a register: its number, perpetual grand total and the cash it left in the drawer. */
export async function lastZReport(db: Executor, registerId: string): Promise<ZReport | undefined> {
  const row = await db.selectFrom('z_reports').select('report').where('register_id', '=', registerId).orderBy('z_number', 'desc').limit(1).executeTakeFirst();
  return row ? (JSON.parse(row.report) as ZReport) : undefined;
}

export async function findZReport(db: Executor, organisationId: string, id: string): Promise<{ report: ZReport; requestHash: string } | undefined> {
  const row = await db.selectFrom('z_reports').select(['report', 'request_hash']).where('id', '=', id).where('organisation_id', '=', organisationId).executeTakeFirst();
  return row ? { report: JSON.parse(row.report) as ZReport, requestHash: row.request_hash } : undefined;
}

/** Z reports of a register, newest first. */
export async function listZReports(db: Executor, organisationId: string, registerId: string, limit: number): Promise<ZReport[]> {
  const rows = await db.selectFrom('z_reports').select('report').where('register_id', '=', registerId).where('organisation_id', '=', organisationId).orderBy('z_number', 'desc').limit(limit).execute();
  return rows.map((r) => JSON.parse(r.report) as ZReport);
}
