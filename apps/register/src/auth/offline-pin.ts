import type { LocalOfflinePin, OutboxItem, RegisterDatabase } from '../db/database.ts';
import { uuidv7 } from '../lib/uuid.ts';
import type { ApiClient } from '../sync/api.ts';
import { fromBase64Url, toBase64Url } from './base64url.ts';

/**
 * Checking a PIN with no server (docs/STAFF.md, "Signing in offline"). Online the server checks
 * every PIN (central lockout and audit); only when it cannot be reached does the register compare
 * PBKDF2-SHA-256(PIN, salt, iterations) with what the server derived when the PIN was set.
 *
 * The local copy is bound to this device: it keeps HMAC(device key, verifier), where the device
 * key is a WebCrypto key generated here as non-extractable. Scripts (and a dump of the records)
 * never see the key's bytes, so the stored value alone cannot be tried against PINs elsewhere.
 * A raw copy of the browser profile on disk does contain the key: against that, only the KDF's
 * cost and changing the PINs of a stolen device's staff help (STAFF.md says so).
 */
export const OFFLINE_LOCKOUT = {
  /** Like the server (lockout.ts): 5 wrong PINs in a row lock the person on this device … */
  failuresToLock: 5,
  /** … for 30 minutes, or until the server is reachable again (the next refresh lifts it). */
  lockMinutes: 30,
  /** The first 3 wrong PINs in a row on the device are free; after that each one costs 30 s. */
  deviceFreeFailures: 3,
  deviceBackoffSeconds: 30,
} as const;

const DEVICE_KEY = 'offlinePinKey';
const GUARD = 'offlinePinGuard';

interface DeviceGuard {
  streak: number;
  retryAfter: string | null;
}

interface ServedPin {
  staffId: string;
  name: string;
  algorithm: string;
  salt: string;
  iterations: number;
  verifier: string;
  managesDevices?: boolean;
}

export type OfflineCheck =
  | { ok: true; staffId: string; name: string }
  | { ok: false; reason: 'wrong' | 'locked' | 'wait'; retryAfterSeconds?: number }
  /** No verifier here for this person (never signed in online since offline sign-in exists, or removed). */
  | { ok: false; reason: 'unavailable' };

/** The device's own HMAC key, made once; `extractable: false` keeps its bytes away from scripts. */
async function deviceKey(db: RegisterDatabase): Promise<CryptoKey> {
  const stored = (await db.meta.get(DEVICE_KEY))?.value as CryptoKey | undefined;
  if (stored) return stored;
  const key = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign', 'verify']);
  // Two tabs racing: the first key stored wins, so every check is made against one key.
  return db.transaction('rw', db.meta, async () => {
    const again = (await db.meta.get(DEVICE_KEY))?.value as CryptoKey | undefined;
    if (again) return again;
    await db.meta.put({ key: DEVICE_KEY, value: key });
    return key;
  });
}

async function pbkdf2(pin: string, salt: string, iterations: number): Promise<ArrayBuffer> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  return crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64Url(salt), iterations }, material, 256);
}

/**
 * Replaces the local verifiers with the server's list (GET /api/v1/devices/me/offline-pins): people
 * no longer listed are deleted, and reaching the server lifts the local lockouts (it is the
 * authority again). A 401 means the device credential was revoked: everything is deleted.
 */
export async function refreshOfflinePins(db: RegisterDatabase, api: ApiClient, credential: string): Promise<'refreshed' | 'revoked' | 'unreachable'> {
  const answer = await api.call<{ items: ServedPin[] }>('GET', '/api/v1/devices/me/offline-pins', { token: credential });
  if (!answer.ok) {
    if (answer.error.status !== 401) return 'unreachable';
    await db.offlinePins.clear();
    return 'revoked';
  }
  const key = await deviceKey(db);
  const rows: LocalOfflinePin[] = [];
  for (const p of answer.value.items) {
    if (p.algorithm !== 'PBKDF2-SHA-256') continue;
    const check = await crypto.subtle.sign('HMAC', key, fromBase64Url(p.verifier));
    rows.push({ staffId: p.staffId, name: p.name, salt: p.salt, iterations: p.iterations, check: toBase64Url(check), managesDevices: p.managesDevices === true, failed: 0, lockedUntil: null });
  }
  await db.transaction('rw', [db.offlinePins, db.meta], async () => {
    await db.offlinePins.clear();
    await db.offlinePins.bulkPut(rows);
    await db.meta.delete(GUARD);
  });
  return 'refreshed';
}

function secondsBetween(from: Date, to: string): number {
  return Math.max(1, Math.ceil((Date.parse(to) - from.getTime()) / 1000));
}

function failureEvent(staffId: string, kind: 'register.offline_pin_failed' | 'register.offline_pin_locked', at: Date): OutboxItem {
  const occurredAt = at.toISOString();
  return { id: uuidv7(), kind: 'register_event', payload: { kind, occurredAt, staffId, details: { method: 'offline_pin' } }, status: 'pending', attempts: 0, error: null, createdAt: occurredAt };
}

/**
 * Checks a PIN on this device alone. The attempt is counted as wrong *before* the slow KDF runs
 * and taken back only when the PIN is right, so parallel guesses cannot slip past the lockout.
 * Wrong PINs and lockouts go to the server through the outbox (register events, journaled).
 */
export async function verifyOfflinePin(db: RegisterDatabase, staffId: string, pin: string, now: Date = new Date()): Promise<OfflineCheck> {
  const nowIso = now.toISOString();
  const key = await deviceKey(db);
  const gate = await db.transaction('rw', [db.offlinePins, db.meta], async (): Promise<OfflineCheck | { entry: LocalOfflinePin; locks: boolean }> => {
    const guard = ((await db.meta.get(GUARD))?.value as DeviceGuard | undefined) ?? { streak: 0, retryAfter: null };
    if (guard.retryAfter && guard.retryAfter > nowIso) return { ok: false, reason: 'wait', retryAfterSeconds: secondsBetween(now, guard.retryAfter) };
    const entry = await db.offlinePins.get(staffId);
    if (!entry) return { ok: false, reason: 'unavailable' };
    if (entry.lockedUntil && entry.lockedUntil > nowIso) return { ok: false, reason: 'locked', retryAfterSeconds: secondsBetween(now, entry.lockedUntil) };
    const failed = entry.failed + 1;
    const locks = failed >= OFFLINE_LOCKOUT.failuresToLock;
    const streak = guard.streak + 1;
    const backoff = streak >= OFFLINE_LOCKOUT.deviceFreeFailures;
    const lockedUntil = locks ? new Date(now.getTime() + OFFLINE_LOCKOUT.lockMinutes * 60_000).toISOString() : null;
    await db.offlinePins.update(staffId, { failed: locks ? 0 : failed, lockedUntil });
    const retryAfter = backoff ? new Date(now.getTime() + OFFLINE_LOCKOUT.deviceBackoffSeconds * 1000).toISOString() : null;
    await db.meta.put({ key: GUARD, value: { streak, retryAfter } satisfies DeviceGuard });
    return { entry, locks };
  });
  if ('ok' in gate) return gate;
  const { entry, locks } = gate;
  const derived = await pbkdf2(pin, entry.salt, entry.iterations);
  // HMAC verify compares in constant time; the check value is useless without this device's key.
  const right = await crypto.subtle.verify('HMAC', key, fromBase64Url(entry.check), derived);
  if (right) {
    // The right PIN: the attempt counted above was not a failure after all.
    await db.transaction('rw', [db.offlinePins, db.meta], async () => {
      await db.offlinePins.update(staffId, { failed: 0, lockedUntil: null });
      await db.meta.put({ key: GUARD, value: { streak: 0, retryAfter: null } satisfies DeviceGuard });
    });
    return { ok: true, staffId: entry.staffId, name: entry.name };
  }
  await db.transaction('rw', db.outbox, async () => {
    await db.outbox.add(failureEvent(staffId, 'register.offline_pin_failed', now));
    if (locks) await db.outbox.add(failureEvent(staffId, 'register.offline_pin_locked', now));
  });
  if (locks) return { ok: false, reason: 'locked', retryAfterSeconds: OFFLINE_LOCKOUT.lockMinutes * 60 };
  return { ok: false, reason: 'wrong' };
}

/** The session an offline sign-in starts: no server token (it proves nothing to the server). */
export interface OfflineSession {
  token: string;
  staffId: string;
  name: string;
  offline: true;
}

/**
 * Starts a session after a right offline PIN: the session and a `register.signed_in` event
 * (method offline_pin, journaled when it reaches the server) are written in one transaction.
 * The token is a local marker only; the register delivers its outbox with the device credential
 * meanwhile, and the sales carry this person as their cashier.
 */
export async function startOfflineSession(db: RegisterDatabase, who: { staffId: string; name: string }, now: Date = new Date()): Promise<OfflineSession> {
  const session: OfflineSession = { token: `offline_${uuidv7()}`, staffId: who.staffId, name: who.name, offline: true };
  const occurredAt = now.toISOString();
  await db.transaction('rw', [db.meta, db.outbox], async () => {
    await db.meta.put({ key: 'session', value: session });
    await db.outbox.add({ id: uuidv7(), kind: 'register_event', payload: { kind: 'register.signed_in', occurredAt, staffId: who.staffId, details: { method: 'offline_pin' } }, status: 'pending', attempts: 0, error: null, createdAt: occurredAt });
  });
  return session;
}
