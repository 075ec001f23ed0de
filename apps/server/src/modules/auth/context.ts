import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { loadPepper } from './pepper.ts';
import { OFFLINE_PIN_ITERATIONS } from './offline-pins.ts';

/** Security settings; every field has a safe default. */
export interface AuthSettings {
  /** The pepper, or a function that loads it on first use (see pepper.ts). */
  pepper: Buffer | (() => Buffer | Promise<Buffer>);
  /** Back-office sessions end after this much inactivity (DOMAIN.md: 15 min). */
  backOfficeIdleMinutes: number;
  /** Register (PIN) sessions end after this much inactivity. */
  registerIdleMinutes: number;
  /** No session lives longer than this, active or not. */
  sessionMaxHours: number;
  /** PBKDF2 iterations of new offline PIN verifiers (offline-pins.ts); weaker ones are renewed at the next online check. */
  offlinePinIterations: number;
}

export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
  pepper: () => loadPepper(),
  backOfficeIdleMinutes: 15,
  registerIdleMinutes: 60,
  sessionMaxHours: 12,
  offlinePinIterations: OFFLINE_PIN_ITERATIONS,
};

/** What auth routes and use cases share: database, clock, settings and the route table. */
export interface AuthContext {
  db: Kysely<DB>;
  clock: Clock;
  settings: AuthSettings;
  /** The pepper, loaded once on first use (tests that never hash never create a secret file). */
  pepper(): Promise<Buffer>;
  /** Every route's declaration, collected at registration (the RBAC matrix reads it). */
  routes: Array<{ method: string; url: string; permission: string }>;
  now(): string;
}

/** Builds the auth context from partial settings. */
export function createAuthContext(deps: {
  db: Kysely<DB>;
  clock: Clock;
  settings?: Partial<AuthSettings>;
}): AuthContext {
  const settings = { ...DEFAULT_AUTH_SETTINGS, ...deps.settings };
  let pepper: Promise<Buffer> | undefined;
  return {
    db: deps.db,
    clock: deps.clock,
    settings,
    routes: [],
    now: () => deps.clock.now().toISOString(),
    pepper() {
      pepper ??= Promise.resolve(typeof settings.pepper === 'function' ? settings.pepper() : settings.pepper);
      return pepper;
    },
  };
}

/** Adds minutes to an RFC 3339 timestamp. */
export function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

/** Whole seconds from `from` until `to` (at least 1). */
export function secondsUntil(from: string, to: string): number {
  return Math.max(1, Math.ceil((Date.parse(to) - Date.parse(from)) / 1000));
}
