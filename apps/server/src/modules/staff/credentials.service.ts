import { HttpError, failure } from '../../http/errors.ts';
import {
  deriveOfflineVerifier,
  hashSecret,
  NO_FAILURES,
  saveOfflineVerifier,
  recordAudit,
  revokeStaffSessions,
  verifySecret,
  type Actor,
  type AuditContext,
  type AuthContext,
} from '../auth/index.ts';
import { assertCanEditStaff } from './grant-checks.ts';
import { isOwnerRecord } from './staff.repository.ts';
import { visibleStaff } from './staff.service.ts';

/**
 * Sets or changes a PIN (stored hashed with the pepper, never returned); a new PIN also lifts a
 * PIN lock and replaces the person's offline verifier.
 */
export async function setStaffPin(
  ctx: AuthContext,
  actor: Actor,
  staffId: string,
  pin: string,
  audit: AuditContext,
): Promise<void> {
  const record = await visibleStaff(ctx.db, actor, staffId);
  assertCanEditStaff(actor, isOwnerRecord(record));
  const pepper = await ctx.pepper();
  const pinHash = await hashSecret(pin, pepper);
  // The offline verifier changes with the PIN (new salt), so devices drop the old PIN at their next refresh.
  const offline = await deriveOfflineVerifier(staffId, pin, pepper, ctx.settings.offlinePinIterations);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('staff')
      .set({ pin_hash: pinHash, failed_pin_count: 0, pin_locked_until: null, updated_at: now })
      .where('id', '=', staffId)
      .execute();
    await saveOfflineVerifier(trx, { id: staffId, organisationId: record.row.organisation_id }, offline, now);
    await recordAudit(
      trx,
      audit,
      { action: 'staff.pin_changed', outcome: 'success', targetKind: 'staff', targetId: staffId },
      now,
    );
  });
}

/**
 * Sets a back-office password. Changing your own needs the current one;
 * otherwise it is a reset by someone with staff.manage (no e-mail flow yet:
 * a reset link would call this same use case). All the person's other
 * sessions end.
 */
export async function setStaffPassword(
  ctx: AuthContext,
  actor: Actor,
  staffId: string,
  input: { password: string; currentPassword?: string | undefined },
  audit: AuditContext,
): Promise<void> {
  const record = await visibleStaff(ctx.db, actor, staffId);
  assertCanEditStaff(actor, isOwnerRecord(record));
  if (!record.row.email)
    throw new HttpError(
      failure(
        'STAFF_NO_EMAIL',
        'Give this staff member an e-mail address first: it is their back-office login.',
        { field: 'email' },
      ),
    );
  const pepper = await ctx.pepper();
  const self = actor.kind === 'staffSession' && actor.staffId === staffId;
  if (self && record.row.password_hash !== null) {
    const ok =
      input.currentPassword !== undefined &&
      (await verifySecret(record.row.password_hash, input.currentPassword, pepper));
    if (!ok)
      throw new HttpError(
        failure('STAFF_WRONG_PASSWORD', 'The current password is not correct.', { field: 'currentPassword' }),
      );
  }
  const passwordHash = await hashSecret(input.password, pepper);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('staff')
      .set({
        password_hash: passwordHash,
        failed_password_count: 0,
        password_locked_until: null,
        updated_at: now,
      })
      .where('id', '=', staffId)
      .execute();
    await revokeStaffSessions(
      trx,
      staffId,
      now,
      self && actor.kind === 'staffSession' ? actor.sessionId : undefined,
    );
    await recordAudit(
      trx,
      audit,
      {
        action: self ? 'staff.password_changed' : 'staff.password_reset',
        outcome: 'success',
        targetKind: 'staff',
        targetId: staffId,
      },
      now,
    );
  });
}

/** Lifts PIN and password locks and the hourly failure cap. */
export async function unlockStaff(
  ctx: AuthContext,
  actor: Actor,
  staffId: string,
  audit: AuditContext,
): Promise<void> {
  const record = await visibleStaff(ctx.db, actor, staffId);
  assertCanEditStaff(actor, isOwnerRecord(record));
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('staff')
      .set(NO_FAILURES)
      .where('id', '=', staffId)
      .execute();
    await recordAudit(
      trx,
      audit,
      { action: 'staff.unlocked', outcome: 'success', targetKind: 'staff', targetId: staffId },
      now,
    );
  });
}
