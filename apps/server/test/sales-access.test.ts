import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.ts';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.ts';
import { TEST_PEPPER, aSessionFor, aStaffedDutchShop, type StaffedShop } from './support/scenarios.ts';
import { aSaleDocument, type SellableVariant } from './support/selling.ts';

// Who may sell, return and read sales, in which store (DOMAIN.md, Staff and security).
describe.each(DIALECTS)('sales access by role and store on %s', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let shop: StaffedShop;
  let item: SellableVariant;
  let cashierA: string;
  let managerB: string;
  const storeA = () => ({ storeId: shop.stores[0]!.id, registerId: shop.stores[0]!.registerIds[0]! });

  const call = (
    method: 'GET' | 'POST',
    url: string,
    token: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, ...headers },
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
    const product = await call('POST', '/api/v1/products', shop.ownerToken, {
      name: 'Mok Strand',
      taxClass: 'standard',
      variants: [{ sku: 'ACC-1', price: 1295 }],
    });
    item = {
      productId: product.json().id,
      variantId: product.json().variants[0].id,
      price: 1295,
      taxes: [{ code: 'NL-21', rateBp: 2100 }],
      description: 'Mok Strand',
    };
    cashierA = (await aSessionFor(database.db, shop, shop.cashierA.id, { kind: 'register', storeIndex: 0 }))
      .token;
    managerB = (await aSessionFor(database.db, shop, shop.managerB.id, { kind: 'backOffice', storeIndex: 1 }))
      .token;
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('lets a cashier sell in her store and hides the sale from a manager of another store', async () => {
    const doc = aSaleDocument(storeA(), 1, [{ item }]);
    expect((await call('POST', '/api/v1/sales', cashierA, doc)).statusCode).toBe(201);
    expect((await call('GET', `/api/v1/sales/${doc.id}`, managerB)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/sales/${doc.id}/history`, managerB)).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/sales', managerB)).json().items).toEqual([]);
    expect((await call('GET', '/api/v1/sales', shop.ownerToken)).json().items).toHaveLength(1);
  });

  it("sells a pack at its label's price without approval, while the same price typed is a manager's override", async () => {
    // A GS1 price label (prefix 21/22) on a pre-packed item: the label is the price.
    const labelled = (receiptNumber: number, fromLabel: boolean) => {
      const doc = aSaleDocument(storeA(), receiptNumber, [{ item, unitPrice: 480 }]);
      return { ...doc, lines: doc.lines.map((l) => ({ ...l, originalUnitPrice: item.price, ...(fromLabel ? { priceFromLabel: true } : {}) })) };
    };
    const label = labelled(2, true);
    const sold = await call('POST', '/api/v1/sales', cashierA, label);
    expect(sold.statusCode).toBe(201);
    // No price deviation (the register knew the catalogue's price): only the stock this test never received.
    expect(sold.json().flags.map((f: { code: string }) => f.code)).toEqual(['NEGATIVE_STOCK']);
    const journal = (await call('GET', `/api/v1/journal?documentId=${label.id}`, shop.ownerToken)).json().items;
    expect(journal.map((e: { kind: string }) => e.kind)).toEqual(['sale.completed']);
    const typed = await call('POST', '/api/v1/sales', cashierA, labelled(3, false));
    expect([typed.statusCode, typed.json().error.code]).toEqual([403, 'AUTH_APPROVAL_REQUIRED']);
  });

  it('refuses a cashier selling for another store', async () => {
    const doc = aSaleDocument(
      { storeId: shop.stores[1]!.id, registerId: shop.stores[1]!.registerIds[0]! },
      1,
      [{ item }],
    );
    const res = await call('POST', '/api/v1/sales', cashierA, doc);
    expect(res.json().error.code).toBe('SALES_UNKNOWN_STORE');
  });

  it("asks for a manager's approval when a cashier posts a return, and accepts it with one", async () => {
    const doc = aSaleDocument(storeA(), 1, [{ item, quantity: -1 }], {
      kind: 'return',
      reasonCode: 'defect',
    });
    const refused = await call('POST', '/api/v1/sales', cashierA, doc);
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'AUTH_APPROVAL_REQUIRED']);
    const approval = await call('POST', '/api/v1/approvals', cashierA, {
      approverStaffId: shop.managerA.id,
      pin: shop.managerA.pin,
      permission: 'sales.refund.without_receipt',
    });
    expect(approval.statusCode).toBe(201);
    const accepted = await call('POST', '/api/v1/sales', cashierA, doc, {
      'x-kassa-approval': approval.json().token,
    });
    expect(accepted.statusCode).toBe(201);
    // An approval is single use.
    const again = aSaleDocument(storeA(), 2, [{ item, quantity: -1 }], {
      kind: 'return',
      reasonCode: 'defect',
    });
    expect(
      (await call('POST', '/api/v1/sales', cashierA, again, { 'x-kassa-approval': approval.json().token }))
        .statusCode,
    ).toBe(403);
  });

  it('accepts a return from the register outbox: the approval was given at the till', async () => {
    const doc = aSaleDocument(storeA(), 3, [{ item, quantity: -1 }], {
      kind: 'return',
      reasonCode: 'defect',
    });
    const res = await call('POST', '/api/v1/sync/push', cashierA, {
      registerId: doc.registerId,
      items: [{ id: doc.id, kind: 'sale', payload: doc }],
    });
    expect(res.json().results[0].status).toBe('recorded');
  });

  it('refuses a stock adjustment in another store and hides its levels', async () => {
    const body = {
      id: crypto.randomUUID(),
      storeId: shop.stores[0]!.id,
      variantId: item.variantId,
      quantityMilli: 1000,
      reason: 'found',
    };
    expect((await call('POST', '/api/v1/stock/adjustments', managerB, body)).statusCode).toBe(404);
    expect(
      (await call('GET', `/api/v1/stock/levels?storeId=${shop.stores[0]!.id}`, managerB)).statusCode,
    ).toBe(404);
  });
});
