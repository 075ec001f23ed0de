import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { failure, type Outcome } from './errors.ts';

/** Where a replayable request is remembered: a scope (organisation + operation) and the client's key. */
export interface IdempotencyKey {
  scope: string;
  key: string;
  /** What the key is, for the 409 message: an Idempotency-Key header or a client-chosen id. */
  label: string;
}

export interface StoredResponse {
  statusCode: number;
  body: unknown;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

/** A hash of the request body that ignores key order, so a replay serialised differently still matches. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical(body))).digest('hex');
}

/**
 * The first response for these keys, null when none was stored, or a 409 when
 * a key was used before with another body (API.md, Idempotency).
 */
export async function findStoredResponse(db: Kysely<DB>, keys: IdempotencyKey[], hash: string): Promise<Outcome<StoredResponse | null>> {
  for (const k of keys) {
    const row = await db.selectFrom('idempotency_keys').selectAll().where('scope', '=', k.scope).where('key', '=', k.key).executeTakeFirst();
    if (!row) continue;
    if (row.request_hash !== hash) {
      return {
        ok: false,
        error: failure('IDEMPOTENCY_KEY_REUSED', `${k.label} was already used for a request with another body: use a new one for a new request.`, {
          key: k.key,
        }),
      };
    }
    return { ok: true, value: { statusCode: row.status_code, body: JSON.parse(row.response_body) } };
  }
  return { ok: true, value: null };
}

/** Remembers the response in the command's own transaction, so the write and its record commit together. */
export async function storeResponse(db: Kysely<DB>, keys: IdempotencyKey[], hash: string, response: StoredResponse, now: string): Promise<void> {
  if (keys.length === 0) return;
  await db
    .insertInto('idempotency_keys')
    .values(
      keys.map((k) => ({
        scope: k.scope,
        key: k.key,
        request_hash: hash,
        status_code: response.statusCode,
        response_body: JSON.stringify(response.body),
        created_at: now,
      })),
    )
    .execute();
}
