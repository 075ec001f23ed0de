import type { InferResult, Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { CompiledOnce } from '../../db/fixed-sql.ts';
import type { Executor } from '../stores/index.ts';
import { uuidv7 } from '../../lib/uuidv7.ts';
import type { StaffSessionActor } from './actor.ts';
import { staffAccessOf, storeRolesJson, type RoleRow } from './access.ts';
import { addMinutes, type AuthContext } from './context.ts';
import { SESSION_PREFIX, hashToken, randomToken } from './tokens.ts';

export interface NewSession {
  kind: 'backOffice' | 'register';
  organisationId: string;
  staffId: string;
  deviceId?: string | null;
  storeId?: string | null;
  registerId?: string | null;
  ip?: string | null;
}

/** Creates a session; the token and CSRF token are returned once and stored only as hashes. */
export async function createSession(
  trx: Executor,
  ctx: AuthContext,
  input: NewSession,
): Promise<{ id: string; token: string; csrfToken: string; idleTimeoutSeconds: number }> {
  const now = ctx.now();
  const token = randomToken(SESSION_PREFIX);
  const csrfToken = randomToken('');
  const id = uuidv7();
  await trx
    .insertInto('sessions')
    .values({
      id,
      token_hash: hashToken(token),
      csrf_hash: hashToken(csrfToken),
      kind: input.kind,
      organisation_id: input.organisationId,
      staff_id: input.staffId,
      device_id: input.deviceId ?? null,
      store_id: input.storeId ?? null,
      register_id: input.registerId ?? null,
      ip: input.ip ?? null,
      created_at: now,
      last_seen_at: now,
      expires_at: addMinutes(now, ctx.settings.sessionMaxHours * 60),
      revoked_at: null,
    })
    .execute();
  return { id, token, csrfToken, idleTimeoutSeconds: idleMinutes(ctx, input.kind) * 60 };
}

function idleMinutes(ctx: AuthContext, kind: 'backOffice' | 'register'): number {
  return kind === 'backOffice' ? ctx.settings.backOfficeIdleMinutes : ctx.settings.registerIdleMinutes;
}

// last_seen_at is written at most once a minute: the idle timeout is then
// exact to within a minute, and a busy register does not write on every request.
const TOUCH_AFTER_MS = 60_000;

export type SessionLookup = { actor: StaffSessionActor; csrfHash: string } | { expired: true } | null;

/** A session with its staff member and device, by the token's hash. */
function sessionByToken(db: Kysely<DB>, tokenHash: string) {
  return (
    db
      .selectFrom('sessions as s')
      .innerJoin('staff as st', 'st.id', 's.staff_id')
      .leftJoin('devices as d', 'd.id', 's.device_id')
      .select([
        's.id',
        's.kind',
        's.organisation_id',
        's.staff_id',
        's.device_id',
        's.store_id',
        's.register_id',
        's.csrf_hash',
      ])
      .select([
        's.last_seen_at',
        's.expires_at',
        's.revoked_at',
        'st.name',
        'st.active',
        'st.all_stores_role_id',
        'd.revoked_at as device_revoked_at',
      ])
      // The person's access in the same statement: their all-stores role, and their role per store.
      .leftJoin('roles as ar', 'ar.id', 'st.all_stores_role_id')
      .select([
        'ar.id as all_role_id',
        'ar.key as all_role_key',
        'ar.name as all_role_name',
        'ar.permissions as all_role_permissions',
        'ar.discount_limit_bp as all_role_discount_limit_bp',
      ])
      .select(storeRolesJson(db, 'st.id').as('store_roles'))
      .where('s.token_hash', '=', tokenHash)
  );
}

type SessionRow = InferResult<ReturnType<typeof sessionByToken>>[number];

// Every request with a session runs it: built once (db/fixed-sql.ts).
const SESSION_BY_TOKEN = new CompiledOnce((db, marks) => sessionByToken(db, marks.tokenHash), [
  'tokenHash',
] as const);

/** The all-stores role the session's look-up joined, when the person has one. */
function allStoresRoleOf(row: SessionRow): RoleRow | undefined {
  const { all_role_id: id, all_role_key: key, all_role_name: name } = row;
  const { all_role_permissions: permissions, all_role_discount_limit_bp: discount_limit_bp } = row;
  if (id === null || name === null || permissions === null || discount_limit_bp === null) return undefined;
  return { id, key, name, permissions, discount_limit_bp };
}

/** Resolves a session token: unknown → null; revoked, idle or past its lifetime → expired. */
export async function resolveSession(
  ctx: AuthContext,
  token: string,
  viaCookie: boolean,
): Promise<SessionLookup> {
  if (!token.startsWith(SESSION_PREFIX) || token.length > 200) return null;
  const [row] = await SESSION_BY_TOKEN.run<SessionRow>(ctx.db, { tokenHash: hashToken(token) });
  if (!row) return null;
  const now = ctx.now();
  const idleUntil = addMinutes(row.last_seen_at, idleMinutes(ctx, row.kind));
  if (
    row.revoked_at !== null ||
    row.expires_at <= now ||
    idleUntil <= now ||
    row.active !== 1 ||
    row.device_revoked_at
  ) {
    return { expired: true };
  }
  if (Date.parse(now) - Date.parse(row.last_seen_at) >= TOUCH_AFTER_MS) {
    await ctx.db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', row.id).execute();
  }
  const access = staffAccessOf(row.store_roles, allStoresRoleOf(row));
  const actor: StaffSessionActor = {
    kind: 'staffSession',
    id: row.staff_id,
    staffId: row.staff_id,
    sessionId: row.id,
    sessionKind: row.kind,
    organisationId: row.organisation_id,
    name: row.name,
    deviceId: row.device_id,
    registerId: row.register_id,
    storeId: row.store_id,
    allStores: access.allStores,
    stores: access.stores,
    viaCookie,
  };
  return { actor, csrfHash: row.csrf_hash };
}

/** Ends a session at once. */
export async function revokeSession(db: Executor, sessionId: string, now: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Ends every session of a staff member (password change, deactivation), optionally but one. */
export async function revokeStaffSessions(
  db: Executor,
  staffId: string,
  now: string,
  exceptSessionId?: string,
): Promise<void> {
  let query = db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('staff_id', '=', staffId)
    .where('revoked_at', 'is', null);
  if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
  await query.execute();
}

/** Ends the register session open on a device (PIN switch: one person signed in per device). */
export async function revokeDeviceSessions(db: Executor, deviceId: string, now: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('device_id', '=', deviceId)
    .where('revoked_at', 'is', null)
    .execute();
}
