import i18next from 'i18next';
import type { Shift } from '@kassa/contracts';
import { isShiftTooOld } from '@kassa/domain';
import type { RegisterDatabase } from '../db/database.ts';
import type { ApiClient } from '../sync/api.ts';

/** The register's open shift as the device keeps it (meta `shift`); null when none is open. */
export interface LocalShift {
  id: string;
  openedAt: string;
  openingFloat: number;
  currency: string;
}

export const SHIFT_KEY = 'shift';

export async function localShift(db: RegisterDatabase): Promise<LocalShift | null> {
  return ((await db.meta.get(SHIFT_KEY))?.value as LocalShift | undefined) ?? null;
}

export async function setLocalShift(db: RegisterDatabase, shift: LocalShift | null): Promise<void> {
  if (shift) await db.meta.put({ key: SHIFT_KEY, value: shift });
  else await db.meta.delete(SHIFT_KEY);
}

export function toLocalShift(shift: Shift): LocalShift {
  return { id: shift.id, openedAt: shift.openedAt, openingFloat: shift.openingFloat, currency: shift.currency };
}

/** A sale or return committed more than 24 h after its shift opened is refused, offline too (CASH.md, "24 hours"). */
export class ShiftTooOldError extends Error {
  readonly code = 'CASH_SHIFT_TOO_OLD';
  constructor() {
    super(i18next.t('shift.tooOld'));
  }
}

/**
 * The shift a document committed now belongs to (read inside the commit's transaction, which must
 * include `meta`); throws ShiftTooOldError so the register never completes such a sale offline.
 */
export async function shiftForDocument(db: RegisterDatabase, deviceTime: string): Promise<string | null> {
  const shift = await localShift(db);
  if (!shift) return null;
  if (isShiftTooOld(shift.openedAt, deviceTime)) throw new ShiftTooOldError();
  return shift.id;
}

/** Asks the server for the register's open shift (another device may have opened or closed it); offline keeps what we know. */
export async function refreshShift(db: RegisterDatabase, api: ApiClient, token: string, registerId: string): Promise<LocalShift | null> {
  const answer = await api.call<Shift>('GET', `/api/v1/registers/${registerId}/shifts/current`, { token });
  if (answer.ok) {
    const shift = toLocalShift(answer.value);
    await setLocalShift(db, shift);
    return shift;
  }
  if (answer.error.status === 404) {
    await setLocalShift(db, null);
    return null;
  }
  return localShift(db);
}
