import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { uuidv7 } from '../../lib/uuidv7.ts';

/** Who is calling: resolved from the credential, never from the request body. */
export interface Actor {
  kind: 'apiToken';
  id: string;
  organisationId: string;
  name: string;
  scopes: string[];
}

const TOKEN_PREFIX = 'kassa_';

/** Tokens are 256 random bits, so a plain SHA-256 is a safe storage hash (no dictionary to guess from). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a token; the plain text is returned once and never stored. */
export async function createApiToken(
  db: Kysely<DB>,
  input: { organisationId: string; name: string; scopes: string[]; expiresAt?: string | null; now: string },
): Promise<{ id: string; token: string }> {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
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
    })
    .execute();
  return { id, token };
}

/** Revokes every token with this name (used to rotate the demo owner token). */
export async function revokeApiTokensNamed(db: Kysely<DB>, name: string, now: string): Promise<void> {
  await db.updateTable('api_tokens').set({ revoked_at: now }).where('name', '=', name).where('revoked_at', 'is', null).execute();
}

/** Resolves a bearer token to an actor, or null when unknown, revoked or expired. */
export async function authenticateApiToken(db: Kysely<DB>, token: string, now: string): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const row = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst();
  if (!row || row.revoked_at !== null) return null;
  if (row.expires_at !== null && row.expires_at <= now) return null;
  return { kind: 'apiToken', id: row.id, organisationId: row.organisation_id, name: row.name, scopes: JSON.parse(row.scopes) as string[] };
}

/**
 * Whether an actor may perform a permission. Permissions are `module.action`
 * (`catalog.write`); token scopes are `module:action` (`catalog:write`); `*` is
 * the owner's all-access scope. A write scope does not imply read.
 */
export function actorHasPermission(actor: Actor, permission: string): boolean {
  if (actor.scopes.includes('*')) return true;
  const scope = permission.replace('.', ':');
  return actor.scopes.includes(scope);
}
