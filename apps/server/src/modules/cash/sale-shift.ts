import type { Transaction } from 'kysely';
import { isShiftTooOld } from '@kassa/domain';
import type { SaleDocument } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import type { CashShiftsTable } from '../../db/schema-cash.ts';
import type { Outcome } from '../../http/errors.ts';
import { fail, lockOpenShift, lockShift } from './cash-command.ts';
import './cash.errors.ts';

export interface SaleShift {
  /** The shift whose Z report counts the sale (null: none). */
  shiftId: string | null;
  flags: Array<{ code: string; message: string; details?: Record<string, unknown> }>;
}

type SaleFacts = Pick<SaleDocument, 'registerId' | 'deviceTime' | 'shiftId'>;

/**
 * The shift a sale names (by id) or, naming none, its register's open shift, as the sale's
 * context read on PostgreSQL already locked it (null: there is none). Undefined: not read yet.
 */
export type LockedShift = Pick<CashShiftsTable, 'id' | 'register_id' | 'status' | 'opened_at' | 'z_report_id'>;

function tooOld(openedAt: string, shiftId: string): Outcome<SaleShift> {
  return fail('CASH_SHIFT_TOO_OLD', `The shift on this register was opened at ${openedAt}, more than 24 hours before this sale. Close the shift (Z report) and open a new one, then sell again.`, { shiftId, openedAt });
}

/**
 * Decides the shift of a sale inside the sale's transaction (locking it on PostgreSQL so a close
 * cannot slip between this check and the sale's commit; `alreadyLocked` when that lock was taken):
 * - a sale naming an open shift of its register joins it, unless its device time is more than
 *   24 h after the opening: then it is refused (CASH_SHIFT_TOO_OLD). Device time decides, so a
 *   sale rung up offline before the limit and synced later is accepted;
 * - a closed shift is flagged SHIFT_CLOSED (the Z is immutable: the sale is recorded, the manager
 *   sees it), an unknown one SHIFT_UNKNOWN (kept: its open may still be on its way);
 * - a sale without shiftId (API clients) joins the register's open shift, with the same 24 h rule.
 */
export async function assignSaleShift(
  trx: Transaction<DB>,
  doc: SaleFacts,
  alreadyLocked?: LockedShift | null,
): Promise<Outcome<SaleShift>> {
  if (!doc.shiftId) {
    const open = alreadyLocked !== undefined ? alreadyLocked : await lockOpenShift(trx, doc.registerId, 'share');
    if (!open) return { ok: true, value: { shiftId: null, flags: [] } };
    if (isShiftTooOld(open.opened_at, doc.deviceTime)) return tooOld(open.opened_at, open.id);
    return { ok: true, value: { shiftId: open.id, flags: [] } };
  }
  const shift = alreadyLocked !== undefined ? alreadyLocked : await lockShift(trx, doc.shiftId, 'share');
  if (!shift || shift.register_id !== doc.registerId) {
    const flag = { code: 'SHIFT_UNKNOWN', message: `The sale names shift ${doc.shiftId}, which this register does not have (yet): check that the shift was opened and synced.`, details: { shiftId: doc.shiftId } };
    return { ok: true, value: { shiftId: shift ? null : doc.shiftId, flags: [flag] } };
  }
  if (shift.status === 'closed') {
    const flag = { code: 'SHIFT_CLOSED', message: `The sale belongs to shift ${shift.id}, which was already closed (Z report ${shift.z_report_id}): it is not in that Z report; count it in the cash differences.`, details: { shiftId: shift.id, zReportId: shift.z_report_id } };
    return { ok: true, value: { shiftId: shift.id, flags: [flag] } };
  }
  if (isShiftTooOld(shift.opened_at, doc.deviceTime)) return tooOld(shift.opened_at, shift.id);
  return { ok: true, value: { shiftId: shift.id, flags: [] } };
}
