/**
 * The session cookie, written and read by hand: its value is our own
 * base64url token, so no encoding is needed (and @fastify/cookie's helpers
 * only work once its plugin has loaded).
 */
export const SESSION_COOKIE = 'kassa_session';

// HttpOnly (no script can read it), Secure (HTTPS only), SameSite=Strict
// (never sent on cross-site requests), for the whole site.
const ATTRIBUTES = 'Path=/; HttpOnly; Secure; SameSite=Strict';

export function sessionCookie(token: string): string {
  return `${SESSION_COOKIE}=${token}; ${ATTRIBUTES}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Max-Age=0; ${ATTRIBUTES}`;
}

/** The session token from a Cookie header, if any. */
export function sessionTokenFrom(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader || cookieHeader.length > 8192) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}
