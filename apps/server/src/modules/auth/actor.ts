import type { FastifyRequest } from 'fastify';
import type { Decision } from '@kassa/contracts';

/** A role as it applies to one staff member in one store (or in all stores). */
export interface Grant {
  roleId: string;
  roleKey: string | null;
  roleName: string;
  /** Permission → decision; missing permissions are denied. Owners allow everything. */
  permissions: Record<string, Decision>;
  discountLimitBp: number;
}

/** An integration calling with an API token. */
export interface ApiTokenActor {
  kind: 'apiToken';
  id: string;
  organisationId: string;
  name: string;
  scopes: string[];
}

/** A person signed in: back office (e-mail + password) or register (PIN on an enrolled device). */
export interface StaffSessionActor {
  kind: 'staffSession';
  /** The staff member's id (same as staffId; kept so every actor has an id). */
  id: string;
  staffId: string;
  sessionId: string;
  sessionKind: 'backOffice' | 'register';
  organisationId: string;
  name: string;
  /** Set for register sessions: the device, register and store signed in at. */
  deviceId: string | null;
  registerId: string | null;
  storeId: string | null;
  /** A role held in every store (owners, area managers), if any. */
  allStores: Grant | null;
  /** Role per store; a store absent here (and no allStores) is invisible. */
  stores: Record<string, Grant>;
  /** Whether the credential came from the cookie (state changes then need X-CSRF-Token). */
  viaCookie: boolean;
}

/** An enrolled register device before anyone signs in on it. */
export interface DeviceActor {
  kind: 'device';
  id: string;
  deviceId: string;
  organisationId: string;
  name: string;
  registerId: string;
  storeId: string;
}

/** Who is calling: resolved from the credential, never from the request body. */
export type Actor = ApiTokenActor | StaffSessionActor | DeviceActor;

/** A manager's approval consumed by this request (see approvals.ts). */
export interface ApprovalUse {
  approvalId: string;
  approverStaffId: string;
  permission: string;
  reason: string | null;
}

const actors = new WeakMap<FastifyRequest, Actor>();
const approvals = new WeakMap<FastifyRequest, ApprovalUse>();

/** The authenticated caller of a request (set by the auth hook; absent on public routes). */
export function actorOf(request: FastifyRequest): Actor {
  const actor = actors.get(request);
  if (!actor)
    throw new Error(`No actor on ${request.method} ${request.url}: the route is public or auth did not run`);
  return actor;
}

/** The caller if one signed in (public routes may still be called with a credential). */
export function optionalActorOf(request: FastifyRequest): Actor | undefined {
  return actors.get(request);
}

export function setActor(request: FastifyRequest, actor: Actor): void {
  actors.set(request, actor);
}

/** The approval this request carried and consumed, if its permission needed one. */
export function approvalOf(request: FastifyRequest): ApprovalUse | undefined {
  return approvals.get(request);
}

export function setApproval(request: FastifyRequest, approval: ApprovalUse): void {
  approvals.set(request, approval);
}

/** The staff member behind an actor, if it is a person. */
export function staffIdOf(actor: Actor): string | null {
  return actor.kind === 'staffSession' ? actor.staffId : null;
}
