import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import {
  ApiTokenCreated,
  ApiTokenList,
  ApiTokenView,
  CreateApiTokenBody,
  PERMISSION_KEYS,
  Uuid,
} from '@kassa/contracts';
import { HttpError, failure, notFound } from '../../http/errors.ts';
import { errorResponses } from '../../http/responses.ts';
import { actorOf, type Actor } from './actor.ts';
import { createApiToken, findApiToken, listApiTokens, revokeApiToken } from './api-tokens.ts';
import { recordAudit } from './audit.ts';
import { decide, isOwnerLike, scopeOf } from './authorization.ts';
import type { AuthContext } from './context.ts';
import { actorRef, auditContextOf } from './request-context.ts';

const MAX_LIFETIME_DAYS = 730;
const DEFAULT_LIFETIME_DAYS = 365;

/**
 * A token may carry only scopes its creator holds outright: a manager cannot
 * mint a token that does more than they may, and `*` needs the owner.
 */
function checkScopes(ctx: AuthContext, actor: Actor, scopes: string[]): void {
  const known = new Set([...PERMISSION_KEYS, ...ctx.routes.map((r) => r.permission)].map(scopeOf));
  for (const scope of scopes) {
    if (scope === '*') {
      if (!isOwnerLike(actor))
        throw new HttpError(
          failure('AUTH_SCOPE_NOT_HELD', 'Only the owner may create an all-access (*) token.', { scope }),
        );
      continue;
    }
    if (!known.has(scope))
      throw new HttpError(
        failure(
          'AUTH_UNKNOWN_PERMISSION',
          `"${scope}" is not a known scope. GET /api/v1/permissions lists them.`,
          { scope },
        ),
      );
    const permission = scope.replace(':', '.');
    if (decide(actor, permission) !== 'allow')
      throw new HttpError(
        failure('AUTH_SCOPE_NOT_HELD', `You may not grant "${scope}": you do not hold it yourself.`, {
          scope,
        }),
      );
  }
}

function checkExpiry(now: string, expiresAt: string | undefined): string {
  const max = Date.parse(now) + MAX_LIFETIME_DAYS * 86_400_000;
  if (expiresAt === undefined)
    return new Date(Date.parse(now) + DEFAULT_LIFETIME_DAYS * 86_400_000).toISOString();
  const at = Date.parse(expiresAt);
  if (!(at > Date.parse(now)) || at > max) {
    throw new HttpError(
      failure(
        'AUTH_EXPIRY_INVALID',
        `expiresAt must be in the future and at most ${MAX_LIFETIME_DAYS} days ahead.`,
        { field: 'expiresAt' },
      ),
    );
  }
  return new Date(at).toISOString();
}

/** API tokens for integrations: list, create (shown once), revoke. */
export function registerApiTokenRoutes(root: FastifyInstance, ctx: AuthContext): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/v1/api-tokens',
    {
      config: { permission: 'integrations.manage' },
      schema: {
        tags: ['api tokens'],
        summary: 'List API tokens',
        description: 'Names, scopes, expiry and last use; never the secret.',
        response: { 200: ApiTokenList, ...errorResponses() },
      },
    },
    async (request) => ({ items: await listApiTokens(ctx.db, actorOf(request).organisationId) }),
  );

  app.post(
    '/api/v1/api-tokens',
    {
      config: { permission: 'integrations.manage' },
      schema: {
        tags: ['api tokens'],
        summary: 'Create an API token',
        description:
          'Scoped (`catalog:read`, `stock:adjust`, … or `*` for the owner), named and expiring (default 365 days, at most 730). The token is shown once; only its hash is stored.',
        body: CreateApiTokenBody,
        response: { 201: ApiTokenCreated, ...errorResponses(422) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const now = ctx.now();
      const scopes = [...new Set(request.body.scopes)];
      checkScopes(ctx, actor, scopes);
      const expiresAt = checkExpiry(now, request.body.expiresAt);
      const created = await ctx.db.transaction().execute(async (trx) => {
        const token = await createApiToken(trx, {
          organisationId: actor.organisationId,
          name: request.body.name,
          scopes,
          expiresAt,
          now,
          createdBy: actorRef(actor),
        });
        await recordAudit(
          trx,
          auditContextOf(actor, request),
          {
            action: 'api_token.created',
            outcome: 'success',
            targetKind: 'api_token',
            targetId: token.id,
            details: { name: request.body.name, scopes, expiresAt },
          },
          now,
        );
        return token;
      });
      const view = (await findApiToken(ctx.db, actor.organisationId, created.id))!;
      return reply.status(201).send({ ...view, token: created.token });
    },
  );

  app.delete(
    '/api/v1/api-tokens/:id',
    {
      config: { permission: 'integrations.manage' },
      schema: {
        tags: ['api tokens'],
        summary: 'Revoke an API token',
        description: 'Takes effect on the very next request made with it.',
        params: Type.Object({ id: Uuid }),
        response: { 200: ApiTokenView, ...errorResponses(404) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const token = await findApiToken(ctx.db, actor.organisationId, request.params.id);
      if (!token) throw notFound('API token', request.params.id);
      const now = ctx.now();
      await ctx.db.transaction().execute(async (trx) => {
        if (await revokeApiToken(trx, token.id, now)) {
          await recordAudit(
            trx,
            auditContextOf(actor, request),
            {
              action: 'api_token.revoked',
              outcome: 'success',
              targetKind: 'api_token',
              targetId: token.id,
              details: { name: token.name },
            },
            now,
          );
        }
      });
      return (await findApiToken(ctx.db, actor.organisationId, token.id))!;
    },
  );
}
