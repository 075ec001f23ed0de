import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import {
  CreateRoleBody,
  PERMISSION_CATALOGUE,
  PermissionList,
  Role,
  RoleList,
  UpdateRoleBody,
  Uuid,
  type Decision,
} from '@kassa/contracts';
import { HttpError, failure, notFound } from '../../http/errors.ts';
import { errorResponses } from '../../http/responses.ts';
import { uuidv7 } from '../../lib/uuidv7.ts';
import { actorOf, auditContextOf, recordAudit, scopeOf, type AuthContext } from '../auth/index.ts';
import { ensureBuiltInRoles, fullPermissionMap } from './built-in-roles.ts';
import { assertCanGrant } from './grant-checks.ts';
import { findRole, listRoles } from './roles.repository.ts';

/** Role maps may name catalogue permissions and any permission a route declares. */
function assertKnownPermissions(ctx: AuthContext, permissions: Record<string, Decision>): void {
  const known = new Set([...Object.keys(PERMISSION_CATALOGUE), ...ctx.routes.map((r) => r.permission)]);
  for (const key of Object.keys(permissions)) {
    if (!known.has(key))
      throw new HttpError(
        failure(
          'STAFF_UNKNOWN_PERMISSION',
          `"${key}" is not a known permission. GET /api/v1/permissions lists them.`,
          { permission: key },
        ),
      );
  }
}

/** Roles and the permission catalogue. */
export function registerRoleRoutes(root: FastifyInstance, ctx: AuthContext): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/permissions',
    {
      config: { permission: 'staff.read' },
      schema: {
        tags: ['staff'],
        summary: 'The permission catalogue',
        description: 'Every permission with its token scope and what it allows.',
        response: { 200: PermissionList, ...errorResponses() },
      },
    },
    async () => ({
      items: Object.entries(PERMISSION_CATALOGUE).map(([key, description]) => ({
        key,
        scope: scopeOf(key),
        description,
      })),
    }),
  );

  app.get(
    '/api/v1/roles',
    {
      config: { permission: 'staff.read' },
      schema: {
        tags: ['staff'],
        summary: 'List roles',
        description: 'Built-in (owner, manager, cashier) and custom roles with their full permission maps.',
        response: { 200: RoleList, ...errorResponses() },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await ensureBuiltInRoles(ctx.db, actor.organisationId, ctx.now());
      return { items: await listRoles(ctx.db, actor.organisationId) };
    },
  );

  app.post(
    '/api/v1/roles',
    {
      config: { permission: 'staff.manage' },
      schema: {
        tags: ['staff'],
        summary: 'Create a custom role',
        description:
          'Each permission is allow, deny or approve (needs a manager approval); left out means deny. You may only grant what you hold yourself.',
        body: CreateRoleBody,
        response: { 201: Role, ...errorResponses(422) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body;
      assertKnownPermissions(ctx, body.permissions);
      assertCanGrant(actor, {
        key: null,
        discountLimitBp: body.discountLimitBp,
        permissions: body.permissions,
      });
      const now = ctx.now();
      const id = uuidv7();
      const permissions = fullPermissionMap(body.permissions);
      await ctx.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('roles')
          .values({
            id,
            organisation_id: actor.organisationId,
            key: null,
            name: body.name,
            discount_limit_bp: body.discountLimitBp,
            permissions: JSON.stringify(permissions),
            version: 1,
            created_at: now,
            updated_at: now,
          })
          .execute();
        await recordAudit(
          trx,
          auditContextOf(actor, request),
          {
            action: 'role.created',
            outcome: 'success',
            targetKind: 'role',
            targetId: id,
            details: { name: body.name, discountLimitBp: body.discountLimitBp, permissions },
          },
          now,
        );
      });
      return reply.status(201).send((await findRole(ctx.db, actor.organisationId, id))!);
    },
  );

  app.put(
    '/api/v1/roles/:id',
    {
      config: { permission: 'staff.manage' },
      schema: {
        tags: ['staff'],
        summary: 'Change a role',
        description:
          'Name, discount limit and/or permission map (the map replaces the old one). Send the version you read; a stale version is 409. The owner role cannot be changed.',
        params: Type.Object({ id: Uuid }),
        body: UpdateRoleBody,
        response: { 200: Role, ...errorResponses(404, 409, 422) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const role = await findRole(ctx.db, actor.organisationId, request.params.id);
      if (!role) throw notFound('Role', request.params.id);
      if (role.key === 'owner')
        throw new HttpError(
          failure('STAFF_ROLE_BUILT_IN', 'The owner role always allows everything and cannot be changed.'),
        );
      const body = request.body;
      if (body.permissions) assertKnownPermissions(ctx, body.permissions);
      const next = {
        name: body.name ?? role.name,
        discountLimitBp: body.discountLimitBp ?? role.discountLimitBp,
        permissions: body.permissions ? fullPermissionMap(body.permissions) : role.permissions,
      };
      assertCanGrant(actor, { key: role.key, ...next });
      const now = ctx.now();
      await ctx.db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('roles')
          .set({
            name: next.name,
            discount_limit_bp: next.discountLimitBp,
            permissions: JSON.stringify(next.permissions),
            version: role.version + 1,
            updated_at: now,
          })
          .where('id', '=', role.id)
          .where('version', '=', body.version)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) {
          throw new HttpError(
            failure(
              'STAFF_VERSION_CONFLICT',
              `Role ${role.id} was changed meanwhile (version ${role.version}). Reload it and apply your change again.`,
              { currentVersion: role.version },
            ),
          );
        }
        const changed = Object.keys(next.permissions).filter(
          (k) => next.permissions[k] !== role.permissions[k],
        );
        await recordAudit(
          trx,
          auditContextOf(actor, request),
          {
            action: 'role.updated',
            outcome: 'success',
            targetKind: 'role',
            targetId: role.id,
            details: {
              changed: Object.fromEntries(
                changed.map((k) => [k, { from: role.permissions[k] ?? 'deny', to: next.permissions[k] }]),
              ),
              discountLimitBp: next.discountLimitBp,
              name: next.name,
            },
          },
          now,
        );
      });
      return (await findRole(ctx.db, actor.organisationId, role.id))!;
    },
  );
}
