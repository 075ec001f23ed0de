import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.ts';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.ts';
import { TEST_PEPPER, aDutchShop, type ShopScenario } from './support/scenarios.ts';

// `npm start` serves a register that can be enrolled without the API: in demo mode the enrol
// screen asks whether this is a demo and, on a tap, for a fresh one-time code. Outside demo mode
// neither route exists.
describe.each(DIALECTS)('enrolling the demo register in one tap on %s', (dialect) => {
  let database: TestDatabase;
  let shop: ShopScenario;
  let demoApp: App;
  let plainApp: App;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    shop = await aDutchShop(database.db);
    const base = {
      config: { logLevel: 'silent' as const, bodyLimit: 64 * 1024 },
      database,
      security: { pepper: TEST_PEPPER },
    };
    demoApp = await buildApp({ ...base, demo: { organisationId: shop.organisationId } });
    plainApp = await buildApp(base);
  });
  afterAll(async () => {
    await demoApp?.close();
    await plainApp?.close();
    await database?.drop();
  });

  const newCode = (app: App) => app.inject({ method: 'POST', url: '/api/v1/demo/register/enrolment-codes' });
  const enrol = (code: string) =>
    demoApp.inject({ method: 'POST', url: '/api/v1/devices/enrol', payload: { code } });

  it('in demo mode, names the demo register and hands out fresh one-time codes for it, without signing in', async () => {
    // The first store by name, as the demo seed picks it for its staff: here Outlet Houten.
    const houten = {
      registerId: shop.stores[1]!.registerIds[0]!,
      storeName: 'Outlet Houten',
      registerName: 'Kassa 1',
    };
    const named = await demoApp.inject({ method: 'GET', url: '/api/v1/demo/register' });
    expect(named.statusCode).toBe(200);
    expect(named.json()).toEqual(houten);

    const [first, second] = [await newCode(demoApp), await newCode(demoApp)];
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject(houten);
    expect(first.json().code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(second.json().code).not.toBe(first.json().code);

    const enrolled = await enrol(first.json().code);
    expect(enrolled.statusCode).toBe(201);
    expect(enrolled.json()).toMatchObject({ registerId: houten.registerId, storeId: shop.stores[1]!.id });
    // Each code is an ordinary one-time code: used once, audited as made by the demo.
    expect((await enrol(first.json().code)).statusCode).toBe(401);
    expect((await enrol(second.json().code)).statusCode).toBe(201);
    const audited = await database.db
      .selectFrom('audit_events')
      .select(['actor_kind', 'target_id'])
      .where('action', '=', 'device.enrolment_code_created')
      .execute();
    expect(audited).toEqual([
      { actor_kind: 'system', target_id: houten.registerId },
      { actor_kind: 'system', target_id: houten.registerId },
    ]);
  });

  it('outside demo mode, has neither route and makes no code', async () => {
    const before = await database.db.selectFrom('enrolment_codes').select('id').execute();
    expect((await plainApp.inject({ method: 'GET', url: '/api/v1/demo/register' })).statusCode).toBe(404);
    expect((await newCode(plainApp)).statusCode).toBe(404);
    expect(await database.db.selectFrom('enrolment_codes').select('id').execute()).toEqual(before);
    const documented = async (app: App) =>
      Object.keys((await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json().paths).filter(
        (p) => p.startsWith('/api/v1/demo/'),
      );
    expect(await documented(plainApp)).toEqual([]);
    expect((await documented(demoApp)).sort()).toEqual([
      '/api/v1/demo/register',
      '/api/v1/demo/register/enrolment-codes',
    ]);
  });
});
