import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { DUTCH_DEFAULTS, setupOrganisation, type OrganisationIds } from '../../src/modules/stores/index.ts';
import { randomBytes } from 'node:crypto';
import { createApiToken, createAuthContext, createSession, hashSecret } from '../../src/modules/auth/index.ts';
import { hashToken } from '../../src/modules/auth/tokens.ts';
import { ensureBuiltInRoles } from '../../src/modules/staff/index.ts';
import { uuidv7 } from '../../src/lib/uuidv7.ts';

export interface ShopScenario extends OrganisationIds {
  /** A token with every permission (the owner's). */
  ownerToken: string;
  /** A token that may only read the catalogue. */
  readOnlyToken: string;
}

/** Named seed scenario: one Dutch shop with two stores, a register each, and tokens. */
export async function aDutchShop(db: Kysely<DB>, now = '2026-11-27T09:00:00.000Z'): Promise<ShopScenario> {
  const ids = await setupOrganisation(
    db,
    {
      ...DUTCH_DEFAULTS,
      name: 'Test Winkel BV',
      stores: [
        { name: 'Utrecht Centrum', addressLine1: 'Oudegracht 1', postalCode: '3511 AA', city: 'Utrecht', vatNumber: 'NL123456789B01', kvkNumber: '12345678', registers: ['Kassa 1'] },
        { name: 'Outlet Houten', addressLine1: 'Rondweg 2', postalCode: '3991 AB', city: 'Houten', registers: ['Kassa 1'] },
      ],
    },
    now,
  );
  const owner = await createApiToken(db, { organisationId: ids.organisationId, name: 'test owner', scopes: ['*'], now });
  const reader = await createApiToken(db, { organisationId: ids.organisationId, name: 'test reader', scopes: ['catalog:read'], now });
  return { ...ids, ownerToken: owner.token, readOnlyToken: reader.token };
}

// ——— Staff, sessions and devices (issue 3) ———

/** The pepper every staff test uses; passed to buildApp as `security.pepper`. */
export const TEST_PEPPER = Buffer.from('test-pepper-0123456789abcdef0123456789abcdef');

const hashCache = new Map<string, Promise<string>>();
/** argon2 is slow on purpose: hash each test secret once per process. */
function cachedHash(secret: string): Promise<string> {
  let hashed = hashCache.get(secret);
  if (!hashed) {
    hashed = hashSecret(secret, TEST_PEPPER);
    hashCache.set(secret, hashed);
  }
  return hashed;
}

export interface StaffPerson {
  id: string;
  email: string | null;
  password: string | null;
  pin: string;
}

export interface StaffedShop extends ShopScenario {
  roles: Record<'owner' | 'manager' | 'cashier', string>;
  owner: StaffPerson;
  managerA: StaffPerson;
  cashierA: StaffPerson;
  managerB: StaffPerson;
  cashierB: StaffPerson;
  /** A device enrolled for store A's register, and its credential. */
  deviceA: { id: string; credential: string };
  deviceB: { id: string; credential: string };
}

/** Inserts a staff member with hashed secrets and their roles, for tests that need people beyond the named scenario. */
export async function addPerson(
  db: Kysely<DB>,
  shop: { organisationId: string },
  person: { name: string; email: string | null; password: string | null; pin: string; allStoresRoleId?: string; storeRoles: Array<{ storeId: string; roleId: string }>; wage?: number },
  now: string,
): Promise<StaffPerson> {
  const id = uuidv7();
  await db
    .insertInto('staff')
    .values({
      id, organisation_id: shop.organisationId, name: person.name, email: person.email, phone: null, locale: 'nl-NL', hourly_wage: person.wage ?? 1500, active: 1,
      all_stores_role_id: person.allStoresRoleId ?? null, password_hash: person.password ? await cachedHash(person.password) : null, pin_hash: await cachedHash(person.pin),
      failed_password_count: 0, password_locked_until: null, failed_pin_count: 0, pin_locked_until: null, failure_window_start: null, failure_window_count: 0,
      version: 1, created_at: now, updated_at: now,
    })
    .execute();
  for (const sr of person.storeRoles) await db.insertInto('staff_store_roles').values({ staff_id: id, store_id: sr.storeId, role_id: sr.roleId }).execute();
  return { id, email: person.email, password: person.password, pin: person.pin };
}

/** Inserts an enrolled device directly (enrolment itself is tested through the API). */
export async function aDevice(db: Kysely<DB>, shop: OrganisationIds, storeIndex: number, now: string): Promise<{ id: string; credential: string }> {
  const id = uuidv7();
  const credential = `ksd_${randomBytes(32).toString('base64url')}`;
  const store = shop.stores[storeIndex]!;
  await db
    .insertInto('devices')
    .values({ id, organisation_id: shop.organisationId, store_id: store.id, register_id: store.registerIds[0]!, name: `Device ${storeIndex}`, credential_hash: hashToken(credential), enrolled_at: now, enrolled_by: null, revoked_at: null, failed_pin_streak: 0, pin_retry_after: null, last_seen_at: null })
    .execute();
  return { id, credential };
}

/**
 * Named seed scenario: the Dutch shop with people. Store A (Utrecht) has
 * managerA and cashierA, store B (Houten) managerB and cashierB; the owner
 * works in all stores. Each store has an enrolled device.
 */
export async function aStaffedDutchShop(db: Kysely<DB>, now = '2026-11-27T09:00:00.000Z'): Promise<StaffedShop> {
  const shop = await aDutchShop(db, now);
  const roles = (await ensureBuiltInRoles(db, shop.organisationId, now)) as StaffedShop['roles'];
  const [a, b] = [shop.stores[0]!.id, shop.stores[1]!.id];
  const owner = await addPerson(db, shop, { name: 'Olga Owner', email: 'owner@test.nl', password: 'owner-password-123', pin: '1111', allStoresRoleId: roles.owner, storeRoles: [] }, now);
  const managerA = await addPerson(db, shop, { name: 'Anna Manager', email: 'manager.a@test.nl', password: 'manager-password-123', pin: '2222', storeRoles: [{ storeId: a, roleId: roles.manager }] }, now);
  const cashierA = await addPerson(db, shop, { name: 'Cas Cashier', email: null, password: null, pin: '3333', storeRoles: [{ storeId: a, roleId: roles.cashier }], wage: 1450 }, now);
  const managerB = await addPerson(db, shop, { name: 'Bert Manager', email: 'manager.b@test.nl', password: null, pin: '5555', storeRoles: [{ storeId: b, roleId: roles.manager }] }, now);
  const cashierB = await addPerson(db, shop, { name: 'Bo Cashier', email: null, password: null, pin: '4444', storeRoles: [{ storeId: b, roleId: roles.cashier }] }, now);
  return { ...shop, roles, owner, managerA, cashierA, managerB, cashierB, deviceA: await aDevice(db, shop, 0, now), deviceB: await aDevice(db, shop, 1, now) };
}

/** A session created directly (no PIN or password hashing), for tests that need many. */
export async function aSessionFor(
  db: Kysely<DB>,
  shop: StaffedShop,
  staffId: string,
  options: { kind?: 'backOffice' | 'register'; storeIndex?: number; now?: string } = {},
): Promise<{ token: string; csrfToken: string }> {
  const kind = options.kind ?? 'backOffice';
  const store = shop.stores[options.storeIndex ?? 0]!;
  const device = (options.storeIndex ?? 0) === 0 ? shop.deviceA : shop.deviceB;
  const now = options.now ?? new Date().toISOString();
  const ctx = createAuthContext({ db, clock: { now: () => new Date(now) }, settings: { pepper: TEST_PEPPER } });
  const register = kind === 'register' ? { deviceId: device.id, storeId: store.id, registerId: store.registerIds[0]! } : {};
  return createSession(db, ctx, { kind, organisationId: shop.organisationId, staffId, ...register });
}
