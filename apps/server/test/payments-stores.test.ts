import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltInRoles } from '../src/modules/staff/index.ts';
import { DIALECTS } from './support/databases.ts';
import { aSessionFor, addPerson, type StaffedShop } from './support/scenarios.ts';
import { startPaying, type PayingHarness } from './support/payments.ts';

// Card payment attempts belong to a store: staff of another store neither see nor touch them.
describe.each(DIALECTS)('store scoping of card payments on %s', (dialect) => {
  let h: PayingHarness;
  let managerB: string;

  beforeAll(async () => {
    h = await startPaying(dialect);
    const now = new Date().toISOString();
    const roles = (await ensureBuiltInRoles(h.database.db, h.shop.organisationId, now)) as Record<
      string,
      string
    >;
    const { id: staffId } = await addPerson(
      h.database.db,
      h.shop,
      {
        name: 'Bert Manager',
        email: 'bert@test.nl',
        password: null,
        pin: '5555',
        storeRoles: [{ storeId: h.shop.stores[1]!.id, roleId: roles.manager! }],
      },
      now,
    );
    // A back-office session needs no device: the shop's devices are not used here.
    const shop = {
      ...h.shop,
      deviceA: { id: '', credential: '' },
      deviceB: { id: '', credential: '' },
    } as unknown as StaffedShop;
    managerB = (await aSessionFor(h.database.db, shop, staffId, { kind: 'backOffice', storeIndex: 1 })).token;
  });
  afterAll(async () => h?.close());

  it("hides store A's attempts from a manager of store B and refuses to act on them", async () => {
    const started = await h.pay(1295);
    expect(started.statusCode).toBe(201);
    const id = started.json().id as string;
    await h.settled(id);
    expect((await h.call('GET', `/api/v1/payments/${id}`, undefined, managerB)).statusCode).toBe(404);
    expect((await h.call('POST', `/api/v1/payments/${id}/status`, {}, managerB)).statusCode).toBe(404);
    expect((await h.call('POST', `/api/v1/payments/${id}/abort`, {}, managerB)).statusCode).toBe(404);
    const list = await h.call('GET', '/api/v1/payments?limit=200', undefined, managerB);
    expect(list.json().items.map((a: { id: string }) => a.id)).not.toContain(id);
    expect((await h.call('GET', `/api/v1/payments/${id}`)).statusCode).toBe(200);
  });
});
