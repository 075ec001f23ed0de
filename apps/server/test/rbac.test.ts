import { DEVICE_PERMISSIONS } from '../src/modules/auth/authorization.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { PERMISSION_CATALOGUE, PSEUDO_PERMISSIONS } from '@kassa/contracts';
import { buildApp, type App } from '../src/app.ts';
import { authContextOf, createApiToken, registerAuth } from '../src/modules/auth/index.ts';
import { BUILT_IN_ROLES } from '../src/modules/staff/index.ts';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.ts';
import { TEST_PEPPER, aSessionFor, aStaffedDutchShop, type StaffedShop } from './support/scenarios.ts';
import { systemClock } from '../src/lib/clock.ts';

type Who = 'owner' | 'manager' | 'cashier' | 'tokenWithoutScope' | 'device';
const WHO: Who[] = ['owner', 'manager', 'cashier', 'tokenWithoutScope', 'device'];
const ANY_UUID = '01900000-0000-7000-8000-000000000001';

function roleDecision(key: 'manager' | 'cashier', permission: string): string {
  return (
    BUILT_IN_ROLES.find((r) => r.key === key)!.permissions[permission as keyof typeof PERMISSION_CATALOGUE] ??
    'deny'
  );
}

/** What the hook must answer for this caller: pass (the handler decides) or a 403 code. */
function expectation(
  permission: string,
  who: Who,
): 'pass' | 'AUTH_FORBIDDEN' | 'AUTH_APPROVAL_REQUIRED' | 'AUTH_DEVICE_REQUIRED' {
  if (permission === 'authenticated') return 'pass';
  if (permission === 'device') return who === 'cashier' || who === 'device' ? 'pass' : 'AUTH_DEVICE_REQUIRED';
  if (who === 'owner') return 'pass';
  if (who === 'device') return DEVICE_PERMISSIONS.has(permission) ? 'pass' : 'AUTH_FORBIDDEN';
  if (who === 'tokenWithoutScope') return 'AUTH_FORBIDDEN';
  const decision = roleDecision(who, permission);
  return decision === 'allow' ? 'pass' : decision === 'approve' ? 'AUTH_APPROVAL_REQUIRED' : 'AUTH_FORBIDDEN';
}

const urlOf = (url: string) => url.replace(/:[A-Za-z]+/g, ANY_UUID);

describe.each(DIALECTS)('the RBAC matrix on %s', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let shop: StaffedShop;
  let bareToken: string;
  let routes: Array<{ method: string; url: string; permission: string }>;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    shop = await aStaffedDutchShop(database.db);
    bareToken = (
      await createApiToken(database.db, {
        organisationId: shop.organisationId,
        name: 'no scopes',
        scopes: [],
        now: new Date().toISOString(),
      })
    ).token;
    app = await buildApp({
      config: { logLevel: 'silent', bodyLimit: 1024 * 1024 },
      database,
      security: { pepper: TEST_PEPPER },
    });
    routes = authContextOf(app).routes;
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  async function credentialFor(who: Who): Promise<string> {
    if (who === 'owner') return (await aSessionFor(database.db, shop, shop.owner.id)).token;
    if (who === 'manager') return (await aSessionFor(database.db, shop, shop.managerA.id)).token;
    if (who === 'cashier')
      return (await aSessionFor(database.db, shop, shop.cashierA.id, { kind: 'register' })).token;
    if (who === 'device') return shop.deviceA.credential;
    return bareToken;
  }

  it('reads a route table covering this issue’s routes', () => {
    const urls = routes.map((r) => `${r.method} ${r.url}`);
    for (const expected of [
      'POST /api/v1/auth/login',
      'GET /api/v1/staff',
      'PUT /api/v1/roles/:id',
      'POST /api/v1/approvals',
      'GET /api/v1/timeclock/hours',
      'DELETE /api/v1/api-tokens/:id',
      'GET /api/v1/stores/:id',
    ]) {
      expect(urls).toContain(expected);
    }
  });

  it('has every declared permission in the catalogue (no typos that silently deny everyone but the owner)', () => {
    const known = new Set<string>([...Object.keys(PERMISSION_CATALOGUE), ...PSEUDO_PERMISSIONS]);
    expect(routes.filter((r) => !known.has(r.permission))).toEqual([]);
  });

  it('answers 401 on every non-public route without a credential', async () => {
    for (const route of routes.filter((r) => r.permission !== 'public')) {
      const res = await app.inject({
        method: route.method as 'GET',
        url: urlOf(route.url),
        payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
      });
      expect({ route: `${route.method} ${route.url}`, status: res.statusCode }).toEqual({
        route: `${route.method} ${route.url}`,
        status: 401,
      });
    }
  });

  it.each(WHO)('answers every route as the role allows for %s', async (who) => {
    for (const route of routes.filter((r) => r.permission !== 'public')) {
      const token = await credentialFor(who);
      const res = await app.inject({
        method: route.method as 'GET',
        url: urlOf(route.url),
        headers: { authorization: `Bearer ${token}` },
        payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
      });
      const want = expectation(route.permission, who);
      const label = `${who} ${route.method} ${route.url} (${route.permission})`;
      if (want === 'pass') {
        expect({ label, status: res.statusCode }).not.toEqual({ label, status: 401 });
        expect({
          label,
          status: res.statusCode,
          code: res.statusCode === 403 ? res.json().error.code : undefined,
        }).not.toMatchObject({
          status: 403,
          code: expect.stringMatching(/^AUTH_(FORBIDDEN|APPROVAL_REQUIRED|DEVICE_REQUIRED)$/),
        });
      } else {
        expect({ label, status: res.statusCode, code: res.json().error?.code }).toEqual({
          label,
          status: 403,
          code: want,
        });
      }
    }
  });

  it('fails at start-up when an /api route declares no permission', async () => {
    const bare = Fastify();
    registerAuth(bare, { db: database.db, clock: systemClock });
    expect(() => bare.get('/api/v1/undeclared', async () => ({}))).toThrow(/declares no permission/);
    await bare.close();
  });
});
