import type { Database } from '../db/database.ts';
import { systemClock } from '../lib/clock.ts';
import { createAuthContext, createEnrolmentCode } from '../modules/auth/index.ts';
import { listStores } from '../modules/stores/index.ts';

export interface DemoEnrolment {
  code: string;
  expiresAt: string;
  storeName: string;
  registerName: string;
}

/**
 * Demo mode: a one-time enrolment code for the first register, printed as a link, so a newcomer's
 * browser becomes an enrolled register with one click. It is the same code a manager would make
 * (15 minutes, single use, audited); a new one is issued on every demo start.
 */
export async function issueDemoEnrolmentCode(database: Database, organisationId: string, pepper: Buffer): Promise<DemoEnrolment | null> {
  // The first store as listed: the one seedDemoStaff gives the demo manager and cashiers.
  const store = (await listStores(database.db, organisationId))[0];
  const register = store?.registers[0];
  if (!store || !register) return null;
  const ctx = createAuthContext({ db: database.db, clock: systemClock, settings: { pepper } });
  const { code, expiresAt } = await createEnrolmentCode(ctx, {
    organisationId,
    storeId: store.id,
    registerId: register.id,
    deviceName: 'Demo register',
    createdBy: 'system:demo',
    audit: { organisationId, actorKind: 'system', actorId: null, storeId: store.id },
  });
  return { code, expiresAt, storeName: store.name, registerName: register.name };
}
