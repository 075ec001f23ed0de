import type { Transaction } from 'kysely';
import { FixedSql, runFixed } from '../../db/fixed-sql.ts';
import type { DB } from '../../db/schema.ts';
import type { CashShiftsTable } from '../../db/schema-cash.ts';
import { dialectOf } from '../../db/database.ts';
import { failure, type Outcome } from '../../http/errors.ts';

/** Who runs a cash command (from the credential, never the body). */
export interface CashCaller {
  organisationId: string;
  /** The signed-in person, used when the body names nobody. */
  staffId: string | null;
}

export const fail = (code: string, message: string, details?: Record<string, unknown>) => ({ ok: false as const, error: failure(code, message, details) });

/** Same id and body: the first answer; same id, other body: 409 (API.md, Idempotency). */
export function replayed<T>(stored: { requestHash: string; organisationId: string; value: T }, caller: CashCaller, hash: string, id: string): Outcome<T> {
  if (stored.organisationId !== caller.organisationId || stored.requestHash !== hash) {
    return fail('CASH_ID_REUSED', `Id ${id} was already used for another cash command: send a new id for a new command.`, { id });
  }
  return { ok: true, value: stored.value };
}

/**
 * Reads a shift inside a command and locks it on PostgreSQL: `share` for sales and cash movements
 * (many may run at once), `update` for the close, so a close waits for sales still being written
 * into the shift and sales after it see it closed. SQLite's single writer gives the same order.
 */
export async function lockShift(trx: Transaction<DB>, shiftId: string, mode: 'share' | 'update'): Promise<CashShiftsTable | undefined> {
  let query = trx.selectFrom('cash_shifts').selectAll().where('id', '=', shiftId);
  if (dialectOf(trx) === 'postgres') query = mode === 'share' ? query.forShare() : query.forUpdate();
  return query.executeTakeFirst();
}

// 'open' is written in the SQL, not bound: only then may either engine use the partial unique index
// of open shifts (a bound status made SQLite walk every shift the register ever had). Every sale asks.
const OPEN_SHIFT = 'select * from "cash_shifts" where "register_id" = ? and "status" = \'open\'';
const OPEN_SHIFT_SQL = { none: new FixedSql(OPEN_SHIFT), share: new FixedSql(`${OPEN_SHIFT} for share`), update: new FixedSql(`${OPEN_SHIFT} for update`) };

/** The open shift of a register, locked like lockShift. */
export async function lockOpenShift(trx: Transaction<DB>, registerId: string, mode: 'share' | 'update'): Promise<CashShiftsTable | undefined> {
  const statement = dialectOf(trx) === 'postgres' ? OPEN_SHIFT_SQL[mode] : OPEN_SHIFT_SQL.none;
  const [row] = await runFixed<CashShiftsTable>(trx, statement, [registerId]);
  return row;
}

/** Loads a shift of the caller's organisation, or the 404 failure. */
export async function shiftOfCaller(trx: Transaction<DB>, caller: CashCaller, shiftId: string, mode: 'share' | 'update'): Promise<Outcome<CashShiftsTable>> {
  const shift = await lockShift(trx, shiftId, mode);
  if (!shift || shift.organisation_id !== caller.organisationId) return fail('CASH_SHIFT_NOT_FOUND', `Shift ${shiftId} does not exist. Open a shift on the register first.`, { shiftId });
  return { ok: true, value: shift };
}
