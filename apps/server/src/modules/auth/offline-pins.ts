import { createCipheriv, createDecipheriv, hkdfSync, pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { decisionInStore } from './access.ts';
import { worksInStores } from './staff-in-store.ts';

/**
 * The permission that lets a person override the register's guards while sales wait to be sent
 * (signing out, reloading the device's data, resetting the device, installing an update): the
 * register checks it offline with the flag served here (docs/REGISTER.md, "Waiting items").
 */
export const GUARD_OVERRIDE_PERMISSION = 'devices.manage';

const pbkdf2Async = promisify(pbkdf2);

/**
 * Offline PIN verifiers (docs/STAFF.md, "Signing in offline"). A register that cannot reach the
 * server checks a PIN against PBKDF2-SHA-256(PIN, salt, iterations): a slow, salted KDF that
 * every browser's WebCrypto has. 600,000 iterations is OWASP's figure for PBKDF2-SHA-256
 * (Password Storage Cheat Sheet, 2023): about 0.2 s on one server core here, a few hundred ms on
 * a current phone. It slows guessing on CPUs; it does not make a 4–6 digit PIN safe against a
 * GPU once a device's storage is stolen (STAFF.md says so and what limits the damage).
 */
export const OFFLINE_PIN_ITERATIONS = 600_000;
export const OFFLINE_PIN_ALGORITHM = 'PBKDF2-SHA-256';

/** A derived verifier, ready to store (the verifier is sealed, see sealKey). */
export interface OfflineVerifier {
  salt: string;
  iterations: number;
  sealedVerifier: string;
}

/**
 * The key that seals verifiers at rest: HKDF of the server pepper. The verifier is as good as the
 * PIN for someone who can run PBKDF2 10,000 times, so the database must not hold it in the clear:
 * a stolen database alone then gives no more than the peppered argon2id hash does.
 */
function sealKey(pepper: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', pepper, Buffer.alloc(0), 'kassa offline pin verifier v1', 32));
}

function seal(pepper: Buffer, staffId: string, salt: string, verifier: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealKey(pepper), iv);
  // Bound to the person and salt: a sealed row copied onto another staff member does not open.
  cipher.setAAD(Buffer.from(`${staffId}:${salt}`, 'utf8'));
  const body = Buffer.concat([cipher.update(verifier), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** Opens a sealed verifier; null when it does not open (another pepper, a tampered or moved row). */
export function openVerifier(pepper: Buffer, staffId: string, salt: string, sealed: string): Buffer | null {
  try {
    const raw = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', sealKey(pepper), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(`${staffId}:${salt}`, 'utf8'));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
  } catch {
    return null;
  }
}

/** Derives a new verifier from a PIN the server has just checked or been given; the PIN goes no further. */
export async function deriveOfflineVerifier(
  staffId: string,
  pin: string,
  pepper: Buffer,
  iterations = OFFLINE_PIN_ITERATIONS,
): Promise<OfflineVerifier> {
  const salt = randomBytes(16).toString('base64url');
  const verifier = await pbkdf2Async(pin, Buffer.from(salt, 'base64url'), iterations, 32, 'sha256');
  return { salt, iterations, sealedVerifier: seal(pepper, staffId, salt, verifier) };
}

/** Stores (or replaces) a staff member's verifier. */
export async function saveOfflineVerifier(
  db: Kysely<DB> | Transaction<DB>,
  staff: { id: string; organisationId: string },
  verifier: OfflineVerifier,
  now: string,
): Promise<void> {
  const row = {
    organisation_id: staff.organisationId,
    salt: verifier.salt,
    iterations: verifier.iterations,
    sealed_verifier: verifier.sealedVerifier,
    created_at: now,
  };
  await db
    .insertInto('staff_offline_pins')
    .values({ staff_id: staff.id, ...row })
    .onConflict((oc) => oc.column('staff_id').doUpdateSet(row))
    .execute();
}

/**
 * After a successful online PIN check: derives the verifier when the person has none yet (staff
 * whose PIN was set before offline sign-in existed) or a weaker one than today's iteration count.
 */
export async function ensureOfflineVerifier(
  db: Kysely<DB>,
  staff: { id: string; organisationId: string },
  pin: string,
  pepper: Buffer,
  now: string,
  iterations = OFFLINE_PIN_ITERATIONS,
): Promise<boolean> {
  const current = await db
    .selectFrom('staff_offline_pins')
    .select(['iterations', 'salt', 'sealed_verifier'])
    .where('staff_id', '=', staff.id)
    .executeTakeFirst();
  const usable = current && openVerifier(pepper, staff.id, current.salt, current.sealed_verifier) !== null;
  if (usable && current.iterations >= iterations) return false;
  await saveOfflineVerifier(db, staff, await deriveOfflineVerifier(staff.id, pin, pepper, iterations), now);
  return true;
}

/** One person's verifier as a device receives it. */
export interface DeviceOfflinePin {
  staffId: string;
  name: string;
  algorithm: typeof OFFLINE_PIN_ALGORITHM;
  salt: string;
  iterations: number;
  verifier: string;
  /** Holds GUARD_OVERRIDE_PERMISSION (allow) in the device's store, so may override its guards with an offline PIN. */
  managesDevices: boolean;
}

/**
 * The verifiers a device may hold: active staff who work in its store (a role there, or a role
 * for all stores) and have a PIN — exactly who may sign in there (pin-auth.ts). Anyone removed,
 * deactivated or moved to another store drops out of this list, and the register deletes what is
 * no longer listed.
 */
export async function listDeviceOfflinePins(
  db: Kysely<DB>,
  device: { organisationId: string; storeId: string },
  pepper: Buffer,
): Promise<DeviceOfflinePin[]> {
  const rows = await db
    .selectFrom('staff')
    .innerJoin('staff_offline_pins as p', 'p.staff_id', 'staff.id')
    .select(['staff.id', 'staff.name', 'staff.all_stores_role_id', 'p.salt', 'p.iterations', 'p.sealed_verifier'])
    .where('staff.organisation_id', '=', device.organisationId)
    .where('p.organisation_id', '=', device.organisationId)
    .where('staff.active', '=', 1)
    .where('staff.pin_hash', 'is not', null)
    .where(worksInStores([device.storeId]))
    .orderBy('staff.name')
    .orderBy('staff.id')
    .execute();
  const out: DeviceOfflinePin[] = [];
  for (const row of rows) {
    const verifier = openVerifier(pepper, row.id, row.salt, row.sealed_verifier);
    // A row sealed under another pepper (the secret was replaced) is useless: the next online check renews it.
    if (!verifier) continue;
    const override = await decisionInStore(db, { id: row.id, allStoresRoleId: row.all_stores_role_id }, device.storeId, GUARD_OVERRIDE_PERMISSION);
    out.push({
      staffId: row.id,
      name: row.name,
      algorithm: OFFLINE_PIN_ALGORITHM,
      salt: row.salt,
      iterations: row.iterations,
      verifier: verifier.toString('base64url'),
      managesDevices: override === 'allow',
    });
  }
  return out;
}
