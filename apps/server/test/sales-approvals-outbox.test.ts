import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { DIALECTS, type TestDatabase } from './support/databases.ts';
import { startStaffedApp } from './support/staffed-app.ts';
import { aTestClock } from './support/clock.ts';
import { aSessionFor, type StaffedShop } from './support/scenarios.ts';
import { aSaleDocument, type SellableVariant } from './support/selling.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';

// A manager approves a price override at the till; the sale reaches the server later through
// the register's outbox. The server's own journal entry must name that manager — when the
// server issued that approval for this store, permission and approver — and never a stranger.
describe.each(DIALECTS)('approvals named by a sale from the outbox on %s', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let shop: StaffedShop;
  let mug: SellableVariant;
  let receipt = 0;
  const clock = aTestClock();

  beforeAll(async () => {
    ({ database, shop, app } = await startStaffedApp(dialect, clock));
    const owner = await aSessionFor(database.db, shop, shop.owner.id, { now: clock.iso() });
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/products',
      headers: { authorization: `Bearer ${owner.token}` },
      payload: {
        name: 'Mok Strand',
        taxClass: 'standard',
        unit: 'piece',
        variants: [{ sku: 'MOK-1', price: 1295 }],
      },
    });
    expect(created.statusCode).toBe(201);
    mug = {
      productId: created.json().id,
      variantId: created.json().variants[0].id,
      price: 1295,
      taxes: [{ code: 'NL-21', rateBp: 2100 }],
      description: 'Mok Strand',
    };
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const storeA = () => ({ storeId: shop.stores[0]!.id, registerId: shop.stores[0]!.registerIds[0]! });

  async function approval(storeIndex: number, approverStaffId: string, pin: string, permission: string) {
    const cashierId = storeIndex === 0 ? shop.cashierA.id : shop.cashierB.id;
    const session = await aSessionFor(database.db, shop, cashierId, {
      kind: 'register',
      storeIndex,
      now: clock.iso(),
    });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/approvals',
      headers: { authorization: `Bearer ${session.token}` },
      payload: { approverStaffId, pin, permission, reason: 'beschadigde verpakking' },
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { approvalId: string; permission: string; approverStaffId: string };
  }

  /** A sale at a lower price than the catalogue's, naming the given approvals, pushed by device A. */
  async function pushOverride(
    approvals: Array<{ approvalId: string; permission: string; approverStaffId: string }>,
  ) {
    const doc = aSaleDocument(storeA(), ++receipt, [{ item: mug, unitPrice: 995 }], { tender: 'card' });
    doc.staffId = shop.cashierA.id;
    doc.lines[0] = { ...doc.lines[0]!, originalUnitPrice: 1295 };
    doc.approvals = approvals;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/sync/push',
      headers: { authorization: `Bearer ${shop.deviceA.credential}` },
      payload: { registerId: storeA().registerId, items: [{ id: doc.id, kind: 'sale', payload: doc }] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().results[0].status, res.body).toBe('recorded');
    const override = await database.db
      .selectFrom('journal_entries')
      .select('payload')
      .where('document_id', '=', doc.id)
      .where('kind', '=', 'sale.price_override')
      .executeTakeFirstOrThrow();
    return { sale: res.json().results[0].result, override: JSON.parse(override.payload) };
  }

  it("names the manager who approved at the till in the server's journal entry", async () => {
    const given = await approval(0, shop.managerA.id, '2222', 'sales.price_override');
    const { sale, override } = await pushOverride([
      { approvalId: given.approvalId, permission: 'sales.price_override', approverStaffId: shop.managerA.id },
    ]);
    expect(override).toMatchObject({ approvedBy: shop.managerA.id, staffId: shop.cashierA.id });
    expect(sale.flags.map((f: { code: string }) => f.code)).not.toContain('APPROVAL_UNKNOWN');
  });

  it('names nobody and flags the sale for an approval the server did not issue for that store, permission or approver', async () => {
    const otherStore = await approval(1, shop.managerB.id, '5555', 'sales.price_override');
    const otherPermission = await approval(0, shop.managerA.id, '2222', 'sales.refund');
    const cases = [
      { approvalId: uuidv7(), permission: 'sales.price_override', approverStaffId: shop.managerA.id },
      {
        approvalId: otherStore.approvalId,
        permission: 'sales.price_override',
        approverStaffId: shop.managerB.id,
      },
      {
        approvalId: otherPermission.approvalId,
        permission: 'sales.price_override',
        approverStaffId: shop.managerA.id,
      },
      // A real approval, claimed for someone else.
      {
        ...(await approval(0, shop.managerA.id, '2222', 'sales.price_override')),
        approverStaffId: shop.owner.id,
      },
    ];
    for (const claimed of cases) {
      const { sale, override } = await pushOverride([
        {
          approvalId: claimed.approvalId,
          permission: claimed.permission,
          approverStaffId: claimed.approverStaffId,
        },
      ]);
      expect(override.approvedBy, JSON.stringify(claimed)).toBeNull();
      expect(sale.flags).toContainEqual(
        expect.objectContaining({
          code: 'APPROVAL_UNKNOWN',
          details: expect.objectContaining({ approvalId: claimed.approvalId }),
        }),
      );
    }
  });

  it('refuses a malformed approvals list with the field named', async () => {
    const doc = aSaleDocument(storeA(), ++receipt, [{ item: mug }], { tender: 'card' });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/sync/push',
      headers: { authorization: `Bearer ${shop.deviceA.credential}` },
      payload: {
        registerId: storeA().registerId,
        items: [
          {
            id: doc.id,
            kind: 'sale',
            payload: {
              ...doc,
              approvals: [{ approvalId: 'not-a-uuid', permission: 'x', approverStaffId: shop.managerA.id }],
            },
          },
        ],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('approvalId');
  });
});
