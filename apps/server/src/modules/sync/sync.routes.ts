import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  HeartbeatBody,
  Lease,
  LeaseBody,
  RegisterSyncStatus,
  SyncPushBody,
  SyncPushResponse,
  Uuid,
} from '@kassa/contracts';
import type { ModuleDeps } from '../../app.ts';
import { unwrap } from '../../http/errors.ts';
import { errorResponses } from '../../http/responses.ts';
import { actorOf, deviceOf } from '../auth/index.ts';
import { outboxSaleCaller } from '../sales/index.ts';
import { pushOutbox, type SyncItem } from './push-outbox.ts';
import { acquireLease, listSyncStatus, recordHeartbeat, releaseLease } from './register-status.ts';
import './sync.errors.ts';

/** The register device behind the request, if it comes from one (its credential, or a PIN session on it). */
function pushingDevice(request: FastifyRequest) {
  const actor = actorOf(request);
  if (actor.kind !== 'device' && !(actor.kind === 'staffSession' && actor.deviceId)) return null;
  return deviceOf(actor);
}

/** The register's sync protocol: push the outbox, report a heartbeat, hold the register's lease. */
export function registerSyncRoutes(server: FastifyInstance, deps: ModuleDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const db = deps.database.db;
  const now = () => deps.clock.now().toISOString();

  app.post(
    '/api/v1/sync/push',
    {
      config: { permission: 'sales.sell' },
      schema: {
        tags: ['sync'],
        summary: 'Push a register outbox batch',
        description:
          'Items are processed in order and acknowledged one by one. `recorded` and `duplicate` both mean: remove it from the outbox. `rejected` carries the reason and does not block later items. ' +
          'Every item is idempotent by its id (a sale by its document id), so a batch can be resent after a lost answer.',
        body: SyncPushBody,
        response: { 200: SyncPushResponse, ...errorResponses(413) },
      },
    },
    async (request) => ({
      results: await pushOutbox(
        db,
        outboxSaleCaller(request),
        pushingDevice(request),
        request.body.registerId,
        // The type provider cannot infer a register event's detail values (one schema with a list
        // of types, see contracts/sync.ts); the schema has validated them as SyncItem says.
        request.body.items as SyncItem[],
        now,
      ),
      serverTime: now(),
    }),
  );

  app.post(
    '/api/v1/sync/heartbeat',
    {
      config: { permission: 'sales.sell' },
      schema: {
        tags: ['sync'],
        summary: 'Report register status',
        description:
          'Items still waiting in the outbox, app version, whether the browser granted persistent storage. Shown to the manager.',
        body: HeartbeatBody,
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      unwrap(await recordHeartbeat(db, outboxSaleCaller(request), request.body, now()));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/registers/sync-status',
    {
      config: { permission: 'reports.view' },
      schema: {
        tags: ['sync'],
        summary: 'Sync status of every register',
        description:
          'Last sync, last heartbeat, items waiting, storage persistence and open incidents (receipt gaps, conflicts) per register.',
        response: { 200: Type.Object({ items: Type.Array(RegisterSyncStatus) }), ...errorResponses() },
      },
    },
    async (request) => ({ items: await listSyncStatus(db, outboxSaleCaller(request)) }),
  );

  app.post(
    '/api/v1/registers/:id/lease',
    {
      config: { permission: 'sales.sell' },
      schema: {
        tags: ['sync'],
        summary: 'Take or renew the register',
        description:
          'One writer per register: the lease goes to one tab or device at a time. Renew before it expires; a second holder gets a 409 until it is released or expires.',
        params: Type.Object({ id: Uuid }),
        body: LeaseBody,
        response: { 200: Lease, ...errorResponses(404, 409) },
      },
    },
    async (request) =>
      unwrap(
        await acquireLease(
          db,
          outboxSaleCaller(request),
          request.params.id,
          request.body.holderId,
          request.body.ttlSeconds ?? 120,
          deps.clock.now(),
        ),
      ),
  );

  app.post(
    '/api/v1/registers/:id/lease/release',
    {
      config: { permission: 'sales.sell' },
      schema: {
        tags: ['sync'],
        summary: 'Release the register',
        description: 'Gives the register back at once (e.g. when the tab closes).',
        params: Type.Object({ id: Uuid }),
        body: Type.Object(
          { holderId: Type.String({ minLength: 8, maxLength: 100 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      unwrap(await releaseLease(db, outboxSaleCaller(request), request.params.id, request.body.holderId));
      return reply.status(204).send(null);
    },
  );
}
