import { sql, type InferResult, type Kysely, type RawBuilder } from 'kysely';
import { dialectOf } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { CompiledOnce } from '../../db/fixed-sql.ts';
import type { Decision } from '@kassa/contracts';
import type { Executor } from '../stores/index.ts';
import type { Grant } from './actor.ts';
import { grantDecision } from './authorization.ts';

export interface StaffAccess {
  allStores: Grant | null;
  stores: Record<string, Grant>;
}

export type RoleRow = {
  id: string;
  key: string | null;
  name: string;
  permissions: string;
  discount_limit_bp: number;
};

function toGrant(role: RoleRow): Grant {
  return {
    roleId: role.id,
    roleKey: role.key,
    roleName: role.name,
    permissions: JSON.parse(role.permissions) as Record<string, Decision>,
    discountLimitBp: role.discount_limit_bp,
  };
}

function storeRoles(db: Kysely<DB>, staffId: string) {
  return db
    .selectFrom('staff_store_roles as ssr')
    .innerJoin('roles as r', 'r.id', 'ssr.role_id')
    .select(['ssr.store_id', 'r.id', 'r.key', 'r.name', 'r.permissions', 'r.discount_limit_bp'])
    .where('ssr.staff_id', '=', staffId);
}

function role(db: Kysely<DB>, roleId: string) {
  return db
    .selectFrom('roles')
    .select(['id', 'key', 'name', 'permissions', 'discount_limit_bp'])
    .where('id', '=', roleId);
}

type StoreRoleRow = InferResult<ReturnType<typeof storeRoles>>[number];

/**
 * The roles held per store by the staff member in `staffIdColumn`, as one JSON
 * array built by the database: the session look-up that every signed-in
 * request runs reads the person's access in its own statement (one round trip,
 * not three).
 */
export function storeRolesJson(db: Kysely<DB>, staffIdColumn: string): RawBuilder<StoreRoleRow[] | string> {
  const staffId = sql.ref(staffIdColumn);
  if (dialectOf(db) === 'postgres') {
    return sql`(select coalesce(json_agg(json_build_object('store_id', ssr.store_id, 'id', r.id, 'key', r.key,
        'name', r.name, 'permissions', r.permissions, 'discount_limit_bp', r.discount_limit_bp)), '[]'::json)
      from staff_store_roles ssr join roles r on r.id = ssr.role_id where ssr.staff_id = ${staffId})`;
  }
  return sql`(select json_group_array(json_object('store_id', ssr.store_id, 'id', r.id, 'key', r.key,
      'name', r.name, 'permissions', r.permissions, 'discount_limit_bp', r.discount_limit_bp))
    from staff_store_roles ssr join roles r on r.id = ssr.role_id where ssr.staff_id = ${staffId})`;
}

/** A staff member's access: their roles per store (rows or storeRolesJson's array) and their all-stores role. */
export function staffAccessOf(
  storeRoleRows: StoreRoleRow[] | string,
  allStoresRole: RoleRow | undefined,
): StaffAccess {
  const rows =
    typeof storeRoleRows === 'string' ? (JSON.parse(storeRoleRows) as StoreRoleRow[]) : storeRoleRows;
  const stores: Record<string, Grant> = {};
  for (const row of rows) stores[row.store_id] = toGrant(row);
  return { allStores: allStoresRole ? toGrant(allStoresRole) : null, stores };
}

// An approver's decision runs them (a session reads the same in its own look-up): built once (db/fixed-sql.ts).
const STORE_ROLES = new CompiledOnce((db, marks) => storeRoles(db, marks.staffId), ['staffId'] as const);
const ROLE = new CompiledOnce((db, marks) => role(db, marks.roleId), ['roleId'] as const);

/** Loads the roles a staff member holds: one for all stores and/or one per store. */
export async function loadStaffAccess(
  db: Executor,
  staffId: string,
  allStoresRoleId: string | null,
): Promise<StaffAccess> {
  const rows = await STORE_ROLES.run<StoreRoleRow>(db, { staffId });
  const [role] = allStoresRoleId ? await ROLE.run<RoleRow>(db, { roleId: allStoresRoleId }) : [];
  return staffAccessOf(rows, role);
}

/** A person's decision for one permission in one store: their role there, else their all-stores role. */
export async function decisionInStore(
  db: Executor,
  staff: { id: string; allStoresRoleId: string | null },
  storeId: string,
  permission: string,
): Promise<Decision> {
  const access = await loadStaffAccess(db, staff.id, staff.allStoresRoleId);
  return grantDecision(access.stores[storeId] ?? access.allStores, permission);
}
