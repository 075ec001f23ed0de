import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { HttpError, failure } from '../../http/errors.ts';
import { actorOf, assertStoreAccess, staffIdOf } from '../auth/index.ts';
import type { CashCaller } from './cash-command.ts';
import { findRegister, findShift } from './shifts.repository.ts';

/** The caller of a cash use case, from the authenticated actor. */
export function cashCallerOf(request: FastifyRequest): CashCaller {
  const actor = actorOf(request);
  return { organisationId: actor.organisationId, staffId: staffIdOf(actor) };
}

/** Store scoping for register routes: 404 for a register of a store the caller may not see, 403 without the permission there. */
export async function assertRegisterAccess(request: FastifyRequest, db: Kysely<DB>, registerId: string, permission: string): Promise<void> {
  const register = await findRegister(db, actorOf(request).organisationId, registerId);
  if (!register) throw new HttpError(failure('CASH_UNKNOWN_REGISTER', `Register ${registerId} does not exist in your organisation.`, { registerId }));
  assertStoreAccess(request, register.store_id, permission);
}

/** Store scoping for shift routes. */
export async function assertShiftAccess(request: FastifyRequest, db: Kysely<DB>, shiftId: string, permission: string): Promise<void> {
  const shift = await findShift(db, actorOf(request).organisationId, shiftId);
  if (!shift) throw new HttpError(failure('CASH_SHIFT_NOT_FOUND', `Shift ${shiftId} does not exist.`, { shiftId }));
  assertStoreAccess(request, shift.store_id, permission);
}
