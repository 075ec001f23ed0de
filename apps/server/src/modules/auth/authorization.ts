import type { FastifyRequest } from 'fastify';
import type { Decision } from '@kassa/contracts';
import { HttpError, failure, notFound } from '../../http/errors.ts';
import { actorOf, type Actor, type Grant } from './actor.ts';

const rank: Record<Decision, number> = { deny: 0, approve: 1, allow: 2 };

/**
 * What an enrolled register may do on its own, with nobody signed in: keep
 * its catalogue copy fresh and deliver its outbox (sales that cashiers made
 * earlier, possibly offline, under their own sessions). Everything else
 * needs a person.
 */
export const DEVICE_PERMISSIONS: ReadonlySet<string> = new Set(['catalog.read', 'sales.sell']);

/** What a role decides for a permission; the owner role allows everything, unknown permissions are denied. */
export function grantDecision(grant: Grant | null | undefined, permission: string): Decision {
  if (!grant) return 'deny';
  if (grant.roleKey === 'owner') return 'allow';
  return grant.permissions[permission] ?? 'deny';
}

/** Token scopes are permissions with `:` after the module: `catalog.write` → `catalog:write`. */
export function scopeOf(permission: string): string {
  return permission.replace('.', ':');
}

/** The grant that applies to a staff actor in one store (null: no access there). */
export function grantInStore(actor: Actor, storeId: string): Grant | null {
  if (actor.kind !== 'staffSession') return null;
  if (actor.sessionKind === 'register' && actor.storeId !== storeId) return null;
  return actor.stores[storeId] ?? actor.allStores;
}

/**
 * Decides a permission for an actor. With a store: the role in that store.
 * Without: register sessions use their store; back-office sessions the most
 * permissive of their roles (the handler narrows it with assertStoreAccess).
 */
export function decide(actor: Actor, permission: string, storeId?: string): Decision {
  if (actor.kind === 'apiToken')
    return actor.scopes.includes('*') || actor.scopes.includes(scopeOf(permission)) ? 'allow' : 'deny';
  if (actor.kind === 'device') return DEVICE_PERMISSIONS.has(permission) ? 'allow' : 'deny';
  if (storeId !== undefined) return grantDecision(grantInStore(actor, storeId), permission);
  if (actor.sessionKind === 'register') return grantDecision(grantInStore(actor, actor.storeId!), permission);
  let best: Decision = grantDecision(actor.allStores, permission);
  for (const grant of Object.values(actor.stores)) {
    const d = grantDecision(grant, permission);
    if (rank[d] > rank[best]) best = d;
  }
  return best;
}

/** Whether an actor may perform a permission outright (kept for callers of the foundation API). */
export function actorHasPermission(actor: Actor, permission: string): boolean {
  return decide(actor, permission) === 'allow';
}

/** The stores an actor may see: every store of its organisation, or a list. */
export function visibleStoreIds(actor: Actor): 'all' | string[] {
  if (actor.kind === 'apiToken') return 'all';
  if (actor.kind === 'device') return [actor.storeId];
  if (actor.sessionKind === 'register') return [actor.storeId!];
  if (actor.allStores) return 'all';
  return Object.keys(actor.stores);
}

/** Whether the actor may see a store's data (same organisation is checked by the caller's query). */
export function canSeeStore(actor: Actor, storeId: string): boolean {
  const visible = visibleStoreIds(actor);
  return visible === 'all' || visible.includes(storeId);
}

/**
 * Store scoping for id-bearing routes: a store the actor may not see answers
 * 404 (not 403), so ids of other stores are not even confirmed to exist.
 * With `permission`, the role in that store must also allow it (403).
 */
export function assertStoreAccess(
  actorOrRequest: Actor | FastifyRequest,
  storeId: string,
  permission?: string,
): void {
  const actor =
    'kind' in actorOrRequest ? (actorOrRequest as Actor) : actorOf(actorOrRequest as FastifyRequest);
  if (!canSeeStore(actor, storeId)) throw notFound('Store', storeId);
  if (permission && actor.kind === 'staffSession' && decide(actor, permission, storeId) !== 'allow') {
    throw new HttpError(
      failure('AUTH_FORBIDDEN', `Your role in this store does not allow "${permission}".`, {
        permission,
        storeId,
      }),
    );
  }
}

/** Whether an actor is, or acts with the power of, the owner (owner role, or a `*` token). */
export function isOwnerLike(actor: Actor): boolean {
  if (actor.kind === 'apiToken') return actor.scopes.includes('*');
  if (actor.kind !== 'staffSession') return false;
  return (
    actor.allStores?.roleKey === 'owner' || Object.values(actor.stores).some((g) => g.roleKey === 'owner')
  );
}
