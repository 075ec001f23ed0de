import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { DIALECTS, type TestDatabase } from './support/databases.ts';
import { startStaffedApp } from './support/staffed-app.ts';
import { aTestClock } from './support/clock.ts';
import { aSessionFor, type StaffedShop } from './support/scenarios.ts';

const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE staff; --",
  '%',
  '_',
  '\\',
  "Robert'); DELETE FROM staff; --",
  '" OR ""="',
];

describe.each(DIALECTS)('staff and roles on %s', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let shop: StaffedShop;
  const clock = aTestClock();

  beforeAll(async () => {
    ({ database, shop, app } = await startStaffedApp(dialect, clock));
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const session = async (staffId: string, kind: 'backOffice' | 'register' = 'backOffice') =>
    (await aSessionFor(database.db, shop, staffId, { kind, now: clock.iso() })).token;
  const call = async (staffId: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${await session(staffId)}` },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  const staffCount = async () => (await database.db.selectFrom('staff').select('id').execute()).length;

  it('creates, reads and updates a staff member with a role per store, never returning secrets', async () => {
    const created = await call(shop.managerA.id, 'POST', '/api/v1/staff', {
      name: 'Nina Nieuw',
      email: 'Nina@Test.nl',
      hourlyWage: 1400,
      storeRoles: [{ storeId: shop.stores[0]!.id, roleId: shop.roles.cashier }],
    });
    expect(created.statusCode).toBe(201);
    const nina = created.json();
    expect(nina).toMatchObject({ email: 'nina@test.nl', active: true, hasPin: false, version: 1 });
    const pin = await call(shop.managerA.id, 'POST', `/api/v1/staff/${nina.id}/pin`, { pin: '123456' });
    expect(pin.statusCode).toBe(204);
    const read = await call(shop.managerA.id, 'GET', `/api/v1/staff/${nina.id}`);
    expect(read.json().hasPin).toBe(true);
    expect(read.body).not.toMatch(/123456|argon2/);
    const updated = await call(shop.managerA.id, 'PUT', `/api/v1/staff/${nina.id}`, {
      version: 1,
      name: 'Nina de Nieuw',
      hourlyWage: 1500,
    });
    expect(updated.json()).toMatchObject({ name: 'Nina de Nieuw', hourlyWage: 1500, version: 2 });
    const stale = await call(shop.managerA.id, 'PUT', `/api/v1/staff/${nina.id}`, {
      version: 1,
      name: 'Lost update',
    });
    expect(stale.statusCode).toBe(409);
    const audit = await database.db
      .selectFrom('audit_events')
      .select('action')
      .where('target_id', '=', nina.id)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['staff.created', 'staff.pin_changed', 'staff.updated']);
    expect(
      JSON.stringify(await database.db.selectFrom('audit_events').select('details').execute()),
    ).not.toContain('123456');
  });

  it('rejects duplicate e-mail, a short password and a PIN that is not 4–6 digits', async () => {
    const dup = await call(shop.owner.id, 'POST', '/api/v1/staff', { name: 'Dup', email: 'OWNER@test.nl' });
    expect(dup.statusCode).toBe(409);
    expect(
      (await call(shop.owner.id, 'POST', `/api/v1/staff/${shop.managerA.id}/password`, { password: 'short' }))
        .statusCode,
    ).toBe(400);
    for (const pin of ['123', '1234567', 'abcd', '12 34'])
      expect(
        (await call(shop.owner.id, 'POST', `/api/v1/staff/${shop.cashierA.id}/pin`, { pin })).statusCode,
      ).toBe(400);
  });

  it('keeps deactivated staff with their history and ends their sessions', async () => {
    const nina = (
      await call(shop.owner.id, 'POST', '/api/v1/staff', {
        name: 'Tijdelijk',
        storeRoles: [{ storeId: shop.stores[0]!.id, roleId: shop.roles.cashier }],
      })
    ).json();
    const token = await session(nina.id, 'register');
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/api/v1/auth/me',
          headers: { authorization: `Bearer ${token}` },
        })
      ).statusCode,
    ).toBe(200);
    const off = await call(shop.owner.id, 'PUT', `/api/v1/staff/${nina.id}`, {
      version: 1,
      name: 'Tijdelijk',
      active: false,
    });
    expect(off.json().active).toBe(false);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/api/v1/auth/me',
          headers: { authorization: `Bearer ${token}` },
        })
      ).statusCode,
    ).toBe(401);
    const inactive = await call(shop.owner.id, 'GET', '/api/v1/staff?active=false');
    expect(inactive.json().items.map((s: { id: string }) => s.id)).toContain(nina.id);
  });

  it('lets a manager neither grant what they lack nor touch the owner', async () => {
    const role = await call(shop.managerA.id, 'POST', '/api/v1/roles', {
      name: 'Super',
      discountLimitBp: 0,
      permissions: { 'settings.manage': 'allow' },
    });
    expect(role.statusCode).toBe(403);
    expect(role.json().error.code).toBe('STAFF_GRANT_NOT_HELD');
    expect(
      (
        await call(shop.managerA.id, 'POST', '/api/v1/roles', {
          name: 'Greedy',
          discountLimitBp: 9000,
          permissions: {},
        })
      ).statusCode,
    ).toBe(403);
    const ownerRole = await call(shop.managerA.id, 'POST', '/api/v1/staff', {
      name: 'Wannabe',
      storeRoles: [{ storeId: shop.stores[0]!.id, roleId: shop.roles.owner }],
    });
    expect(ownerRole.statusCode).toBe(403);
    for (const [method, url, payload] of [
      ['PUT', `/api/v1/staff/${shop.owner.id}`, { version: 1, name: 'Hacked' }],
      ['POST', `/api/v1/staff/${shop.owner.id}/pin`, { pin: '0000' }],
      ['POST', `/api/v1/staff/${shop.owner.id}/password`, { password: 'a-new-long-password' }],
    ] as const) {
      const res = await call(shop.managerA.id, method, url, payload);
      expect({ url, status: res.statusCode, code: res.json().error.code }).toEqual({
        url,
        status: 403,
        code: 'STAFF_OWNER_PROTECTED',
      });
    }
    const ownerRow = await database.db
      .selectFrom('staff')
      .select(['name', 'version'])
      .where('id', '=', shop.owner.id)
      .executeTakeFirstOrThrow();
    expect(ownerRow).toEqual({ name: 'Olga Owner', version: 1 });
    const editOwnerRole = await call(shop.owner.id, 'PUT', `/api/v1/roles/${shop.roles.owner}`, {
      version: 1,
      permissions: {},
    });
    expect(editOwnerRole.statusCode).toBe(422);
  });

  it('refuses a cashier on every manager and owner route, changing nothing', async () => {
    const before = await staffCount();
    const cashierCalls: Array<[method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown]> = [
      ['GET', '/api/v1/staff'],
      ['POST', '/api/v1/staff', { name: 'Sneaky' }],
      [
        'PUT',
        `/api/v1/staff/${shop.cashierA.id}`,
        {
          version: 1,
          name: 'Self promoted',
          storeRoles: [{ storeId: shop.stores[0]!.id, roleId: shop.roles.manager }],
        },
      ],
      ['POST', `/api/v1/staff/${shop.managerA.id}/pin`, { pin: '0000' }],
      ['POST', `/api/v1/staff/${shop.cashierA.id}/unlock`],
      ['POST', '/api/v1/roles', { name: 'Mine', discountLimitBp: 10000, permissions: {} }],
      ['PUT', `/api/v1/roles/${shop.roles.cashier}`, { version: 1, permissions: { 'sales.void': 'allow' } }],
      ['GET', '/api/v1/api-tokens'],
      ['POST', '/api/v1/api-tokens', { name: 'x', scopes: ['*'] }],
    ];
    for (const [method, url, payload] of cashierCalls) {
      const res = await call(shop.cashierA.id, method, url, payload);
      expect({ url, method, status: res.statusCode }).toEqual({ url, method, status: 403 });
    }
    expect(await staffCount()).toBe(before);
    const cashierRole = await database.db
      .selectFrom('roles')
      .select('version')
      .where('id', '=', shop.roles.cashier)
      .executeTakeFirstOrThrow();
    expect(cashierRole.version).toBe(1);
  });

  it('changes a role’s permission map and journals what changed', async () => {
    const res = await call(shop.owner.id, 'PUT', `/api/v1/roles/${shop.roles.cashier}`, {
      version: 1,
      permissions: { 'sales.sell': 'allow', 'sales.void': 'allow' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().permissions).toMatchObject({
      'sales.void': 'allow',
      'catalog.read': 'deny',
      'sales.refund': 'deny',
    });
    const event = await database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'role.updated')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.details).changed['sales.void']).toEqual({ from: 'approve', to: 'allow' });
    const cashier = await session(shop.cashierA.id, 'register');
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${cashier}` },
    });
    expect(me.json().permissions['sales.void']).toBe('allow');
    expect(
      (await call(shop.owner.id, 'PUT', `/api/v1/roles/${shop.roles.cashier}`, { version: 1, name: 'Stale' }))
        .statusCode,
    ).toBe(409);
    expect(
      (
        await call(shop.owner.id, 'POST', '/api/v1/roles', {
          name: 'Bad',
          discountLimitBp: 0,
          permissions: { 'made.up': 'allow' },
        })
      ).statusCode,
    ).toBe(422);
  });

  it('lists the permission catalogue with scopes and descriptions', async () => {
    const res = await call(shop.managerA.id, 'GET', '/api/v1/permissions');
    expect(res.json().items).toEqual(
      expect.arrayContaining([
        {
          key: 'sales.discount.above_limit',
          scope: 'sales:discount.above_limit',
          description: expect.any(String),
        },
      ]),
    );
  });

  it('treats SQL-injection strings in every filter as plain text', async () => {
    const before = await staffCount();
    for (const q of INJECTIONS) {
      const res = await app.inject({
        method: 'GET',
        url: '/api/v1/staff',
        query: { q },
        headers: { authorization: `Bearer ${await session(shop.owner.id)}` },
      });
      expect({ q, status: res.statusCode, items: res.json().items }).toEqual({ q, status: 200, items: [] });
    }
    for (const [key, value] of [
      ['storeId', "x' OR 1=1"],
      ['active', '1; DROP TABLE staff'],
      ['limit', '1 OR 1=1'],
      ['cursor', "' OR 1=1 --"],
    ]) {
      const res = await app.inject({
        method: 'GET',
        url: '/api/v1/staff',
        query: { [key!]: value! },
        headers: { authorization: `Bearer ${await session(shop.owner.id)}` },
      });
      expect({ key, status: res.statusCode }).toEqual({ key, status: 400 });
    }
    expect(await staffCount()).toBe(before);
  });

  it('pages through staff with a cursor and filters by store', async () => {
    const first = await call(shop.owner.id, 'GET', '/api/v1/staff?limit=2');
    expect(first.json().items).toHaveLength(2);
    const second = await call(
      shop.owner.id,
      'GET',
      `/api/v1/staff?limit=2&cursor=${first.json().nextCursor}`,
    );
    expect(second.json().items[0].name > first.json().items[1].name).toBe(true);
    const storeB = await call(shop.owner.id, 'GET', `/api/v1/staff?storeId=${shop.stores[1]!.id}`);
    expect(storeB.json().items.map((s: { name: string }) => s.name)).toEqual([
      'Bert Manager',
      'Bo Cashier',
      'Olga Owner',
    ]);
  });

  it('refuses oversized and malformed bodies', async () => {
    const huge = await call(shop.owner.id, 'POST', '/api/v1/staff', { name: 'x'.repeat(70_000) });
    expect(huge.statusCode).toBe(413);
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/v1/staff',
      headers: {
        authorization: `Bearer ${await session(shop.owner.id)}`,
        'content-type': 'application/json',
      },
      payload: '{"name": "x",',
    });
    expect(malformed.statusCode).toBe(400);
    const wrongTypes = await call(shop.owner.id, 'POST', '/api/v1/staff', {
      name: 42,
      hourlyWage: 12.5,
      storeRoles: 'all',
    });
    expect(wrongTypes.statusCode).toBe(400);
    expect(wrongTypes.json().error.details.fields.length).toBeGreaterThanOrEqual(3);
  });
});
