import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.ts';
import { TEST_PEPPER, aSessionFor, aStaffedDutchShop, type StaffedShop } from './support/scenarios.ts';

// A cashier's role needs a manager's approval for pay-ins/outs and for opening
// the drawer without a sale (built-in roles): the register sends the
// approval in X-Kassa-Approval and the cash routes must take it.
describe.each(DIALECTS)('manager approvals on cash routes on %s', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let shop: StaffedShop;
  let cashier: string;
  let shiftId: string;

  const call = (url: string, body: object, approval?: string) =>
    app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${cashier}`, ...(approval ? { 'x-kassa-approval': approval } : {}) },
      payload: body,
    });
  const approve = async (permission: string) => {
    const res = await call('/api/v1/approvals', {
      approverStaffId: shop.managerA.id,
      pin: shop.managerA.pin,
      permission,
      reason: 'change for the till',
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().token as string;
  };
  const payOut = () => ({ id: uuidv7(), kind: 'pay_out', amount: 500, reason: 'Koffie', deviceTime: new Date().toISOString() });

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    shop = await aStaffedDutchShop(database.db);
    app = await buildApp({ config: { logLevel: 'silent', bodyLimit: 1024 * 1024 }, database, security: { pepper: TEST_PEPPER } });
    cashier = (await aSessionFor(database.db, shop, shop.cashierA.id, { kind: 'register' })).token;
    const opened = await call(`/api/v1/registers/${shop.stores[0]!.registerIds[0]!}/shifts`, {
      id: uuidv7(),
      deviceTime: new Date().toISOString(),
      float: { denominations: [{ value: 1000, count: 5 }] },
    });
    expect(opened.statusCode).toBe(201);
    shiftId = opened.json().shift?.id ?? opened.json().id;
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('asks for an approval for a pay-out, records it with a manager’s, and does not take the approval twice', async () => {
    const refused = await call(`/api/v1/shifts/${shiftId}/movements`, payOut());
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'AUTH_APPROVAL_REQUIRED', details: { permission: 'cash.movement.record' } });
    const approval = await approve('cash.movement.record');
    const approved = await call(`/api/v1/shifts/${shiftId}/movements`, payOut(), approval);
    expect(approved.statusCode, approved.body).toBe(201);
    const again = await call(`/api/v1/shifts/${shiftId}/movements`, payOut(), approval);
    expect(again.statusCode).toBe(403);
    const movements = await database.db.selectFrom('cash_movements').select('kind').where('shift_id', '=', shiftId).execute();
    expect(movements.filter((m) => m.kind === 'pay_out')).toHaveLength(1);
  });

  it('opens the drawer without a sale with a manager’s approval, and refuses one given for something else', async () => {
    const noSale = () => ({ id: uuidv7(), deviceTime: new Date().toISOString(), reason: 'Wisselen' });
    const wrong = await approve('cash.movement.record');
    expect((await call(`/api/v1/shifts/${shiftId}/no-sales`, noSale(), wrong)).statusCode).toBe(403);
    const approval = await approve('cash.drawer.open_no_sale');
    expect((await call(`/api/v1/shifts/${shiftId}/no-sales`, noSale(), approval)).statusCode).toBe(201);
  });
});
