/**
 * Expected business outcomes are values, not exceptions (CONVENTIONS.md, "Domain core is pure"):
 * a function that can be refused for a business reason returns a Result with a stable error code.
 * Throwing is reserved for programmer bugs (bad arguments that validated input can never produce).
 */
export type Result<T, E extends { code: string }> = { ok: true; value: T } | { ok: false; error: E };

/** Wraps a successful value. */
export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** Wraps a business error carrying a stable, module-prefixed code. */
export function err<E extends { code: string }>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}
