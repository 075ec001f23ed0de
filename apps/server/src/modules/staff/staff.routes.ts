import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import {
  CreateStaffBody,
  SetPasswordBody,
  SetPinBody,
  StaffListQuery,
  StaffMember,
  StaffPage,
  UpdateStaffBody,
  Uuid,
} from '@kassa/contracts';
import { HttpError, failure } from '../../http/errors.ts';
import { errorResponses } from '../../http/responses.ts';
import {
  actorOf,
  assertStoreAccess,
  auditContextOf,
  AUTHENTICATED,
  visibleStoreIds,
  type AuthContext,
} from '../auth/index.ts';
import { setStaffPassword, setStaffPin, unlockStaff } from './credentials.service.ts';
import { listStaff, toStaffMember } from './staff.repository.ts';
import { createStaff, updateStaff, visibleStaff } from './staff.service.ts';

const IdParams = Type.Object({ id: Uuid });

function decodeCursor(cursor: string | undefined): { name: string; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof name === 'string' && typeof id === 'string') return { name, id };
  } catch {
    // fall through
  }
  throw new HttpError(
    failure(
      'VALIDATION_FAILED',
      'The cursor is not valid: pass nextCursor from the previous page unchanged.',
      { fields: [{ field: 'query.cursor', problem: 'is not a cursor' }] },
    ),
  );
}

/** Staff CRUD, PINs, passwords and unlocking. */
export function registerStaffRoutes(root: FastifyInstance, ctx: AuthContext): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/staff',
    {
      config: { permission: 'staff.read' },
      schema: {
        tags: ['staff'],
        summary: 'List staff',
        description:
          'Staff of the stores you may see, by name. Filters: q (name or e-mail), storeId, active.',
        querystring: StaffListQuery,
        response: { 200: StaffPage, ...errorResponses(404) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const query = request.query;
      if (query.storeId) assertStoreAccess(actor, query.storeId);
      const limit = query.limit ?? 50;
      const records = await listStaff(ctx.db, {
        organisationId: actor.organisationId,
        visible: visibleStoreIds(actor),
        q: query.q,
        storeId: query.storeId,
        active: query.active,
        limit: limit + 1,
        after: decodeCursor(query.cursor),
      });
      const page = records.slice(0, limit);
      const last = page.at(-1);
      const nextCursor =
        records.length > limit && last
          ? Buffer.from(JSON.stringify([last.row.name, last.row.id])).toString('base64url')
          : null;
      return { items: page.map((r) => toStaffMember(r, ctx.now())), nextCursor };
    },
  );

  app.post(
    '/api/v1/staff',
    {
      config: { permission: 'staff.manage' },
      schema: {
        tags: ['staff'],
        summary: 'Add a staff member',
        description:
          'Name, contact, wage and a role per store. Set the PIN and password with their own endpoints.',
        body: CreateStaffBody,
        response: { 201: StaffMember, ...errorResponses(404, 409, 422) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      return reply
        .status(201)
        .send(await createStaff(ctx, actor, request.body, auditContextOf(actor, request)));
    },
  );

  app.get(
    '/api/v1/staff/:id',
    {
      config: { permission: 'staff.read' },
      schema: {
        tags: ['staff'],
        summary: 'Get a staff member',
        description: 'Never includes the PIN or password (only whether they are set).',
        params: IdParams,
        response: { 200: StaffMember, ...errorResponses(404) },
      },
    },
    async (request) =>
      toStaffMember(await visibleStaff(ctx.db, actorOf(request), request.params.id), ctx.now()),
  );

  app.put(
    '/api/v1/staff/:id',
    {
      config: { permission: 'staff.manage' },
      schema: {
        tags: ['staff'],
        summary: 'Change a staff member',
        description:
          'Send the version you read (stale → 409). storeRoles replaces the roles in the stores you can see. Deactivating ends their sessions; history stays.',
        params: IdParams,
        body: UpdateStaffBody,
        response: { 200: StaffMember, ...errorResponses(404, 409, 422) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return updateStaff(ctx, actor, request.params.id, request.body, auditContextOf(actor, request));
    },
  );

  app.post(
    '/api/v1/staff/:id/pin',
    {
      config: { permission: 'staff.manage' },
      schema: {
        tags: ['staff'],
        summary: 'Set or change a PIN',
        description: '4–6 digits, stored hashed with the server pepper and never returned. Lifts a PIN lock.',
        params: IdParams,
        body: SetPinBody,
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await setStaffPin(ctx, actor, request.params.id, request.body.pin, auditContextOf(actor, request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/staff/:id/password',
    {
      config: { permission: 'staff.manage' },
      schema: {
        tags: ['staff'],
        summary: 'Set or reset a password',
        description:
          'At least 12 characters. For your own account send currentPassword. Ends the person’s other sessions.',
        params: IdParams,
        body: SetPasswordBody,
        response: { 204: Type.Null(), ...errorResponses(404, 422) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await setStaffPassword(ctx, actor, request.params.id, request.body, auditContextOf(actor, request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/password',
    {
      config: { permission: AUTHENTICATED },
      schema: {
        tags: ['auth'],
        summary: 'Change your own password',
        description: 'Signed-in staff only; needs the current password. Other sessions end.',
        body: Type.Object(
          { password: SetPasswordBody.properties.password, currentPassword: Type.String({ maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errorResponses(422) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (actor.kind !== 'staffSession')
        throw new HttpError(
          failure(
            'AUTH_NOT_A_PERSON',
            'Only a signed-in person has a password to change; API tokens and devices have none.',
          ),
        );
      await setStaffPassword(ctx, actor, actor.staffId, request.body, auditContextOf(actor, request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/staff/:id/unlock',
    {
      config: { permission: 'staff.manage' },
      schema: {
        tags: ['staff'],
        summary: 'Unlock PIN and password sign-in',
        description: 'Lifts the locks after too many wrong PINs or passwords. Journaled.',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await unlockStaff(ctx, actor, request.params.id, auditContextOf(actor, request));
      return reply.status(204).send(null);
    },
  );
}
