import { sql, type Selectable } from 'kysely';
import type { StaffMember } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import type { Executor } from '../stores/index.ts';
import { lockedUntil } from '../auth/index.ts';
import { worksInStores } from '../auth/index.ts';

export type StaffRow = Selectable<DB['staff']>;
export interface StaffRecord {
  row: StaffRow;
  storeRoles: Array<{ storeId: string; roleId: string; roleKey: string | null }>;
  allStoresRoleKey: string | null;
}

/** Maps a staff record to the API shape; hashes never leave this function. */
export function toStaffMember(record: StaffRecord, now: string): StaffMember {
  const { row } = record;
  const locks = [lockedUntil(row, 'pin', now), lockedUntil(row, 'password', now)]
    .filter((x): x is string => x !== null)
    .sort();
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    locale: row.locale,
    hourlyWage: row.hourly_wage,
    active: row.active === 1,
    allStoresRoleId: row.all_stores_role_id,
    storeRoles: record.storeRoles.map((r) => ({ storeId: r.storeId, roleId: r.roleId })),
    hasPin: row.pin_hash !== null,
    hasPassword: row.password_hash !== null,
    lockedUntil: locks.at(-1) ?? null,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function loadStoreRoles(
  db: Executor,
  staffIds: string[],
): Promise<Map<string, StaffRecord['storeRoles']>> {
  const map = new Map<string, StaffRecord['storeRoles']>();
  if (staffIds.length === 0) return map;
  const rows = await db
    .selectFrom('staff_store_roles as ssr')
    .innerJoin('roles as r', 'r.id', 'ssr.role_id')
    .select(['ssr.staff_id', 'ssr.store_id', 'ssr.role_id', 'r.key'])
    .where('ssr.staff_id', 'in', staffIds)
    .orderBy('ssr.store_id')
    .execute();
  for (const r of rows) {
    const list = map.get(r.staff_id) ?? [];
    list.push({ storeId: r.store_id, roleId: r.role_id, roleKey: r.key });
    map.set(r.staff_id, list);
  }
  return map;
}

async function toRecords(db: Executor, rows: StaffRow[]): Promise<StaffRecord[]> {
  const storeRoles = await loadStoreRoles(
    db,
    rows.map((r) => r.id),
  );
  const roleIds = [...new Set(rows.map((r) => r.all_stores_role_id).filter((x): x is string => x !== null))];
  const keys = roleIds.length
    ? await db.selectFrom('roles').select(['id', 'key']).where('id', 'in', roleIds).execute()
    : [];
  return rows.map((row) => ({
    row,
    storeRoles: storeRoles.get(row.id) ?? [],
    allStoresRoleKey: keys.find((k) => k.id === row.all_stores_role_id)?.key ?? null,
  }));
}

export async function findStaffRecord(
  db: Executor,
  organisationId: string,
  id: string,
): Promise<StaffRecord | undefined> {
  const row = await db
    .selectFrom('staff')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? (await toRecords(db, [row]))[0] : undefined;
}

/** Whether a staff record holds the owner role anywhere. */
export function isOwnerRecord(record: StaffRecord): boolean {
  return record.allStoresRoleKey === 'owner' || record.storeRoles.some((r) => r.roleKey === 'owner');
}

/** Whether an actor with these visible stores may see this staff member. */
export function staffVisibleIn(record: StaffRecord, visible: 'all' | string[]): boolean {
  if (visible === 'all' || record.row.all_stores_role_id !== null) return true;
  return record.storeRoles.some((r) => visible.includes(r.storeId));
}

/** `%` and `_` in a search are literal characters, not wildcards. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface StaffFilter {
  organisationId: string;
  visible: 'all' | string[];
  q?: string;
  storeId?: string;
  active?: boolean;
  limit: number;
  after?: { name: string; id: string };
}

/** One page of staff ordered by name then id; every filter is a bound parameter. */
export async function listStaff(db: Executor, filter: StaffFilter): Promise<StaffRecord[]> {
  let query = db.selectFrom('staff').selectAll().where('organisation_id', '=', filter.organisationId);
  const visible = filter.visible;
  if (visible !== 'all') {
    query = query.where(worksInStores(visible));
  }
  if (filter.storeId) {
    const storeId = filter.storeId;
    query = query.where(worksInStores([storeId]));
  }
  if (filter.active !== undefined) query = query.where('active', '=', filter.active ? 1 : 0);
  if (filter.q) {
    const pattern = likePattern(filter.q);
    query = query.where(
      sql<boolean>`(lower(name) like ${pattern} escape '\\' or lower(coalesce(email, '')) like ${pattern} escape '\\')`,
    );
  }
  if (filter.after) {
    const { name, id } = filter.after;
    query = query.where((eb) =>
      eb.or([eb('name', '>', name), eb.and([eb('name', '=', name), eb('id', '>', id)])]),
    );
  }
  const rows = await query.orderBy('name').orderBy('id').limit(filter.limit).execute();
  return toRecords(db, rows);
}
