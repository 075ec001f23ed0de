import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// Credential prefixes tell the kinds apart without a database lookup, and make
// a leaked credential recognisable to secret scanners.
export const API_TOKEN_PREFIX = 'kassa_';
export const SESSION_PREFIX = 'kss_';
export const DEVICE_PREFIX = 'ksd_';
export const APPROVAL_PREFIX = 'ksa_';

/** Random credentials carry 256 bits, so a plain SHA-256 is a safe storage hash (no dictionary to guess from). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new random credential with a kind prefix. */
export function randomToken(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Constant-time comparison of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

// Crockford base32 without I, L, O, U: easy to read aloud and type on a tablet.
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A one-time enrolment code: 12 characters (60 bits), grouped by four. */
export function enrolmentCode(): string {
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => CODE_ALPHABET[b % 32]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

/** Codes are compared without dashes, spaces or case. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[^0-9A-Z]/g, '');
}
