import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../src/lib/uuidv7.ts';
import { ensureBuiltInRoles } from '../src/modules/staff/index.ts';
import { DIALECTS } from './support/databases.ts';
import { aSessionFor, type StaffedShop } from './support/scenarios.ts';
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
    const staffId = uuidv7();
    await h.database.db
      .insertInto('staff')
      .values({
        id: staffId,
        organisation_id: h.shop.organisationId,
        name: 'Bert Manager',
        email: 'bert@test.nl',
        phone: null,
        locale: 'nl-NL',
        hourly_wage: 1500,
        active: 1,
        all_stores_role_id: null,
        password_hash: null,
        pin_hash: null,
        failed_password_count: 0,
        password_locked_until: null,
        failed_pin_count: 0,
        pin_locked_until: null,
        failure_window_start: null,
        failure_window_count: 0,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await h.database.db
      .insertInto('staff_store_roles')
      .values({ staff_id: staffId, store_id: h.shop.stores[1]!.id, role_id: roles.manager! })
      .execute();
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
