/**
 * One error shape for every endpoint (API.md):
 * `{ "error": { "code": "MODULE_REASON", "message": "…", "details": {…} } }`.
 * Use cases return these as the error side of a `Result`; the edge maps the
 * code to an HTTP status through the table that each module registers.
 */
export interface Failure {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

const statusByCode = new Map<string, number>([
  ['VALIDATION_FAILED', 400],
  ['REQUEST_MALFORMED', 400],
  ['AUTH_REQUIRED', 401],
  ['AUTH_INVALID_TOKEN', 401],
  ['AUTH_FORBIDDEN', 403],
  ['NOT_FOUND', 404],
  ['IDEMPOTENCY_KEY_REUSED', 409],
  ['REQUEST_TOO_LARGE', 413],
  ['UNSUPPORTED_MEDIA_TYPE', 415],
  ['RATE_LIMITED', 429],
  ['INTERNAL', 500],
  ['NOT_READY', 503],
]);

/** Registers a module's code → HTTP status table (called once per module). */
export function registerErrorStatuses(table: Record<string, number>): void {
  for (const [code, status] of Object.entries(table)) statusByCode.set(code, status);
}

/** The HTTP status for an error code; an unregistered code is a bug, so 500. */
export function statusForCode(code: string): number {
  return statusByCode.get(code) ?? 500;
}

/** An error thrown across the HTTP edge; the error handler renders it. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(failure: Failure, status = statusForCode(failure.code)) {
    super(failure.message);
    this.name = 'HttpError';
    this.code = failure.code;
    this.status = status;
    this.details = failure.details;
  }

  toBody(): { error: Failure } {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

/** Builds a failure value (the error side of a Result). */
export function failure(code: string, message: string, details?: Record<string, unknown>): Failure {
  return details ? { code, message, details } : { code, message };
}

/** A plain Result for use cases; the domain package has its own with the same shape. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: Failure };

/** Returns the value of a successful outcome or throws it as an HttpError. */
export function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new HttpError(outcome.error);
}

export const notFound = (what: string, id: string): HttpError =>
  new HttpError(failure('NOT_FOUND', `${what} ${id} does not exist or is not visible to you.`, { id }));
