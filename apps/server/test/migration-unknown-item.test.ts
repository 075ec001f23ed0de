import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.ts';
import { migrateTo, migrateToLatest, migrationNames } from '../src/db/migrate.ts';
import { withUnknownItem } from '../src/db/migrations/0012-unknown-item-permission.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.ts';
import { TEST_PEPPER, aSessionFor, aStaffedDutchShop, type StaffedShop } from './support/scenarios.ts';

const MIGRATION = '0012-unknown-item-permission';

describe('the sales.unknown_item grant for a role written before it existed', () => {
  it("copies the role's price-override decision (the register asked that one for unknown items); the owner allows", () => {
    const seeded = { 'sales.sell': 'allow', 'sales.price_override': 'approve', 'sales.void': 'approve' };
    expect(withUnknownItem('cashier', seeded)).toEqual({ ...seeded, 'sales.unknown_item': 'approve' });
    // Placed next to the price override, the rest in order.
    expect(Object.keys(withUnknownItem('cashier', seeded)!)).toEqual([
      'sales.sell',
      'sales.price_override',
      'sales.unknown_item',
      'sales.void',
    ]);
    expect(withUnknownItem('manager', { 'sales.price_override': 'allow' })).toEqual({
      'sales.price_override': 'allow',
      'sales.unknown_item': 'allow',
    });
    expect(withUnknownItem('owner', { 'sales.price_override': 'deny' })!['sales.unknown_item']).toBe('allow');
    // An owner changed the cashier role: unknown items follow that decision, no right is gained or lost.
    expect(withUnknownItem('cashier', { 'sales.price_override': 'deny' })!['sales.unknown_item']).toBe(
      'deny',
    );
    expect(withUnknownItem(null, { 'sales.sell': 'allow' })).toEqual({
      'sales.sell': 'allow',
      'sales.unknown_item': 'deny',
    });
    expect(withUnknownItem(null, { 'sales.price_override': 'maybe' })!['sales.unknown_item']).toBe('deny');
    expect(
      withUnknownItem('cashier', { 'sales.unknown_item': 'deny', 'sales.price_override': 'allow' }),
    ).toBeNull();
  });
});

// An organisation as the release before this migration left it: built-in and custom roles whose
// maps have no `sales.unknown_item`. After upgrading, each role has the grant and the rule works.
describe.each(DIALECTS)('migration %s on an existing organisation (%s)', (dialect) => {
  let database: TestDatabase;
  let shop: StaffedShop;
  let app: App;
  let applied: string[];
  const now = '2026-11-27T09:00:00.000Z';
  const custom = { seniorCashier: uuidv7(), stockClerk: uuidv7(), decided: uuidv7() };

  async function roleMaps() {
    const rows = await database.db
      .selectFrom('roles')
      .select(['id', 'key', 'permissions', 'version'])
      .execute();
    return new Map(
      rows.map((r) => [
        r.id,
        {
          key: r.key,
          version: Number(r.version),
          permissions: JSON.parse(r.permissions) as Record<string, string>,
        },
      ]),
    );
  }

  beforeAll(async () => {
    database = await createTestDatabase(dialect, { migrate: false });
    const names = migrationNames();
    expect(names).toContain(MIGRATION);
    await migrateTo(database.db, names[names.indexOf(MIGRATION) - 1]!);
    shop = await aStaffedDutchShop(database.db, now);
    const role = (id: string, name: string, permissions: Record<string, string>) => ({
      id,
      organisation_id: shop.organisationId,
      key: null,
      name,
      discount_limit_bp: 0,
      permissions: JSON.stringify(permissions),
      version: 3,
      created_at: now,
      updated_at: now,
    });
    await database.db
      .insertInto('roles')
      .values([
        role(custom.seniorCashier, 'Senior cashier', {
          'sales.sell': 'allow',
          'sales.price_override': 'allow',
        }),
        role(custom.stockClerk, 'Stock clerk', { 'stock.adjust': 'allow', 'sales.price_override': 'deny' }),
        role(custom.decided, 'Already decided', { 'sales.sell': 'allow', 'sales.unknown_item': 'deny' }),
      ])
      .execute();
    // The built-in roles as the previous release wrote them: without the new permission.
    for (const [id, role] of await roleMaps()) {
      if (!role.key) continue;
      delete role.permissions['sales.unknown_item'];
      await database.db
        .updateTable('roles')
        .set({ permissions: JSON.stringify(role.permissions) })
        .where('id', '=', id)
        .execute();
    }
    applied = await migrateToLatest(database.db);
    app = await buildApp({
      config: { logLevel: 'silent', bodyLimit: 1024 * 1024 },
      database,
      security: { pepper: TEST_PEPPER },
    });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('grants it to the built-in roles: owner and manager allow, cashier with a manager approval', async () => {
    expect(applied).toContain(MIGRATION);
    const roles = await roleMaps();
    const byKey = (key: string) => [...roles.values()].find((r) => r.key === key)!;
    expect(byKey('owner').permissions['sales.unknown_item']).toBe('allow');
    expect(byKey('manager').permissions['sales.unknown_item']).toBe('allow');
    expect(byKey('cashier').permissions['sales.unknown_item']).toBe('approve');
    expect(byKey('cashier').version).toBe(2);
  });

  it('gives custom roles their own price-override decision and leaves a role that already decides alone', async () => {
    const roles = await roleMaps();
    expect(roles.get(custom.seniorCashier)).toMatchObject({
      version: 4,
      permissions: { 'sales.unknown_item': 'allow' },
    });
    expect(roles.get(custom.stockClerk)).toMatchObject({
      version: 4,
      permissions: { 'sales.unknown_item': 'deny' },
    });
    expect(roles.get(custom.decided)).toMatchObject({
      version: 3,
      permissions: { 'sales.unknown_item': 'deny' },
    });
  });

  it('answers the upgraded grants to the register (GET /api/v1/auth/me)', async () => {
    const cashier = await aSessionFor(database.db, shop, shop.cashierA.id, { kind: 'register' });
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${cashier.token}` },
    });
    expect(me.json().permissions['sales.unknown_item']).toBe('approve');
    const manager = await aSessionFor(database.db, shop, shop.managerA.id, { kind: 'register' });
    const managerMe = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${manager.token}` },
    });
    expect(managerMe.json().permissions['sales.unknown_item']).toBe('allow');
  });
});
