import type { DB } from '../../db/schema.ts';
import { addMinutes } from './context.ts';

/**
 * Guessing limits (DOMAIN.md, Staff and security; OWASP ASVS 2.2):
 * - 5 wrong PINs in a row lock that staff member's PIN for 30 minutes, or
 *   until a manager unlocks it;
 * - 10 wrong passwords in a row lock password sign-in for 30 minutes;
 * - at most 100 failures (PIN and password together) per account per hour;
 * - per device: the first 3 consecutive wrong PINs are free, after that each
 *   failure makes the device wait 30 s. Trying 10,000 PINs from one device thus
 *   takes at least (10,000 − 3) × 30 s ≈ 83 hours, more than three days,
 *   before even counting the per-staff lockout.
 */
export const LOCKOUT_POLICY = {
  pinFailuresToLock: 5,
  pinLockMinutes: 30,
  passwordFailuresToLock: 10,
  passwordLockMinutes: 30,
  hourlyFailureCap: 100,
  deviceFreeFailures: 3,
  deviceBackoffSeconds: 30,
} as const;

type StaffRow = Pick<
  DB['staff'],
  | 'failed_pin_count'
  | 'pin_locked_until'
  | 'failed_password_count'
  | 'password_locked_until'
  | 'failure_window_start'
  | 'failure_window_count'
>;
export type SecretKind = 'pin' | 'password';

/** Until when this kind of sign-in is locked for the account, or null. */
export function lockedUntil(staff: StaffRow, kind: SecretKind, now: string): string | null {
  const own = kind === 'pin' ? staff.pin_locked_until : staff.password_locked_until;
  if (own !== null && own > now) return own;
  if (staff.failure_window_start !== null && staff.failure_window_count >= LOCKOUT_POLICY.hourlyFailureCap) {
    const windowEnd = addMinutes(staff.failure_window_start, 60);
    if (windowEnd > now) return windowEnd;
  }
  return null;
}

/** The row changes after one more failure, and whether it has just locked the account. */
export function afterFailure(
  staff: StaffRow,
  kind: SecretKind,
  now: string,
): { patch: Partial<DB['staff']>; locked: boolean } {
  const windowOpen = staff.failure_window_start !== null && addMinutes(staff.failure_window_start, 60) > now;
  const window = windowOpen
    ? {
        failure_window_start: staff.failure_window_start,
        failure_window_count: staff.failure_window_count + 1,
      }
    : { failure_window_start: now, failure_window_count: 1 };
  const capped = window.failure_window_count >= LOCKOUT_POLICY.hourlyFailureCap;
  if (kind === 'pin') {
    const count = staff.failed_pin_count + 1;
    const locked = count >= LOCKOUT_POLICY.pinFailuresToLock;
    return {
      patch: {
        ...window,
        failed_pin_count: locked ? 0 : count,
        ...(locked ? { pin_locked_until: addMinutes(now, LOCKOUT_POLICY.pinLockMinutes) } : {}),
      },
      locked: locked || capped,
    };
  }
  const count = staff.failed_password_count + 1;
  const locked = count >= LOCKOUT_POLICY.passwordFailuresToLock;
  return {
    patch: {
      ...window,
      failed_password_count: locked ? 0 : count,
      ...(locked ? { password_locked_until: addMinutes(now, LOCKOUT_POLICY.passwordLockMinutes) } : {}),
    },
    locked: locked || capped,
  };
}

/** The lockout columns of an account with no failed attempts: a new staff member's, or one a manager unlocked. */
export const NO_FAILURES = {
  failed_password_count: 0,
  password_locked_until: null,
  failed_pin_count: 0,
  pin_locked_until: null,
  failure_window_start: null,
  failure_window_count: 0,
} as const satisfies Partial<DB['staff']>;

/** A correct secret resets the consecutive-failure count of its kind. */
export function afterSuccess(kind: SecretKind): Partial<DB['staff']> {
  return kind === 'pin' ? { failed_pin_count: 0 } : { failed_password_count: 0 };
}

/** Seconds a device must still wait before the next PIN attempt, or 0. */
export function deviceWaitSeconds(device: Pick<DB['devices'], 'pin_retry_after'>, now: string): number {
  if (device.pin_retry_after === null || device.pin_retry_after <= now) return 0;
  return Math.ceil((Date.parse(device.pin_retry_after) - Date.parse(now)) / 1000);
}

/** Device row changes after a wrong PIN: back-off starts after the third in a row. */
export function afterDeviceFailure(
  device: Pick<DB['devices'], 'failed_pin_streak'>,
  now: string,
): Partial<DB['devices']> {
  const streak = device.failed_pin_streak + 1;
  const wait = streak >= LOCKOUT_POLICY.deviceFreeFailures;
  return {
    failed_pin_streak: streak,
    pin_retry_after: wait
      ? new Date(Date.parse(now) + LOCKOUT_POLICY.deviceBackoffSeconds * 1000).toISOString()
      : null,
  };
}
