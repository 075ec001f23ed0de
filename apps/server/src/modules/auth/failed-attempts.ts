import type { Transaction } from 'kysely';
import { dialectOf } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { recordAudit, type AuditContext } from './audit.ts';
import { afterFailure, type SecretKind } from './lockout.ts';

/**
 * Counts one more wrong PIN or password on the staff member's row (lockout.ts), read again inside
 * the transaction and, on PostgreSQL, locked for the update: two failures at the same moment both
 * count. True when this failure has just locked the account.
 */
export async function countFailedAttempt(
  trx: Transaction<DB>,
  staffId: string,
  kind: SecretKind,
  now: string,
): Promise<boolean> {
  let fresh = trx.selectFrom('staff').selectAll().where('id', '=', staffId);
  if (dialectOf(trx) === 'postgres') fresh = fresh.forUpdate();
  const next = afterFailure(await fresh.executeTakeFirstOrThrow(), kind, now);
  await trx.updateTable('staff').set(next.patch).where('id', '=', staffId).execute();
  return next.locked;
}

/** The audit entry of an account that failed attempts have just locked. */
export function recordLockout(
  trx: Transaction<DB>,
  where: AuditContext,
  staffId: string,
  kind: SecretKind,
  now: string,
): Promise<number> {
  return recordAudit(
    trx,
    where,
    { action: 'staff.locked', outcome: 'success', targetKind: 'staff', targetId: staffId, details: { kind } },
    now,
  );
}
