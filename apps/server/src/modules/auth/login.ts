import { HttpError, failure } from '../../http/errors.ts';
import { recordAudit } from './audit.ts';
import { countFailedAttempt, recordLockout } from './failed-attempts.ts';
import type { AuthContext } from './context.ts';
import { afterSuccess, lockedUntil } from './lockout.ts';
import { verifyDummy, verifySecret } from './secrets.ts';
import { createSession } from './sessions.ts';

// One message for unknown e-mail, wrong password, locked and inactive
// accounts: the answer never tells whether an account exists (DOMAIN.md).
const REFUSED =
  'The e-mail address or password is not correct, or sign-in is paused after too many attempts. Try again later or ask the owner to reset your password.';

/** Lower-cased, trimmed: e-mail addresses are matched case-insensitively. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Back-office sign-in with e-mail and password. Exactly one argon2
 * verification runs whatever the outcome (a dummy hash for unknown or locked
 * accounts), so timing does not reveal the account either. A new session id is
 * issued at every sign-in.
 */
export async function loginWithPassword(
  ctx: AuthContext,
  input: { email: string; password: string; ip: string | null },
): Promise<{ token: string; csrfToken: string; staffId: string; name: string; idleTimeoutSeconds: number }> {
  const now = ctx.now();
  const pepper = await ctx.pepper();
  const staff = await ctx.db
    .selectFrom('staff')
    .selectAll()
    .where('email', '=', normaliseEmail(input.email))
    .executeTakeFirst();
  const usable = staff && staff.active === 1 && staff.password_hash !== null ? staff : undefined;
  const lock = usable ? lockedUntil(usable, 'password', now) : null;
  const ok =
    usable && !lock
      ? await verifySecret(usable.password_hash!, input.password, pepper)
      : await verifyDummy(input.password, pepper);
  const where = {
    organisationId: staff?.organisation_id ?? null,
    actorKind: 'anonymous' as const,
    actorId: null,
    ip: input.ip,
  };
  if (ok && usable) {
    return ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('staff').set(afterSuccess('password')).where('id', '=', usable.id).execute();
      const session = await createSession(trx, ctx, {
        kind: 'backOffice',
        organisationId: usable.organisation_id,
        staffId: usable.id,
        ip: input.ip,
      });
      await recordAudit(
        trx,
        { ...where, actorKind: 'staff', actorId: usable.id },
        {
          action: 'auth.login_succeeded',
          outcome: 'success',
          targetKind: 'session',
          targetId: session.id,
          details: { method: 'password' },
        },
        now,
      );
      return { ...session, staffId: usable.id, name: usable.name };
    });
  }
  await ctx.db.transaction().execute(async (trx) => {
    const locked = usable && !lock ? await countFailedAttempt(trx, usable.id, 'password', now) : false;
    const reason = !staff ? 'unknown' : !usable ? 'unusable' : lock ? 'locked' : 'wrong_password';
    await recordAudit(
      trx,
      where,
      {
        action: 'auth.login_failed',
        outcome: 'failure',
        targetKind: staff ? 'staff' : null,
        targetId: staff?.id ?? null,
        details: { method: 'password', reason },
      },
      now,
    );
    if (locked) await recordLockout(trx, where, usable!.id, 'password', now);
  });
  throw new HttpError(failure('AUTH_INVALID_CREDENTIALS', REFUSED));
}
