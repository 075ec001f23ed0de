import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { systemClock } from '../lib/clock.ts';
import { createAuthContext, createEnrolmentCode, type AuthContext } from '../modules/auth/index.ts';
import { listStores } from '../modules/stores/index.ts';

export interface DemoRegister {
  storeId: string;
  registerId: string;
  storeName: string;
  registerName: string;
}

export interface DemoEnrolment extends DemoRegister {
  code: string;
  expiresAt: string;
}

/** The register a demo browser enrols as: the first register of the first store as listed, where seedDemoStaff puts the demo staff. */
export async function findDemoRegister(db: Kysely<DB>, organisationId: string): Promise<DemoRegister | null> {
  const store = (await listStores(db, organisationId))[0];
  const register = store?.registers[0];
  if (!store || !register) return null;
  return { storeId: store.id, registerId: register.id, storeName: store.name, registerName: register.name };
}

/**
 * Demo mode: a one-time enrolment code for the demo register, printed as a link at start-up and
 * handed to the enrol screen's demo button (demo.routes.ts), so a newcomer's browser becomes an
 * enrolled register with one click. It is the same code a manager would make (15 minutes, single
 * use, audited).
 */
export async function demoEnrolmentCode(
  ctx: AuthContext,
  organisationId: string,
): Promise<DemoEnrolment | null> {
  const register = await findDemoRegister(ctx.db, organisationId);
  if (!register) return null;
  const { code, expiresAt } = await createEnrolmentCode(ctx, {
    organisationId,
    storeId: register.storeId,
    registerId: register.registerId,
    deviceName: 'Demo register',
    createdBy: 'system:demo',
    audit: { organisationId, actorKind: 'system', actorId: null, storeId: register.storeId },
  });
  return { ...register, code, expiresAt };
}

/** The code of the start-up banner's link (a new one on every demo start). */
export async function issueDemoEnrolmentCode(
  database: Database,
  organisationId: string,
  pepper: Buffer,
): Promise<DemoEnrolment | null> {
  return demoEnrolmentCode(
    createAuthContext({ db: database.db, clock: systemClock, settings: { pepper } }),
    organisationId,
  );
}
