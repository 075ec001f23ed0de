import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { HttpError, failure } from '../../http/errors.ts';
import type { Clock } from '../../lib/clock.ts';
import {
  actorOf,
  approvalOf,
  setActor,
  setApproval,
  type Actor,
  type ApprovalUse,
  type StaffSessionActor,
} from './actor.ts';
import { authenticateApiToken } from './api-tokens.ts';
import { consumeApproval } from './approvals.ts';
import { decide, scopeOf } from './authorization.ts';
import { createAuthContext, type AuthContext, type AuthSettings } from './context.ts';
import { authenticateDevice } from './devices.ts';
import { resolveSession } from './sessions.ts';
import { API_TOKEN_PREFIX, DEVICE_PREFIX, SESSION_PREFIX, hashToken, sameDigest } from './tokens.ts';
import { sessionTokenFrom } from './cookies.ts';
import './auth.errors.ts';

/** `public` marks the few routes open without a credential (health, docs, login, enrolment). */
export type RoutePermission = string;
export const PUBLIC = 'public';
/** Any valid credential (API token, session or device). */
export const AUTHENTICATED = 'authenticated';
/** An enrolled device: its own credential or a register session on it. */
export const DEVICE = 'device';

export { SESSION_COOKIE } from './cookies.ts';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function permissionOf(request: FastifyRequest): string | undefined {
  return (request.routeOptions.config as { permission?: string } | undefined)?.permission;
}

const invalidToken = () =>
  new HttpError(
    failure(
      'AUTH_INVALID_TOKEN',
      'This credential is unknown, expired or revoked. Sign in again or create a new API token.',
    ),
  );
const expiredSession = () =>
  new HttpError(
    failure(
      'AUTH_SESSION_EXPIRED',
      'Your session has ended (signed out, idle too long or replaced). Sign in again.',
    ),
  );

async function fromBearer(ctx: AuthContext, token: string): Promise<Actor> {
  const now = ctx.now();
  if (token.startsWith(SESSION_PREFIX)) {
    const found = await resolveSession(ctx, token, false);
    if (!found) throw invalidToken();
    if ('expired' in found) throw expiredSession();
    return found.actor;
  }
  const actor = token.startsWith(DEVICE_PREFIX)
    ? await authenticateDevice(ctx.db, token, now)
    : token.startsWith(API_TOKEN_PREFIX)
      ? await authenticateApiToken(ctx.db, token, now)
      : null;
  if (!actor) throw invalidToken();
  return actor;
}

/**
 * Cookie sessions are what a forged cross-site request would ride on, so
 * every state-changing request made with the cookie must echo the CSRF token
 * from sign-in (SameSite=Strict is the second line of defence).
 */
async function fromCookie(
  ctx: AuthContext,
  request: FastifyRequest,
  token: string,
): Promise<StaffSessionActor> {
  const found = await resolveSession(ctx, token, true);
  if (!found) throw invalidToken();
  if ('expired' in found) throw expiredSession();
  if (!SAFE_METHODS.has(request.method)) {
    const given = request.headers['x-csrf-token'];
    if (typeof given !== 'string' || given.length > 200 || !sameDigest(hashToken(given), found.csrfHash)) {
      throw new HttpError(
        failure(
          'AUTH_CSRF_FAILED',
          'Send the X-CSRF-Token you received at sign-in with every change made with the session cookie.',
        ),
      );
    }
  }
  return found.actor;
}

/** Finds the caller from the request's credential: Authorization first, then the session cookie. */
export async function authenticateRequest(ctx: AuthContext, request: FastifyRequest): Promise<Actor> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S{1,300})$/i.exec(header);
    if (!match) throw invalidToken();
    return fromBearer(ctx, match[1]!);
  }
  const token = sessionTokenFrom(request.headers.cookie);
  if (token) return fromCookie(ctx, request, token);
  throw new HttpError(
    failure(
      'AUTH_REQUIRED',
      'Sign in first: send "Authorization: Bearer <token>" or the kassa_session cookie.',
    ),
  );
}

function forbidden(actor: Actor, permission: string): HttpError {
  const message =
    actor.kind === 'apiToken'
      ? `This token lacks the scope "${scopeOf(permission)}". Create a token with that scope.`
      : `Your role does not allow "${permission}". Ask a manager or the owner.`;
  return new HttpError(failure('AUTH_FORBIDDEN', message, { permission }));
}

const contexts = new WeakMap<FastifyInstance, AuthContext>();

/** The auth context of an app: its route table feeds the RBAC matrix test and token scope checks. */
export function authContextOf(app: FastifyInstance): AuthContext {
  const ctx = contexts.get(app);
  if (!ctx) throw new Error('registerAuth was not called on this app');
  return ctx;
}

const requestContexts = new WeakMap<FastifyRequest, AuthContext>();

/**
 * An in-handler permission check for decisions that depend on the data (a
 * discount above the role's limit, a price override on one line): allow →
 * passes; approve → needs and consumes the request's X-Kassa-Approval;
 * deny → 403. Returns the approval used, if any, to record who approved.
 */
export async function requirePermission(
  request: FastifyRequest,
  permission: string,
  storeId?: string,
): Promise<ApprovalUse | undefined> {
  const ctx = requestContexts.get(request);
  if (!ctx) throw new Error('requirePermission needs an authenticated (non-public) route');
  const actor = actorOf(request);
  const decision = decide(actor, permission, storeId);
  if (decision === 'allow') return undefined;
  if (decision === 'deny') throw forbidden(actor, permission);
  // The route's own permission may have taken this request's approval already (one approval, one use).
  const taken = approvalOf(request);
  if (taken?.permission === permission) return taken;
  const token = request.headers['x-kassa-approval'];
  if (actor.kind !== 'staffSession' || actor.sessionKind !== 'register' || typeof token !== 'string') {
    throw new HttpError(
      failure(
        'AUTH_APPROVAL_REQUIRED',
        `"${permission}" needs a manager's approval: POST /api/v1/approvals on this register, then send X-Kassa-Approval.`,
        { permission },
      ),
    );
  }
  const use = await consumeApproval(ctx, actor, token, permission, {
    method: request.method,
    url: request.url,
    ip: request.ip,
  });
  setApproval(request, use);
  return use;
}

const pendingApprovals = new WeakMap<FastifyRequest, { token: string; permission: string }>();

/** Checks the declared permission against the actor; approval-gated actions need X-Kassa-Approval. */
function authorize(request: FastifyRequest, actor: Actor, permission: string): void {
  if (permission === AUTHENTICATED) return;
  if (permission === DEVICE) {
    if (actor.kind === 'device' || (actor.kind === 'staffSession' && actor.sessionKind === 'register'))
      return;
    throw new HttpError(
      failure(
        'AUTH_DEVICE_REQUIRED',
        'This works only on an enrolled register (device credential or a PIN session).',
      ),
    );
  }
  const decision = decide(actor, permission);
  if (decision === 'allow') return;
  if (decision === 'deny') throw forbidden(actor, permission);
  const token = request.headers['x-kassa-approval'];
  if (actor.kind !== 'staffSession' || actor.sessionKind !== 'register' || typeof token !== 'string') {
    throw new HttpError(
      failure(
        'AUTH_APPROVAL_REQUIRED',
        `"${permission}" needs a manager's approval: POST /api/v1/approvals on this register, then send X-Kassa-Approval.`,
        { permission },
      ),
    );
  }
  pendingApprovals.set(request, { token, permission });
}

/**
 * Enforces permissions in one place. Every /api route must declare
 * `config.permission`; registering one without it fails at start-up, so a
 * route can never be open by omission. Returns the auth context that the
 * auth and staff routes use.
 */
export function registerAuth(
  app: FastifyInstance,
  deps: { db: Kysely<DB>; clock: Clock; settings?: Partial<AuthSettings> },
): AuthContext {
  const ctx = createAuthContext(deps);
  contexts.set(app, ctx);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v')) return;
    const permission = (route.config as { permission?: string } | undefined)?.permission;
    if (!permission)
      throw new Error(
        `Route ${String(route.method)} ${route.url} declares no permission (config.permission)`,
      );
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods)
      if (method !== 'HEAD') ctx.routes.push({ method, url: route.url, permission });
  });

  app.addHook('onRequest', async (request) => {
    const permission = permissionOf(request);
    if (!permission || permission === PUBLIC) return;
    const actor = await authenticateRequest(ctx, request);
    authorize(request, actor, permission);
    setActor(request, actor);
    requestContexts.set(request, ctx);
  });

  // Approvals are consumed only once the request has passed validation, so a
  // malformed request does not waste the manager's approval.
  app.addHook('preHandler', async (request) => {
    const pending = pendingApprovals.get(request);
    if (!pending) return;
    const actor = actorOf(request) as StaffSessionActor;
    const use = await consumeApproval(ctx, actor, pending.token, pending.permission, {
      method: request.method,
      url: request.url,
      ip: request.ip,
    });
    setApproval(request, use);
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    if (reply.statusCode === 429 && !reply.hasHeader('retry-after') && typeof payload === 'string') {
      try {
        const seconds = (JSON.parse(payload) as { error?: { details?: { retryAfter?: unknown } } }).error
          ?.details?.retryAfter;
        if (typeof seconds === 'number' && Number.isInteger(seconds))
          reply.header('retry-after', String(seconds));
      } catch {
        // Not JSON: nothing to read.
      }
    }
    return payload;
  });
  return ctx;
}
