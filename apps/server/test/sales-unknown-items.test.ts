import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SaleDocument } from '@kassa/contracts';
import type { App } from '../src/app.ts';
import { createApiToken } from '../src/modules/auth/index.ts';
import { fullPermissionMap } from '../src/modules/staff/built-in-roles.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';
import { DIALECTS, type TestDatabase } from './support/databases.ts';
import { startStaffedApp } from './support/staffed-app.ts';
import { aTestClock } from './support/clock.ts';
import { addPerson, aSessionFor, type StaffedShop } from './support/scenarios.ts';
import { aSaleDocument, type SellableVariant } from './support/selling.ts';

// Selling an item the catalogue does not know needs `sales.unknown_item` (STAFF.md): a direct
// POST is checked against the role in the sale's store (a cashier needs a manager's approval);
// a sale from a register's outbox was approved at the till, so only an outright deny refuses it.
// Either way the server journals the unknown items as `sale.unknown_item`, naming the approver.
describe.each(DIALECTS)('unknown items and their permission on %s', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let shop: StaffedShop;
  let receipt = 0;
  const clock = aTestClock();
  const NL9 = [{ code: 'NL-9', rateBp: 900 }];
  // Only for the arithmetic of aSaleDocument: the line is made an unknown item below.
  const vase: SellableVariant = {
    productId: uuidv7(),
    variantId: uuidv7(),
    price: 750,
    taxes: NL9,
    description: 'Vaas blauw',
  };

  beforeAll(async () => {
    ({ database, shop, app } = await startStaffedApp(dialect, clock));
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const storeA = () => ({ storeId: shop.stores[0]!.id, registerId: shop.stores[0]!.registerIds[0]! });

  /** A sale of one unknown item (no variant, typed description and price), by the given staff member. */
  function anUnknownItemSale(
    staffId: string,
    options: { quantity?: number; kind?: SaleDocument['kind'] } = {},
  ) {
    const doc = aSaleDocument(storeA(), ++receipt, [{ item: vase, quantity: options.quantity ?? 1 }], {
      tender: 'card',
      deviceTime: clock.iso(),
      ...(options.kind ? { kind: options.kind, reasonCode: 'no_receipt' } : {}),
    });
    doc.staffId = staffId;
    doc.lines[0] = { ...doc.lines[0]!, variantId: null, unknownItem: true };
    return doc;
  }

  const post = (doc: SaleDocument, token: string, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/sales',
      headers: { authorization: `Bearer ${token}`, ...headers },
      payload: doc,
    });

  const push = (doc: SaleDocument, token: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/sync/push',
      headers: { authorization: `Bearer ${token}` },
      payload: { registerId: doc.registerId, items: [{ id: doc.id, kind: 'sale', payload: doc }] },
    });

  async function journalOf(saleId: string) {
    const rows = await database.db
      .selectFrom('journal_entries')
      .select(['kind', 'payload'])
      .where('document_id', '=', saleId)
      .orderBy('seq')
      .execute();
    return rows.map((r) => ({ kind: r.kind, payload: JSON.parse(r.payload) }));
  }

  const cashierAtTill = () =>
    aSessionFor(database.db, shop, shop.cashierA.id, { kind: 'register', storeIndex: 0, now: clock.iso() });

  async function anApproval(cashierToken: string, permission: string) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/approvals',
      headers: { authorization: `Bearer ${cashierToken}` },
      payload: {
        approverStaffId: shop.managerA.id,
        pin: shop.managerA.pin,
        permission,
        reason: 'Vaas blauw, € 7,50',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { approvalId: string; token: string };
  }

  it("refuses a cashier's direct sale of an unknown item without a manager's approval, naming the permission", async () => {
    const cashier = await cashierAtTill();
    const doc = anUnknownItemSale(shop.cashierA.id);
    const refused = await post(doc, cashier.token);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({
      code: 'AUTH_APPROVAL_REQUIRED',
      details: { permission: 'sales.unknown_item' },
    });
    expect(refused.json().error.message).toContain('"sales.unknown_item" needs a manager\'s approval');
    expect(await journalOf(doc.id)).toEqual([]);
    // An approval for a price override is not one for an unknown item.
    const other = await anApproval(cashier.token, 'sales.price_override');
    const wrong = await post(doc, cashier.token, { 'x-kassa-approval': other.token });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([403, 'AUTH_APPROVAL_INVALID']);
  });

  it("accepts it with a manager's approval, once, and journals the item with the approver", async () => {
    const cashier = await cashierAtTill();
    const approval = await anApproval(cashier.token, 'sales.unknown_item');
    const doc = anUnknownItemSale(shop.cashierA.id);
    const accepted = await post(doc, cashier.token, { 'x-kassa-approval': approval.token });
    expect(accepted.statusCode, accepted.body).toBe(201);
    expect(accepted.json().flags.map((f: { code: string }) => f.code)).toEqual(['UNKNOWN_ITEM']);
    const journal = await journalOf(doc.id);
    expect(journal.map((e) => e.kind)).toEqual(['sale.completed', 'sale.unknown_item']);
    expect(journal[1]!.payload).toEqual({
      saleId: doc.id,
      staffId: shop.cashierA.id,
      approvedBy: shop.managerA.id,
      lines: [{ lineId: 'line-1', description: 'Vaas blauw', quantity: 1, unitPrice: 750, taxes: NL9 }],
    });
    const again = await post(anUnknownItemSale(shop.cashierA.id), cashier.token, {
      'x-kassa-approval': approval.token,
    });
    expect([again.statusCode, again.json().error.code]).toEqual([403, 'AUTH_APPROVAL_INVALID']);
  });

  it("accepts a manager's sale of an unknown item at once; the journal names no approver", async () => {
    const manager = await aSessionFor(database.db, shop, shop.managerA.id, {
      kind: 'register',
      now: clock.iso(),
    });
    const doc = anUnknownItemSale(shop.managerA.id);
    const res = await post(doc, manager.token);
    expect(res.statusCode, res.body).toBe(201);
    const entry = (await journalOf(doc.id)).find((e) => e.kind === 'sale.unknown_item');
    expect(entry?.payload).toMatchObject({ staffId: shop.managerA.id, approvedBy: null });
  });

  it('needs the token scope sales:unknown_item for an integration', async () => {
    const seller = await createApiToken(database.db, {
      organisationId: shop.organisationId,
      name: 'webshop',
      scopes: ['sales:sell'],
      now: clock.iso(),
    });
    const refused = await post(anUnknownItemSale(shop.owner.id), seller.token);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({
      code: 'AUTH_FORBIDDEN',
      details: { permission: 'sales.unknown_item' },
    });
    expect(refused.json().error.message).toContain('sales:unknown_item');
    const allowed = await createApiToken(database.db, {
      organisationId: shop.organisationId,
      name: 'webshop with unknown items',
      scopes: ['sales:sell', 'sales:unknown_item'],
      now: clock.iso(),
    });
    expect((await post(anUnknownItemSale(shop.owner.id), allowed.token)).statusCode).toBe(201);
  });

  it('does not ask it for returning an unknown item: the refund permissions guard returns', async () => {
    const refunds = await createApiToken(database.db, {
      organisationId: shop.organisationId,
      name: 'returns desk',
      scopes: ['sales:sell', 'sales:refund', 'sales:refund.without_receipt'],
      now: clock.iso(),
    });
    const res = await post(anUnknownItemSale(shop.owner.id, { quantity: -1, kind: 'return' }), refunds.token);
    expect(res.statusCode, res.body).toBe(201);
  });

  it('records an outbox sale a cashier made with the approval given at the till, naming that manager', async () => {
    const cashier = await cashierAtTill();
    const approval = await anApproval(cashier.token, 'sales.unknown_item');
    const doc = anUnknownItemSale(shop.cashierA.id);
    doc.approvals = [
      {
        approvalId: approval.approvalId,
        permission: 'sales.unknown_item',
        approverStaffId: shop.managerA.id,
      },
    ];
    const res = await push(doc, cashier.token);
    expect(res.json().results[0], res.body).toMatchObject({ status: 'recorded' });
    const entry = (await journalOf(doc.id)).find((e) => e.kind === 'sale.unknown_item');
    expect(entry?.payload.approvedBy).toBe(shop.managerA.id);
  });

  it('records an outbox sale without a verifiable approval, naming nobody and flagging it', async () => {
    const doc = anUnknownItemSale(shop.cashierA.id);
    const claimed = {
      approvalId: uuidv7(),
      permission: 'sales.unknown_item',
      approverStaffId: shop.managerA.id,
    };
    doc.approvals = [claimed];
    const res = await push(doc, shop.deviceA.credential);
    expect(res.json().results[0].status, res.body).toBe('recorded');
    expect(
      res
        .json()
        .results[0].result.flags.map((f: { code: string }) => f.code)
        .sort(),
    ).toEqual(['APPROVAL_UNKNOWN', 'UNKNOWN_ITEM']);
    const entry = (await journalOf(doc.id)).find((e) => e.kind === 'sale.unknown_item');
    expect(entry?.payload.approvedBy).toBeNull();
  });

  it("refuses an outbox sale of an unknown item when the seller's role denies it outright", async () => {
    const roleId = uuidv7();
    await database.db
      .insertInto('roles')
      .values({
        id: roleId,
        organisation_id: shop.organisationId,
        key: null,
        name: 'Catalogue-only cashier',
        discount_limit_bp: 0,
        permissions: JSON.stringify(
          fullPermissionMap({
            'sales.sell': 'allow',
            'sales.price_override': 'approve',
            'sales.unknown_item': 'deny',
          }),
        ),
        version: 1,
        created_at: clock.iso(),
        updated_at: clock.iso(),
      })
      .execute();
    const person = await addPerson(
      database.db,
      shop,
      {
        name: 'Nina Nieuw',
        email: null,
        password: null,
        pin: '8642',
        storeRoles: [{ storeId: storeA().storeId, roleId }],
      },
      clock.iso(),
    );
    const session = await aSessionFor(database.db, shop, person.id, { kind: 'register', now: clock.iso() });
    const doc = anUnknownItemSale(person.id);
    const res = await push(doc, session.token);
    expect(res.json().results[0]).toMatchObject({
      status: 'rejected',
      error: {
        code: 'SALES_PERMISSION_REQUIRED',
        details: { permission: 'sales.unknown_item', field: 'lines[0]' },
      },
    });
    expect(res.json().results[0].error.message).toContain('"sales.unknown_item"');
    expect(await journalOf(doc.id)).toEqual([]);
    // Posted directly, the same role is refused before anything is checked further.
    const direct = await post(anUnknownItemSale(person.id), session.token);
    expect([direct.statusCode, direct.json().error.code]).toEqual([403, 'AUTH_FORBIDDEN']);
  });
});
