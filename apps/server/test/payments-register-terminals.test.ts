import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../src/lib/uuidv7.ts';
import { ensureBuiltInRoles } from '../src/modules/staff/index.ts';
import { DIALECTS } from './support/databases.ts';
import { aDevice, aSessionFor, addPerson, type StaffedShop } from './support/scenarios.ts';
import { startPaying, type PayingHarness } from './support/payments.ts';

// The register's payment screen asks which terminals it may use: a cashier (sales.sell), not settings.manage.
describe.each(DIALECTS)('the card terminals of a register on %s', (dialect) => {
  let h: PayingHarness;
  let cashierA: string;
  let managerB: string;

  beforeAll(async () => {
    h = await startPaying(dialect);
    const now = new Date().toISOString();
    const db = h.database.db;
    const roles = (await ensureBuiltInRoles(db, h.shop.organisationId, now)) as Record<string, string>;
    const [a, b] = [h.shop.stores[0]!.id, h.shop.stores[1]!.id];
    const cashier = await addPerson(db, h.shop, { name: 'Cas Cashier', email: null, password: null, pin: '3333', storeRoles: [{ storeId: a, roleId: roles.cashier! }] }, now);
    const manager = await addPerson(db, h.shop, { name: 'Bert Manager', email: 'bert@test.nl', password: null, pin: '5555', storeRoles: [{ storeId: b, roleId: roles.manager! }] }, now);
    const shop = { ...h.shop, deviceA: await aDevice(db, h.shop, 0, now), deviceB: await aDevice(db, h.shop, 1, now) } as unknown as StaffedShop;
    cashierA = (await aSessionFor(db, shop, cashier.id, { kind: 'register' })).token;
    managerB = (await aSessionFor(db, shop, manager.id, { kind: 'backOffice', storeIndex: 1 })).token;
  });
  afterAll(async () => h?.close());

  it("lists the store's terminals to a cashier, the one bound to this register first, never another store's", async () => {
    const bound = uuidv7();
    const created = await h.call('POST', '/api/v1/payment-terminals', { id: bound, storeId: h.storeId, registerId: h.registerId, name: 'Aa kassa 1', adapter: 'simulator', endpoint: h.sim.endpoint, poiId: 'SIM-0002' });
    expect(created.statusCode).toBe(201);
    const elsewhere = uuidv7();
    await h.call('POST', '/api/v1/payment-terminals', { id: elsewhere, storeId: h.shop.stores[1]!.id, name: 'Houten', adapter: 'simulator', endpoint: h.sim.endpoint, poiId: 'SIM-0003' });
    const res = await h.call('GET', `/api/v1/registers/${h.registerId}/payment-terminals`, undefined, cashierA);
    expect(res.statusCode).toBe(200);
    const ids = res.json().items.map((t: { id: string }) => t.id);
    expect(ids).toEqual([bound, h.terminalId]);
    expect(ids).not.toContain(elsewhere);
    // The cashier cannot read the settings list itself.
    expect((await h.call('GET', '/api/v1/payment-terminals', undefined, cashierA)).statusCode).toBe(403);
  });

  it("answers 404 for another store's register and for one that does not exist", async () => {
    expect((await h.call('GET', `/api/v1/registers/${h.registerId}/payment-terminals`, undefined, managerB)).statusCode).toBe(404);
    expect((await h.call('GET', `/api/v1/registers/${uuidv7()}/payment-terminals`, undefined, cashierA)).statusCode).toBe(404);
  });
});
