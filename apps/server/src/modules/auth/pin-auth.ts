import { HttpError, failure } from '../../http/errors.ts';
import type { DeviceActor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { countFailedAttempt, recordLockout } from './failed-attempts.ts';
import { secondsUntil, type AuthContext } from './context.ts';
import { afterDeviceFailure, afterSuccess, deviceWaitSeconds, lockedUntil } from './lockout.ts';
import { verifyDummy, verifySecret } from './secrets.ts';
import { ensureOfflineVerifier } from './offline-pins.ts';
import { worksInStores } from './staff-in-store.ts';

/** The device a PIN is typed on, whatever the credential (device or register session). */
export type PinDevice = Pick<DeviceActor, 'deviceId' | 'organisationId' | 'storeId' | 'registerId'>;

const WRONG_PIN =
  'The PIN is not correct. Try again; after 5 wrong PINs the account is locked for 30 minutes.';

/**
 * Checks a staff member's PIN on an enrolled device, with every guessing
 * limit of lockout.ts. Only staff who work in the device's store can sign in
 * there; anyone else is answered exactly like a wrong PIN. Returns the staff
 * member, or throws 401/429. Failures are counted and audited.
 */
export async function verifyPinOnDevice(
  ctx: AuthContext,
  device: PinDevice,
  input: { staffId: string; pin: string; ip: string | null; purpose: string },
): Promise<{ staffId: string; name: string; allStoresRoleId: string | null }> {
  const now = ctx.now();
  const deviceRow = await ctx.db
    .selectFrom('devices')
    .select(['pin_retry_after', 'failed_pin_streak'])
    .where('id', '=', device.deviceId)
    .executeTakeFirstOrThrow();
  const wait = deviceWaitSeconds(deviceRow, now);
  if (wait > 0) {
    throw new HttpError(
      failure(
        'AUTH_DEVICE_BACKOFF',
        `Too many wrong PINs on this register. Wait ${wait} seconds and try again.`,
        { retryAfter: wait },
      ),
    );
  }
  const staff = await ctx.db
    .selectFrom('staff')
    .selectAll()
    .where('id', '=', input.staffId)
    .where('organisation_id', '=', device.organisationId)
    .where('active', '=', 1)
    .where(worksInStores([device.storeId]))
    .executeTakeFirst();
  const pepper = await ctx.pepper();
  const lock = staff ? lockedUntil(staff, 'pin', now) : null;
  const ok =
    staff && staff.pin_hash && !lock
      ? await verifySecret(staff.pin_hash, input.pin, pepper)
      : await verifyDummy(input.pin, pepper);
  if (ok && staff) {
    await ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('staff').set(afterSuccess('pin')).where('id', '=', staff.id).execute();
      await trx
        .updateTable('devices')
        .set({ failed_pin_streak: 0, pin_retry_after: null })
        .where('id', '=', device.deviceId)
        .execute();
    });
    // The PIN is known to be right only here: the moment to derive a missing offline verifier.
    await ensureOfflineVerifier(
      ctx.db,
      { id: staff.id, organisationId: device.organisationId },
      input.pin,
      pepper,
      now,
      ctx.settings.offlinePinIterations,
    );
    return { staffId: staff.id, name: staff.name, allStoresRoleId: staff.all_stores_role_id };
  }
  const justLocked = await ctx.db.transaction().execute(async (trx) => {
    const dev = await trx
      .selectFrom('devices')
      .select('failed_pin_streak')
      .where('id', '=', device.deviceId)
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('devices')
      .set(afterDeviceFailure(dev, now))
      .where('id', '=', device.deviceId)
      .execute();
    const locked = staff && !lock ? await countFailedAttempt(trx, staff.id, 'pin', now) : false;
    const where = {
      organisationId: device.organisationId,
      actorKind: 'device' as const,
      actorId: device.deviceId,
      storeId: device.storeId,
      deviceId: device.deviceId,
      ip: input.ip,
    };
    await recordAudit(
      trx,
      where,
      {
        action: 'auth.pin_failed',
        outcome: 'failure',
        targetKind: 'staff',
        targetId: input.staffId,
        details: { purpose: input.purpose, known: Boolean(staff), locked: Boolean(lock) },
      },
      now,
    );
    if (locked) await recordLockout(trx, where, input.staffId, 'pin', now);
    return locked;
  });
  const until =
    lock ??
    (justLocked
      ? (
          await ctx.db
            .selectFrom('staff')
            .select('pin_locked_until')
            .where('id', '=', input.staffId)
            .executeTakeFirst()
        )?.pin_locked_until
      : null);
  if (staff && until) {
    throw new HttpError(
      failure(
        'AUTH_STAFF_LOCKED',
        'This PIN is locked after too many wrong attempts. Ask a manager to unlock it, or wait.',
        { retryAfter: secondsUntil(now, until) },
      ),
    );
  }
  throw new HttpError(failure('AUTH_INVALID_CREDENTIALS', WRONG_PIN));
}
