import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { HttpError, failure } from '../../http/errors.ts';
import { actorOf, assertStoreAccess, requirePermission, staffIdOf } from '../auth/index.ts';
import type { CashCaller } from './cash-command.ts';
import { findRegister, findShift } from './shifts.repository.ts';

/** The caller of a cash use case, from the authenticated actor. */
export function cashCallerOf(request: FastifyRequest): CashCaller {
  const actor = actorOf(request);
  return { organisationId: actor.organisationId, staffId: staffIdOf(actor) };
}

/**
 * 404 for a store the caller may not see; then the permission in that store,
 * where a role that needs approval (a cashier's pay-out or no-sale) may bring
 * a manager's approval in X-Kassa-Approval (single use, audited).
 */
async function assertPermissionInStore(request: FastifyRequest, storeId: string, permission: string): Promise<void> {
  assertStoreAccess(request, storeId);
  if (actorOf(request).kind === 'staffSession') await requirePermission(request, permission, storeId);
}

/** Store scoping for register routes: 404 for a register of a store the caller may not see, 403 without the permission there. */
export async function assertRegisterAccess(request: FastifyRequest, db: Kysely<DB>, registerId: string, permission: string): Promise<void> {
  const register = await findRegister(db, actorOf(request).organisationId, registerId);
  if (!register) throw new HttpError(failure('CASH_UNKNOWN_REGISTER', `Register ${registerId} does not exist in your organisation.`, { registerId }));
  await assertPermissionInStore(request, register.store_id, permission);
}

/** Store scoping for shift routes. */
export async function assertShiftAccess(request: FastifyRequest, db: Kysely<DB>, shiftId: string, permission: string): Promise<void> {
  const shift = await findShift(db, actorOf(request).organisationId, shiftId);
  if (!shift) throw new HttpError(failure('CASH_SHIFT_NOT_FOUND', `Shift ${shiftId} does not exist.`, { shiftId }));
  await assertPermissionInStore(request, shift.store_id, permission);
}
