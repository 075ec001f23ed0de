import type { Decision } from '@kassa/contracts';
import { HttpError, failure } from '../../http/errors.ts';
import { decide, isOwnerLike, type Actor } from '../auth/index.ts';

/** The largest discount limit among the actor's roles (owner-like actors: 100 %). */
function discountLimitOf(actor: Actor): number {
  if (isOwnerLike(actor)) return 10_000;
  if (actor.kind !== 'staffSession') return 0;
  return Math.max(
    actor.allStores?.discountLimitBp ?? 0,
    ...Object.values(actor.stores).map((g) => g.discountLimitBp),
  );
}

/**
 * Nobody hands out more power than they hold: every permission a role allows
 * (or allows with approval) must be allowed to the actor, its discount limit
 * may not exceed the actor's, and only the owner grants the owner role.
 */
export function assertCanGrant(
  actor: Actor,
  role: { key: string | null; discountLimitBp: number; permissions: Record<string, Decision> },
): void {
  if (isOwnerLike(actor)) return;
  if (role.key === 'owner')
    throw new HttpError(
      failure('STAFF_OWNER_PROTECTED', 'Only the owner may grant or change the owner role.'),
    );
  for (const [permission, decision] of Object.entries(role.permissions)) {
    if (decision !== 'deny' && decide(actor, permission) !== 'allow') {
      throw new HttpError(
        failure('STAFF_GRANT_NOT_HELD', `You may not grant "${permission}": you do not hold it yourself.`, {
          permission,
        }),
      );
    }
  }
  if (role.discountLimitBp > discountLimitOf(actor)) {
    throw new HttpError(
      failure('STAFF_GRANT_NOT_HELD', 'You may not grant a discount limit above your own.', {
        discountLimitBp: role.discountLimitBp,
      }),
    );
  }
}

/** Only the owner may change an owner (their PIN, password, roles or details). */
export function assertCanEditStaff(actor: Actor, targetIsOwner: boolean): void {
  if (targetIsOwner && !isOwnerLike(actor)) {
    throw new HttpError(failure('STAFF_OWNER_PROTECTED', 'Only the owner may change the owner account.'));
  }
}
