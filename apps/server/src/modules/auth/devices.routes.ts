import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import {
  ApprovalBody,
  ApprovalCreated,
  DeviceCredential,
  DeviceOfflinePinList,
  DeviceStaffList,
  EnrolBody,
  EnrolmentCode,
  EnrolmentCodeBody,
  Uuid,
} from '@kassa/contracts';
import { notFound } from '../../http/errors.ts';
import { errorResponses } from '../../http/responses.ts';
import { actorOf } from './actor.ts';
import { createApproval } from './approvals.ts';
import { assertStoreAccess } from './authorization.ts';
import { DEVICE, PUBLIC } from './auth.plugin.ts';
import type { AuthContext } from './context.ts';
import { createEnrolmentCode, enrolDevice, listDeviceStaff } from './devices.ts';
import { listDeviceOfflinePins } from './offline-pins.ts';
import { actorRef, auditContextOf, deviceOf } from './request-context.ts';

/** Register enrolment, the device's staff list and manager approvals. */
export function registerDeviceRoutes(root: FastifyInstance, ctx: AuthContext): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/api/v1/registers/:registerId/enrolment-codes',
    {
      config: { permission: 'devices.manage' },
      schema: {
        tags: ['devices'],
        summary: 'Create a one-time enrolment code for a register',
        description:
          'A manager creates a code (valid 15 minutes, usable once) and types it on the new device, which exchanges it at POST /api/v1/devices/enrol.',
        params: Type.Object({ registerId: Uuid }),
        body: EnrolmentCodeBody,
        response: { 201: EnrolmentCode, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const register = await ctx.db
        .selectFrom('registers as r')
        .innerJoin('stores as s', 's.id', 'r.store_id')
        .select(['r.id', 'r.store_id'])
        .where('r.id', '=', request.params.registerId)
        .where('s.organisation_id', '=', actor.organisationId)
        .executeTakeFirst();
      if (!register) throw notFound('Register', request.params.registerId);
      try {
        assertStoreAccess(actor, register.store_id, 'devices.manage');
      } catch (error) {
        if ((error as { status?: number }).status === 404)
          throw notFound('Register', request.params.registerId);
        throw error;
      }
      const code = await createEnrolmentCode(ctx, {
        organisationId: actor.organisationId,
        storeId: register.store_id,
        registerId: register.id,
        deviceName: request.body.deviceName ?? null,
        createdBy: actorRef(actor),
        audit: auditContextOf(actor, request),
      });
      return reply.status(201).send({ ...code, registerId: register.id });
    },
  );

  app.post(
    '/api/v1/devices/enrol',
    {
      config: { permission: PUBLIC },
      schema: {
        tags: ['devices'],
        summary: 'Enrol a device with a one-time code',
        description:
          'Returns the device credential once; the device keeps it and sends it as `Authorization: Bearer` before anyone signs in.',
        body: EnrolBody,
        response: { 201: DeviceCredential, ...errorResponses() },
      },
    },
    async (request, reply) => {
      const enrolled = await enrolDevice(ctx, {
        code: request.body.code,
        deviceName: request.body.deviceName ?? null,
        ip: request.ip,
      });
      return reply.status(201).send(enrolled);
    },
  );

  app.get(
    '/api/v1/devices/me/staff',
    {
      config: { permission: DEVICE },
      schema: {
        tags: ['devices'],
        summary: 'Who may sign in on this device',
        description: 'Active staff of this store with a PIN: ids, names and languages only.',
        response: { 200: DeviceStaffList, ...errorResponses() },
      },
    },
    async (request) => ({ items: await listDeviceStaff(ctx.db, deviceOf(actorOf(request))) }),
  );

  app.get(
    '/api/v1/devices/me/offline-pins',
    {
      config: { permission: DEVICE },
      schema: {
        tags: ['devices'],
        summary: 'Offline PIN verifiers for this device',
        description:
          'PBKDF2-SHA-256 verifiers (salt, iterations, derived key; never the PIN) of the active staff who may sign in on this device, ' +
          'so the register can check a PIN while the server is unreachable. Online, PINs are checked by POST /api/v1/auth/pin only. ' +
          'Staff removed from the store or deactivated drop out of the list; a revoked device gets 401.',
        response: { 200: DeviceOfflinePinList, ...errorResponses() },
      },
    },
    async (request, reply) => {
      // Verifiers are guessable with enough work: keep them out of every HTTP cache.
      reply.header('cache-control', 'no-store');
      return { items: await listDeviceOfflinePins(ctx.db, deviceOf(actorOf(request)), await ctx.pepper()) };
    },
  );

  app.post(
    '/api/v1/approvals',
    {
      config: { permission: DEVICE },
      schema: {
        tags: ['devices'],
        summary: "Approve an action with a manager's PIN",
        description:
          'On the same register, a person who holds `allow` for the permission enters their PIN. The single-use token (valid 2 minutes) goes ' +
          'into `X-Kassa-Approval` of the request that needs it. Approvals are journaled with who approved.',
        body: ApprovalBody,
        response: { 201: ApprovalCreated, ...errorResponses(429) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const approval = await createApproval(ctx, deviceOf(actor), {
        approverStaffId: request.body.approverStaffId,
        pin: request.body.pin,
        permission: request.body.permission,
        reason: request.body.reason ?? null,
        requestedBy: actor.kind === 'staffSession' ? actor.staffId : null,
        ip: request.ip,
      });
      return reply
        .status(201)
        .send({
          ...approval,
          permission: request.body.permission,
          approverStaffId: request.body.approverStaffId,
        });
    },
  );
}
