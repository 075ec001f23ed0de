import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { HttpError, failure } from '../../http/errors.ts';
import type { Clock } from '../../lib/clock.ts';
import { actorHasPermission, authenticateApiToken, type Actor } from './api-tokens.ts';

/** `public` marks the few routes open without a credential (health, docs). */
export type RoutePermission = string;
export const PUBLIC = 'public';

const actors = new WeakMap<FastifyRequest, Actor>();

/** The authenticated caller of a request (set by the auth hook; absent on public routes). */
export function actorOf(request: FastifyRequest): Actor {
  const actor = actors.get(request);
  if (!actor) throw new Error(`No actor on ${request.method} ${request.url}: the route is public or auth did not run`);
  return actor;
}

function permissionOf(request: FastifyRequest): string | undefined {
  return (request.routeOptions.config as { permission?: string } | undefined)?.permission;
}

/**
 * Enforces permissions in one place. Every /api route must declare
 * `config.permission`; registering one without it fails at start-up, so a
 * route can never be open by omission.
 */
export function registerAuth(app: FastifyInstance, deps: { db: Kysely<DB>; clock: Clock }): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v')) return;
    const permission = (route.config as { permission?: string } | undefined)?.permission;
    if (!permission) throw new Error(`Route ${route.method} ${route.url} declares no permission (config.permission)`);
  });

  app.addHook('onRequest', async (request) => {
    const permission = permissionOf(request);
    if (!permission || permission === PUBLIC) return;
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw new HttpError(failure('AUTH_REQUIRED', 'Sign in first: send "Authorization: Bearer <API token>".'));
    }
    const actor = await authenticateApiToken(deps.db, match[1]!, deps.clock.now().toISOString());
    if (!actor) {
      throw new HttpError(failure('AUTH_INVALID_TOKEN', 'This token is unknown, expired or revoked. Create a new API token.'));
    }
    if (!actorHasPermission(actor, permission)) {
      throw new HttpError(
        failure('AUTH_FORBIDDEN', `This action needs the permission "${permission}". Ask the owner for a token with that scope.`, {
          permission,
        }),
      );
    }
    actors.set(request, actor);
  });
}
