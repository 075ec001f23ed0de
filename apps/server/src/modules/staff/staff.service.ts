import type { CreateStaffBody, StaffMember, UpdateStaffBody } from '@kassa/contracts';
import { HttpError, failure, notFound } from '../../http/errors.ts';
import { uuidv7 } from '../../lib/uuidv7.ts';
import type { Executor } from '../stores/index.ts';
import {
  recordAudit,
  revokeStaffSessions,
  visibleStoreIds,
  type Actor,
  type AuditContext,
  type AuthContext,
} from '../auth/index.ts';
import { normaliseEmail, NO_FAILURES } from '../auth/index.ts';
import { ensureBuiltInRoles } from './built-in-roles.ts';
import { assertCanEditStaff, assertCanGrant } from './grant-checks.ts';
import { findRole } from './roles.repository.ts';
import {
  findStaffRecord,
  isOwnerRecord,
  staffVisibleIn,
  toStaffMember,
  type StaffRecord,
} from './staff.repository.ts';

type Assignment = {
  allStoresRoleId?: string | null | undefined;
  storeRoles?: Array<{ storeId: string; roleId: string }> | undefined;
};

/** Loads a staff member the actor may see, or 404 (other stores' staff are invisible, not forbidden). */
export async function visibleStaff(db: Executor, actor: Actor, id: string): Promise<StaffRecord> {
  const record = await findStaffRecord(db, actor.organisationId, id);
  if (!record || !staffVisibleIn(record, visibleStoreIds(actor))) throw notFound('Staff member', id);
  return record;
}

/** Checks stores and roles of an assignment against what the actor may see and grant. */
async function checkAssignment(
  db: Executor,
  actor: Actor,
  input: Assignment,
  current?: StaffRecord,
): Promise<void> {
  const visible = visibleStoreIds(actor);
  const roleIds = new Set<string>();
  if (
    input.allStoresRoleId !== undefined &&
    input.allStoresRoleId !== (current?.row.all_stores_role_id ?? null)
  ) {
    if (visible !== 'all')
      throw new HttpError(
        failure('AUTH_FORBIDDEN', 'Only someone who works in every store may give a role for all stores.', {
          field: 'allStoresRoleId',
        }),
      );
    if (input.allStoresRoleId) roleIds.add(input.allStoresRoleId);
  }
  for (const sr of input.storeRoles ?? []) {
    if (visible !== 'all' && !visible.includes(sr.storeId)) throw notFound('Store', sr.storeId);
    const store = await db
      .selectFrom('stores')
      .select('id')
      .where('id', '=', sr.storeId)
      .where('organisation_id', '=', actor.organisationId)
      .executeTakeFirst();
    if (!store) throw notFound('Store', sr.storeId);
    roleIds.add(sr.roleId);
  }
  for (const roleId of roleIds) {
    const role = await findRole(db, actor.organisationId, roleId);
    if (!role)
      throw new HttpError(
        failure('STAFF_ROLE_NOT_FOUND', `Role ${roleId} does not exist. GET /api/v1/roles lists them.`, {
          roleId,
        }),
      );
    assertCanGrant(actor, role);
  }
}

/** Replaces the store roles the actor can see; roles in stores hidden from the actor stay as they are. */
async function writeStoreRoles(
  trx: Executor,
  actor: Actor,
  staffId: string,
  storeRoles: Array<{ storeId: string; roleId: string }>,
): Promise<void> {
  const visible = visibleStoreIds(actor);
  let del = trx.deleteFrom('staff_store_roles').where('staff_id', '=', staffId);
  if (visible !== 'all') del = del.where('store_id', 'in', visible.length ? visible : ['']);
  await del.execute();
  const unique = new Map(storeRoles.map((sr) => [sr.storeId, sr.roleId]));
  for (const [storeId, roleId] of unique)
    await trx
      .insertInto('staff_store_roles')
      .values({ staff_id: staffId, store_id: storeId, role_id: roleId })
      .execute();
}

async function assertEmailFree(db: Executor, email: string | null, exceptId?: string): Promise<void> {
  if (!email) return;
  let q = db.selectFrom('staff').select('id').where('email', '=', email);
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst())
    throw new HttpError(
      failure('STAFF_EMAIL_TAKEN', `${email} is already used by another staff member.`, { field: 'email' }),
    );
}

/** Creates a staff member with roles per store; PIN and password are set separately. */
export async function createStaff(
  ctx: AuthContext,
  actor: Actor,
  body: CreateStaffBody,
  audit: AuditContext,
): Promise<StaffMember> {
  const now = ctx.now();
  await ensureBuiltInRoles(ctx.db, actor.organisationId, now);
  await checkAssignment(ctx.db, actor, body);
  const email = body.email ? normaliseEmail(body.email) : null;
  await assertEmailFree(ctx.db, email);
  const id = uuidv7();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('staff')
      .values({
        id,
        organisation_id: actor.organisationId,
        name: body.name,
        email,
        phone: body.phone ?? null,
        locale: body.locale ?? 'nl-NL',
        hourly_wage: body.hourlyWage ?? null,
        active: body.active === false ? 0 : 1,
        all_stores_role_id: body.allStoresRoleId ?? null,
        password_hash: null,
        pin_hash: null,
        ...NO_FAILURES,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await writeStoreRoles(trx, actor, id, body.storeRoles ?? []);
    await recordAudit(
      trx,
      audit,
      {
        action: 'staff.created',
        outcome: 'success',
        targetKind: 'staff',
        targetId: id,
        details: {
          name: body.name,
          allStoresRoleId: body.allStoresRoleId ?? null,
          storeRoles: body.storeRoles ?? [],
        },
      },
      now,
    );
  });
  return toStaffMember((await findStaffRecord(ctx.db, actor.organisationId, id))!, now);
}

/** Updates a staff member (optimistic concurrency on version); deactivation ends their sessions. */
export async function updateStaff(
  ctx: AuthContext,
  actor: Actor,
  id: string,
  body: UpdateStaffBody,
  audit: AuditContext,
): Promise<StaffMember> {
  const now = ctx.now();
  const current = await visibleStaff(ctx.db, actor, id);
  assertCanEditStaff(actor, isOwnerRecord(current));
  await checkAssignment(ctx.db, actor, body, current);
  const email = body.email === undefined ? current.row.email : body.email ? normaliseEmail(body.email) : null;
  await assertEmailFree(ctx.db, email, id);
  const row = current.row;
  await ctx.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('staff')
      .set({
        name: body.name,
        email,
        phone: body.phone === undefined ? row.phone : body.phone,
        locale: body.locale ?? row.locale,
        hourly_wage: body.hourlyWage === undefined ? row.hourly_wage : body.hourlyWage,
        active: body.active === undefined ? row.active : body.active ? 1 : 0,
        all_stores_role_id:
          body.allStoresRoleId === undefined ? row.all_stores_role_id : body.allStoresRoleId,
        version: row.version + 1,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('version', '=', body.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      throw new HttpError(
        failure(
          'STAFF_VERSION_CONFLICT',
          `Staff member ${id} was changed meanwhile (version ${row.version}). Reload and apply your change again.`,
          { currentVersion: row.version },
        ),
      );
    }
    if (body.storeRoles) await writeStoreRoles(trx, actor, id, body.storeRoles);
    if (body.active === false && row.active === 1) await revokeStaffSessions(trx, id, now);
    const roleChange = body.storeRoles !== undefined || body.allStoresRoleId !== undefined;
    await recordAudit(
      trx,
      audit,
      {
        action: roleChange ? 'staff.roles_changed' : 'staff.updated',
        outcome: 'success',
        targetKind: 'staff',
        targetId: id,
        details: { ...body },
      },
      now,
    );
  });
  return toStaffMember((await findStaffRecord(ctx.db, actor.organisationId, id))!, now);
}
