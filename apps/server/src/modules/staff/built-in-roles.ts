import { PERMISSION_KEYS, type Decision, type PermissionKey } from '@kassa/contracts';
import type { Executor } from '../stores/index.ts';
import { uuidv7 } from '../../lib/uuidv7.ts';

type RoleDefaults = {
  key: 'owner' | 'manager' | 'cashier';
  name: string;
  discountLimitBp: number;
  permissions: Partial<Record<PermissionKey, Decision>>;
};

const allow = (keys: PermissionKey[]): Partial<Record<PermissionKey, Decision>> =>
  Object.fromEntries(keys.map((k) => [k, 'allow']));

/**
 * The built-in roles each organisation starts with. The owner may do
 * everything (always, also permissions added later). Managers run a store but
 * do not change organisation settings or integrations. Cashiers sell; voids,
 * refunds, price overrides, unknown items, no-sale drawer opens and discounts
 * above 10 % need a manager's approval (DOMAIN.md). A permission added to the
 * catalogue later reaches existing organisations' roles through a migration
 * (0012 for `sales.unknown_item`): these defaults only seed new ones. Owners
 * may edit the manager and cashier roles.
 */
export const BUILT_IN_ROLES: RoleDefaults[] = [
  { key: 'owner', name: 'Owner', discountLimitBp: 10_000, permissions: allow(PERMISSION_KEYS) },
  {
    key: 'manager',
    name: 'Manager',
    discountLimitBp: 5_000,
    permissions: { ...allow(PERMISSION_KEYS), 'settings.manage': 'deny', 'integrations.manage': 'deny' },
  },
  {
    key: 'cashier',
    name: 'Cashier',
    discountLimitBp: 1_000,
    permissions: {
      ...allow([
        'sales.sell',
        'sales.read',
        'cash.shift.open',
        'cash.shift.close',
        'cash.report.view',
        'catalog.read',
        'stock.read',
        'customers.read',
        'customers.write',
      ]),
      'sales.discount.above_limit': 'approve',
      'sales.price_override': 'approve',
      'sales.unknown_item': 'approve',
      'sales.void': 'approve',
      'sales.refund': 'approve',
      'sales.refund.without_receipt': 'approve',
      'cash.drawer.open_no_sale': 'approve',
      'cash.movement.record': 'approve',
    },
  },
];

/** A full map: every catalogue permission with its decision (deny when unlisted). */
export function fullPermissionMap(partial: Record<string, Decision>): Record<string, Decision> {
  const map: Record<string, Decision> = {};
  for (const key of PERMISSION_KEYS) map[key] = partial[key] ?? 'deny';
  for (const [key, value] of Object.entries(partial)) map[key] = value;
  return map;
}

/**
 * Creates the built-in roles of an organisation when missing. Called lazily
 * (role listing, staff creation, demo seed) so organisations created by any
 * path get them; the unique (organisation_id, key) keeps it idempotent.
 */
export async function ensureBuiltInRoles(
  db: Executor,
  organisationId: string,
  now: string,
): Promise<Record<string, string>> {
  const existing = await db
    .selectFrom('roles')
    .select(['id', 'key'])
    .where('organisation_id', '=', organisationId)
    .where('key', 'is not', null)
    .execute();
  const ids: Record<string, string> = Object.fromEntries(existing.map((r) => [r.key!, r.id]));
  for (const role of BUILT_IN_ROLES) {
    if (ids[role.key]) continue;
    const id = uuidv7();
    await db
      .insertInto('roles')
      .values({
        id,
        organisation_id: organisationId,
        key: role.key,
        name: role.name,
        discount_limit_bp: role.discountLimitBp,
        permissions: JSON.stringify(fullPermissionMap(role.permissions)),
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(['organisation_id', 'key']).doNothing())
      .execute();
    const row = await db
      .selectFrom('roles')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('key', '=', role.key)
      .executeTakeFirstOrThrow();
    ids[role.key] = row.id;
  }
  return ids;
}
