import type { FastifyRequest } from 'fastify';
import type { Actor } from './actor.ts';
import type { AuditContext } from './audit.ts';
import type { PinDevice } from './pin-auth.ts';

/** Who and where, for audit events: taken from the credential, plus the client address. */
export function auditContextOf(actor: Actor, request: FastifyRequest): AuditContext {
  if (actor.kind === 'apiToken')
    return { organisationId: actor.organisationId, actorKind: 'apiToken', actorId: actor.id, ip: request.ip };
  if (actor.kind === 'device') {
    return {
      organisationId: actor.organisationId,
      actorKind: 'device',
      actorId: actor.deviceId,
      storeId: actor.storeId,
      deviceId: actor.deviceId,
      ip: request.ip,
    };
  }
  return {
    organisationId: actor.organisationId,
    actorKind: 'staff',
    actorId: actor.staffId,
    storeId: actor.storeId,
    deviceId: actor.deviceId,
    ip: request.ip,
  };
}

/** A text naming the actor for `created_by` columns: a staff id, or `token:<id>` / `device:<id>`. */
export function actorRef(actor: Actor): string {
  if (actor.kind === 'staffSession') return actor.staffId;
  return `${actor.kind === 'apiToken' ? 'token' : 'device'}:${actor.id}`;
}

/** The device behind a device credential or a register session (routes declared `device` guarantee one). */
export function deviceOf(actor: Actor): PinDevice {
  if (actor.kind === 'device') return actor;
  if (actor.kind === 'staffSession' && actor.deviceId && actor.storeId && actor.registerId) {
    return {
      deviceId: actor.deviceId,
      organisationId: actor.organisationId,
      storeId: actor.storeId,
      registerId: actor.registerId,
    };
  }
  throw new Error(
    'deviceOf called for an actor without a device: declare the route with permission "device"',
  );
}
