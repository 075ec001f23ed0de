import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Executor } from '../stores/index.ts';
import { uuidv7 } from '../../lib/uuidv7.ts';
import type { ApiTokenActor } from './actor.ts';
import { API_TOKEN_PREFIX, hashToken, randomToken } from './tokens.ts';
import { CompiledOnce } from '../../db/fixed-sql.ts';

// Every request with an API token runs it: built once (db/fixed-sql.ts).
const TOKEN_BY_HASH = new CompiledOnce(
  (db, marks) => db.selectFrom('api_tokens').selectAll().where('token_hash', '=', marks.tokenHash),
  ['tokenHash'] as const,
);

export { hashToken } from './tokens.ts';

export interface ApiTokenRow {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** Creates a token; the plain text is returned once and never stored. */
export async function createApiToken(
  db: Executor,
  input: {
    organisationId: string;
    name: string;
    scopes: string[];
    expiresAt?: string | null;
    now: string;
    createdBy?: string | null;
  },
): Promise<{ id: string; token: string }> {
  const token = randomToken(API_TOKEN_PREFIX);
  const id = uuidv7();
  await db
    .insertInto('api_tokens')
    .values({
      id,
      organisation_id: input.organisationId,
      name: input.name,
      token_hash: hashToken(token),
      scopes: JSON.stringify(input.scopes),
      created_at: input.now,
      expires_at: input.expiresAt ?? null,
      revoked_at: null,
      last_used_at: null,
      created_by: input.createdBy ?? null,
    })
    .execute();
  return { id, token };
}

/** Revokes every token with this name (used to rotate the demo owner token). */
export async function revokeApiTokensNamed(db: Kysely<DB>, name: string, now: string): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('name', '=', name)
    .where('revoked_at', 'is', null)
    .execute();
}

// Last use is written at most once a minute so a busy integration does not
// turn every read into a write.
const TOUCH_AFTER_MS = 60_000;

/** Resolves a bearer token to an actor, or null when unknown, revoked or expired. */
export async function authenticateApiToken(
  db: Kysely<DB>,
  token: string,
  now: string,
): Promise<ApiTokenActor | null> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return null;
  const [row] = await TOKEN_BY_HASH.run<Selectable<DB['api_tokens']>>(db, { tokenHash: hashToken(token) });
  if (!row || row.revoked_at !== null) return null;
  if (row.expires_at !== null && row.expires_at <= now) return null;
  if (row.last_used_at === null || Date.parse(now) - Date.parse(row.last_used_at) >= TOUCH_AFTER_MS) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return {
    kind: 'apiToken',
    id: row.id,
    organisationId: row.organisation_id,
    name: row.name,
    scopes: JSON.parse(row.scopes) as string[],
  };
}

function toView(row: Selectable<DB['api_tokens']>): ApiTokenRow {
  return {
    id: row.id,
    name: row.name,
    scopes: JSON.parse(row.scopes) as string[],
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

/** Lists an organisation's tokens (never their secrets), newest first. */
export async function listApiTokens(db: Executor, organisationId: string): Promise<ApiTokenRow[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toView);
}

export async function findApiToken(
  db: Executor,
  organisationId: string,
  id: string,
): Promise<ApiTokenRow | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toView(row) : undefined;
}

/** Revokes a token; takes effect on its next request. Returns false when it was already revoked. */
export async function revokeApiToken(db: Executor, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
