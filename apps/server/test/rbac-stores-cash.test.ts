import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.ts';
import { TEST_PEPPER, aSessionFor, aStaffedDutchShop, type StaffedShop } from './support/scenarios.ts';
import { aSaleDocument } from './support/selling.ts';

// Staff scoped to store B must not see or touch store A's registers, shifts,
// Z reports, tenders, printers, receipts, leases or sync status (DOMAIN.md:
// "Staff are scoped to the stores they work in"; answers are 404, never a hint).
describe.each(DIALECTS)('store scoping of cash, receipts and sync routes on %s', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let shop: StaffedShop;
  let managerA: string;
  let managerB: string;
  let shiftId: string;
  let saleId: string;
  const registerA = () => shop.stores[0]!.registerIds[0]!;

  const call = (method: 'GET' | 'POST', url: string, token: string, body?: unknown) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    shop = await aStaffedDutchShop(database.db);
    app = await buildApp({
      config: { logLevel: 'silent', bodyLimit: 1024 * 1024 },
      database,
      security: { pepper: TEST_PEPPER },
    });
    managerA = (await aSessionFor(database.db, shop, shop.managerA.id, { kind: 'backOffice', storeIndex: 0 }))
      .token;
    managerB = (await aSessionFor(database.db, shop, shop.managerB.id, { kind: 'backOffice', storeIndex: 1 }))
      .token;
    const opened = await call('POST', `/api/v1/registers/${registerA()}/shifts`, managerA, {
      id: uuidv7(),
      deviceTime: new Date().toISOString(),
      float: { denominations: [{ value: 1000, count: 5 }] },
    });
    expect(opened.statusCode).toBe(201);
    shiftId = opened.json().shift?.id ?? opened.json().id;
    const product = await call('POST', '/api/v1/products', shop.ownerToken, {
      name: 'Mok',
      taxClass: 'standard',
      variants: [{ sku: 'SCOPE-1', price: 1000 }],
    });
    const item = {
      productId: product.json().id,
      variantId: product.json().variants[0].id,
      price: 1000,
      taxes: [{ code: 'NL-21', rateBp: 2100 }],
      description: 'Mok',
    };
    const doc = aSaleDocument({ storeId: shop.stores[0]!.id, registerId: registerA() }, 1, [{ item }]);
    expect((await call('POST', '/api/v1/sales', managerA, doc)).statusCode).toBe(201);
    saleId = doc.id;
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it("answers 404 to a manager of store B on every store-A id, and lets store A's manager in", async () => {
    const storeA = shop.stores[0]!.id;
    const reads = [
      `/api/v1/registers/${registerA()}/shifts/current`,
      `/api/v1/registers/${registerA()}/z-reports`,
      `/api/v1/shifts/${shiftId}`,
      `/api/v1/shifts/${shiftId}/x-report`,
      `/api/v1/stores/${storeA}/tenders`,
      `/api/v1/registers/${registerA()}/printers`,
      `/api/v1/sales/${saleId}/receipt?format=text`,
      `/api/v1/sales/${saleId}`,
      `/api/v1/stores/${storeA}`,
      `/api/v1/stores/${storeA}/receipt-settings`,
    ];
    for (const url of reads) {
      const outsider = await call('GET', url, managerB);
      expect({ url, status: outsider.statusCode }).toEqual({ url, status: 404 });
      const insider = await call('GET', url, managerA);
      expect({ url, ok: insider.statusCode < 400 }).toEqual({ url, ok: true });
    }
    const writes: Array<[string, unknown]> = [
      [
        `/api/v1/registers/${registerA()}/shifts`,
        { id: uuidv7(), deviceTime: new Date().toISOString(), float: { denominations: [] } },
      ],
      [
        `/api/v1/shifts/${shiftId}/movements`,
        {
          id: uuidv7(),
          kind: 'pay_in',
          amount: 100,
          reason: 'wisselgeld',
          deviceTime: new Date().toISOString(),
        },
      ],
      [`/api/v1/registers/${registerA()}/lease`, { holderId: 'outsider-tab' }],
      ['/api/v1/sync/heartbeat', { registerId: registerA(), pendingItems: 0 }],
    ];
    for (const [url, body] of writes) {
      const outsider = await call('POST', url, managerB, body);
      expect({ url, status: outsider.statusCode }).toEqual({ url, status: 404 });
    }
    const sync = await call('GET', '/api/v1/registers/sync-status', managerB);
    expect(sync.json().items.filter((s: { registerId: string }) => s.registerId === registerA())).toEqual([]);
  });
});
