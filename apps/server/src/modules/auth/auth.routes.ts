import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { LoginBody, Me, PinLoginBody, SessionCreated } from '@kassa/contracts';
import { errorResponses } from '../../http/responses.ts';
import { actorOf, type Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { decide, visibleStoreIds } from './authorization.ts';
import { AUTHENTICATED, DEVICE, PUBLIC } from './auth.plugin.ts';
import { clearedSessionCookie, sessionCookie } from './cookies.ts';
import type { AuthContext } from './context.ts';
import { loginWithPassword } from './login.ts';
import { verifyPinOnDevice } from './pin-auth.ts';
import { auditContextOf, deviceOf } from './request-context.ts';
import { createSession, revokeDeviceSessions, revokeSession } from './sessions.ts';
import { PERMISSION_KEYS } from '@kassa/contracts';

function setSessionCookie(reply: FastifyReply, token: string): void {
  reply.header('set-cookie', sessionCookie(token));
}

function meOf(actor: Actor): Static<typeof Me> {
  const permissions: Record<string, string> = {};
  for (const key of PERMISSION_KEYS) {
    const d = decide(actor, key);
    if (d !== 'deny') permissions[key] = d;
  }
  const staff = actor.kind === 'staffSession' ? actor : null;
  const grant = staff
    ? staff.storeId
      ? (staff.stores[staff.storeId] ?? staff.allStores)
      : staff.allStores
    : null;
  return {
    kind: actor.kind,
    id: actor.id,
    name: actor.name,
    organisationId: actor.organisationId,
    ...(staff ? { sessionKind: staff.sessionKind } : {}),
    storeId: actor.kind === 'apiToken' ? null : actor.storeId,
    registerId: actor.kind === 'apiToken' ? null : actor.registerId,
    deviceId: actor.kind === 'apiToken' ? null : actor.deviceId,
    storeIds: visibleStoreIds(actor),
    permissions,
    discountLimitBp: grant?.discountLimitBp ?? null,
  };
}

/** Sign-in, sign-out, PIN sign-in and "who am I". */
export function registerAuthRoutes(root: FastifyInstance, ctx: AuthContext): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/api/v1/auth/login',
    {
      config: { permission: PUBLIC },
      schema: {
        tags: ['auth'],
        summary: 'Sign in to the back office',
        description:
          'E-mail and password. Sets the HttpOnly `kassa_session` cookie for browsers and returns the same session token for ' +
          '`Authorization: Bearer`, plus a CSRF token to send as `X-CSRF-Token` on every state-changing request made with the cookie. ' +
          'The answer never tells whether the e-mail exists; 10 wrong passwords pause sign-in for 30 minutes.',
        body: LoginBody,
        response: { 200: SessionCreated, ...errorResponses(429) },
      },
    },
    async (request, reply) => {
      const session = await loginWithPassword(ctx, {
        email: request.body.email,
        password: request.body.password,
        ip: request.ip,
      });
      setSessionCookie(reply, session.token);
      return { ...session, kind: 'backOffice' as const };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { permission: AUTHENTICATED },
      schema: {
        tags: ['auth'],
        summary: 'Sign out',
        description:
          'Ends this session at once and clears the cookie. No effect for API tokens (revoke those instead).',
        response: { 204: Type.Null(), ...errorResponses() },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (actor.kind === 'staffSession') {
        const now = ctx.now();
        await ctx.db.transaction().execute(async (trx) => {
          await revokeSession(trx, actor.sessionId, now);
          await recordAudit(
            trx,
            auditContextOf(actor, request),
            {
              action: 'auth.logged_out',
              outcome: 'success',
              targetKind: 'session',
              targetId: actor.sessionId,
            },
            now,
          );
        });
      }
      reply.header('set-cookie', clearedSessionCookie());
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      config: { permission: AUTHENTICATED },
      schema: {
        tags: ['auth'],
        summary: 'Who am I',
        description: 'The caller (token, person or device), the stores it may see and its permissions.',
        response: { 200: Me, ...errorResponses() },
      },
    },
    async (request) => meOf(actorOf(request)),
  );

  app.post(
    '/api/v1/auth/pin',
    {
      config: { permission: DEVICE },
      schema: {
        tags: ['auth'],
        summary: 'Sign in at a register with a PIN',
        description:
          'On an enrolled device (device credential, or the current register session to switch person): staff id + PIN → a register ' +
          'session for this device and store. The previous session on the device ends. A badge scan may choose the staff id; the PIN is always needed. ' +
          '5 wrong PINs lock that person for 30 minutes; after 3 wrong PINs in a row the device waits 30 s per attempt (429 with Retry-After).',
        body: PinLoginBody,
        response: { 200: SessionCreated, ...errorResponses(429) },
      },
    },
    async (request) => {
      const device = deviceOf(actorOf(request));
      const staff = await verifyPinOnDevice(ctx, device, {
        staffId: request.body.staffId,
        pin: request.body.pin,
        ip: request.ip,
        purpose: 'sign_in',
      });
      const now = ctx.now();
      return ctx.db.transaction().execute(async (trx) => {
        await revokeDeviceSessions(trx, device.deviceId, now);
        const session = await createSession(trx, ctx, {
          kind: 'register',
          organisationId: device.organisationId,
          staffId: staff.staffId,
          deviceId: device.deviceId,
          storeId: device.storeId,
          registerId: device.registerId,
          ip: request.ip,
        });
        await recordAudit(
          trx,
          {
            organisationId: device.organisationId,
            actorKind: 'staff',
            actorId: staff.staffId,
            storeId: device.storeId,
            deviceId: device.deviceId,
            ip: request.ip,
          },
          {
            action: 'auth.login_succeeded',
            outcome: 'success',
            targetKind: 'session',
            targetId: session.id,
            details: { method: 'pin' },
          },
          now,
        );
        return { ...session, kind: 'register' as const, staffId: staff.staffId, name: staff.name };
      });
    },
  );
}
