import type { Kysely } from 'kysely';

// `sales.unknown_item` joins the permission catalogue (STAFF.md). Roles store
// their whole permission map, and a permission a map leaves out is denied, so
// every existing role gets the new permission here; new organisations get it
// from BUILT_IN_ROLES (ensureBuiltInRoles).
//
// Until now the register asked `sales.price_override` before it sold an
// unknown item, so a role's price-override decision is what it could do with
// unknown items. Each role keeps exactly that:
// - owner: allow (the owner role allows everything anyway);
// - manager, cashier and custom roles: their own `sales.price_override`
//   decision, deny when they have none. For the built-in roles as seeded that
//   is manager allow and cashier approve (a manager's PIN), the defaults of
//   BUILT_IN_ROLES; an owner who changed a role's price override gets the
//   same decision for unknown items, so no role gains or loses a right by
//   upgrading.
// A role that already names `sales.unknown_item` is left alone. A changed role
// gets a new version, so an edit made on the old version is refused (409) and
// read again instead of dropping the new permission.
//
// Plain reads and updates, the same on SQLite and PostgreSQL (permissions is
// a JSON text column on both).

export const UNKNOWN_ITEM = 'sales.unknown_item';
const PRICE_OVERRIDE = 'sales.price_override';
const DECISIONS = new Set(['allow', 'deny', 'approve']);

/** The role's map with the new permission, placed after the price override; null when it has one already. */
export function withUnknownItem(
  key: string | null,
  permissions: Record<string, string>,
): Record<string, string> | null {
  if (UNKNOWN_ITEM in permissions) return null;
  const borrowed = permissions[PRICE_OVERRIDE];
  const decision = key === 'owner' ? 'allow' : borrowed && DECISIONS.has(borrowed) ? borrowed : 'deny';
  if (!(PRICE_OVERRIDE in permissions)) return { ...permissions, [UNKNOWN_ITEM]: decision };
  const next: Record<string, string> = {};
  for (const [permission, value] of Object.entries(permissions)) {
    next[permission] = value;
    if (permission === PRICE_OVERRIDE) next[UNKNOWN_ITEM] = decision;
  }
  return next;
}

export async function up(db: Kysely<any>): Promise<void> {
  const roles = (await db
    .selectFrom('roles')
    .select(['id', 'key', 'permissions', 'version'])
    .execute()) as Array<{
    id: string;
    key: string | null;
    permissions: string;
    version: number;
  }>;
  const now = new Date().toISOString();
  for (const role of roles) {
    const next = withUnknownItem(role.key, JSON.parse(role.permissions) as Record<string, string>);
    if (!next) continue;
    await db
      .updateTable('roles')
      .set({ permissions: JSON.stringify(next), version: Number(role.version) + 1, updated_at: now })
      .where('id', '=', role.id)
      .execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('Kassa migrations are forward-only: restore a backup to go back.');
}
