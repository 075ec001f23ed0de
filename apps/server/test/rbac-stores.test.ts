import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.ts';
import { TEST_PEPPER, aSessionFor, aStaffedDutchShop, type StaffedShop } from './support/scenarios.ts';

describe.each(DIALECTS)('store scoping on %s', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let shop: StaffedShop;
  let entryB: string;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    shop = await aStaffedDutchShop(database.db);
    app = await buildApp({
      config: { logLevel: 'silent', bodyLimit: 64 * 1024 },
      database,
      security: { pepper: TEST_PEPPER },
    });
    entryB = uuidv7();
    await database.db
      .insertInto('time_entries')
      .values({
        id: entryB,
        organisation_id: shop.organisationId,
        store_id: shop.stores[1]!.id,
        staff_id: shop.cashierB.id,
        type: 'clock_in',
        at: '2026-11-27T08:00:00.000Z',
        hourly_wage: 1500,
        device_id: shop.deviceB.id,
        created_at: '2026-11-27T08:00:00.000Z',
      })
      .execute();
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  /** Every id-bearing route, pointed at store B's data. */
  const storeBCalls = (): Array<[method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown]> => {
    const b = shop.stores[1]!;
    return [
      ['GET', `/api/v1/stores/${b.id}`],
      ['GET', `/api/v1/staff/${shop.cashierB.id}`],
      ['PUT', `/api/v1/staff/${shop.cashierB.id}`, { version: 1, name: 'Taken over' }],
      ['POST', `/api/v1/staff/${shop.cashierB.id}/pin`, { pin: '0000' }],
      ['POST', `/api/v1/staff/${shop.managerB.id}/password`, { password: 'taken-over-password' }],
      ['POST', `/api/v1/staff/${shop.cashierB.id}/unlock`],
      ['GET', `/api/v1/staff?storeId=${b.id}`],
      ['POST', `/api/v1/registers/${b.registerIds[0]}/enrolment-codes`, {}],
      ['GET', `/api/v1/timeclock/hours?storeId=${b.id}&from=2026-11-27&to=2026-11-27`],
      ['GET', `/api/v1/timeclock/entries?storeId=${b.id}&from=2026-11-27&to=2026-11-27`],
      ['POST', `/api/v1/timeclock/entries/${entryB}/corrections`, { void: true, reason: 'not mine to fix' }],
      [
        'POST',
        '/api/v1/staff',
        { name: 'Planted', storeRoles: [{ storeId: b.id, roleId: shop.roles.cashier }] },
      ],
    ];
  };

  it.each([
    ['a back-office manager of store A', 'managerA', 'backOffice'],
    ['a register session of store A', 'managerA', 'register'],
  ] as const)('answers 404 to %s on every store B id', async (_label, who, kind) => {
    for (const [method, url, payload] of storeBCalls()) {
      const { token } = await aSessionFor(database.db, shop, shop[who].id, { kind });
      const res = await app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}` },
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      });
      expect({ method, url, status: res.statusCode }).toEqual({ method, url, status: 404 });
    }
    const b = await database.db
      .selectFrom('staff')
      .select(['name', 'version'])
      .where('id', '=', shop.cashierB.id)
      .executeTakeFirstOrThrow();
    expect(b).toEqual({ name: 'Bo Cashier', version: 1 });
    expect(await database.db.selectFrom('time_entry_corrections').selectAll().execute()).toEqual([]);
    expect(
      await database.db.selectFrom('staff').select('id').where('name', '=', 'Planted').execute(),
    ).toEqual([]);
  });

  it('lists only the stores and staff a manager may see; the owner sees all', async () => {
    const manager = (await aSessionFor(database.db, shop, shop.managerA.id)).token;
    const stores = await app.inject({
      method: 'GET',
      url: '/api/v1/stores',
      headers: { authorization: `Bearer ${manager}` },
    });
    expect(stores.json().items.map((s: { id: string }) => s.id)).toEqual([shop.stores[0]!.id]);
    const staff = await app.inject({
      method: 'GET',
      url: '/api/v1/staff',
      headers: { authorization: `Bearer ${manager}` },
    });
    expect(staff.json().items.map((s: { name: string }) => s.name)).toEqual([
      'Anna Manager',
      'Cas Cashier',
      'Olga Owner',
    ]);
    const owner = (await aSessionFor(database.db, shop, shop.owner.id)).token;
    const all = await app.inject({
      method: 'GET',
      url: '/api/v1/stores',
      headers: { authorization: `Bearer ${owner}` },
    });
    expect(all.json().items).toHaveLength(2);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: `/api/v1/staff/${shop.cashierB.id}`,
          headers: { authorization: `Bearer ${owner}` },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('keeps roles in stores hidden from a manager when they edit a shared staff member', async () => {
    const owner = (await aSessionFor(database.db, shop, shop.owner.id)).token;
    const both = await app.inject({
      method: 'POST',
      url: '/api/v1/staff',
      headers: { authorization: `Bearer ${owner}` },
      payload: {
        name: 'Floater',
        storeRoles: [
          { storeId: shop.stores[0]!.id, roleId: shop.roles.cashier },
          { storeId: shop.stores[1]!.id, roleId: shop.roles.cashier },
        ],
      },
    });
    const manager = (await aSessionFor(database.db, shop, shop.managerA.id)).token;
    const edit = await app.inject({
      method: 'PUT',
      url: `/api/v1/staff/${both.json().id}`,
      headers: { authorization: `Bearer ${manager}` },
      payload: { version: 1, name: 'Floater', storeRoles: [] },
    });
    expect(edit.statusCode).toBe(200);
    const rows = await database.db
      .selectFrom('staff_store_roles')
      .select('store_id')
      .where('staff_id', '=', both.json().id)
      .execute();
    expect(rows.map((r) => r.store_id)).toEqual([shop.stores[1]!.id]);
  });
});
