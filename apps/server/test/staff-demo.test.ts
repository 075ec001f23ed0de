import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.ts';
import { seedDemoStaff, type DemoLogins } from '../src/modules/staff/index.ts';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.ts';
import { TEST_PEPPER, aDevice, aDutchShop, type ShopScenario } from './support/scenarios.ts';

describe.each(DIALECTS)('the demo staff on %s', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let shop: ShopScenario;
  let logins: DemoLogins;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    shop = await aDutchShop(database.db);
    logins = await seedDemoStaff(database.db, shop, '2026-11-27T09:00:00.000Z', { pepper: TEST_PEPPER });
    app = await buildApp({
      config: { logLevel: 'silent', bodyLimit: 64 * 1024 },
      database,
      security: { pepper: TEST_PEPPER },
    });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('seeds an owner and a manager who sign in with e-mail, and two cashiers with PINs', async () => {
    expect(logins.cashiers).toHaveLength(2);
    for (const person of [logins.owner, logins.manager]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: person.email, password: person.password },
      });
      expect(res.statusCode).toBe(200);
    }
    const device = await aDevice(database.db, shop, 0, '2026-11-27T09:00:00.000Z');
    const cashier = logins.cashiers[0]!;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/pin',
      headers: { authorization: `Bearer ${device.credential}` },
      payload: { staffId: cashier.staffId, pin: cashier.pin },
    });
    expect(res.statusCode).toBe(200);
  });

  it('is idempotent', async () => {
    const again = await seedDemoStaff(database.db, shop, '2026-11-27T09:00:00.000Z', { pepper: TEST_PEPPER });
    expect(again.owner.staffId).toBe(logins.owner.staffId);
    expect((await database.db.selectFrom('staff').select('id').execute()).length).toBe(4);
  });
});
