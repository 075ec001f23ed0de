import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { ErrorBody } from '@kassa/contracts';
import { registerErrorHandling } from '../src/http/error-handler.ts';
import {
  approvalOf,
  registerAuth,
  registerDeviceRoutes,
  requirePermission,
} from '../src/modules/auth/index.ts';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.ts';
import { aTestClock } from './support/clock.ts';
import { TEST_PEPPER, aSessionFor, aStaffedDutchShop, type StaffedShop } from './support/scenarios.ts';

describe.each(DIALECTS)('manager approvals on %s', (dialect) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let shop: StaffedShop;
  const clock = aTestClock();

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    shop = await aStaffedDutchShop(database.db, clock.iso());
    // A stand-in for the sales module's void route: the permission is what matters here.
    app = Fastify();
    registerErrorHandling(app);
    app.addSchema(ErrorBody);
    const ctx = registerAuth(app, { db: database.db, clock, settings: { pepper: TEST_PEPPER } });
    registerDeviceRoutes(app, ctx);
    app.post('/api/v1/test-sales/:id/void', { config: { permission: 'sales.void' } }, async (request) => ({
      approval: approvalOf(request) ?? null,
    }));
    app.post('/api/v1/test-sales/:id/discount', { config: { permission: 'sales.sell' } }, async (request) => {
      // A data-dependent check, as the sales module does for a discount above the role's limit.
      const approval = await requirePermission(request, 'sales.discount.above_limit');
      return { approvedBy: approval?.approverStaffId ?? null };
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const cashier = async () =>
    (await aSessionFor(database.db, shop, shop.cashierA.id, { kind: 'register', now: clock.iso() })).token;
  const voidSale = (token: string, approval?: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/test-sales/01900000-0000-7000-8000-000000000001/void',
      headers: { authorization: `Bearer ${token}`, ...(approval ? { 'x-kassa-approval': approval } : {}) },
      payload: {},
    });
  const approve = (token: string, approverStaffId: string, pin: string, permission = 'sales.void') =>
    app.inject({
      method: 'POST',
      url: '/api/v1/approvals',
      headers: { authorization: `Bearer ${token}` },
      payload: { approverStaffId, pin, permission, reason: 'wrong item' },
    });

  it('asks a cashier for an approval and accepts a manager’s, once, naming the approver', async () => {
    const token = await cashier();
    const refused = await voidSale(token);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({
      code: 'AUTH_APPROVAL_REQUIRED',
      details: { permission: 'sales.void' },
    });
    const approval = await approve(token, shop.managerA.id, '2222');
    expect(approval.statusCode).toBe(201);
    const approved = await voidSale(token, approval.json().token);
    expect(approved.statusCode).toBe(200);
    expect(approved.json().approval).toMatchObject({
      approverStaffId: shop.managerA.id,
      permission: 'sales.void',
      reason: 'wrong item',
    });
    expect((await voidSale(token, approval.json().token)).statusCode).toBe(403);
    const journal = await database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_id'])
      .where('action', 'in', ['approval.granted', 'approval.used'])
      .execute();
    expect(journal).toEqual(
      expect.arrayContaining([
        { action: 'approval.granted', actor_id: shop.managerA.id },
        { action: 'approval.used', actor_id: shop.cashierA.id },
      ]),
    );
  });

  it('refuses a cashier as approver, a wrong PIN, another permission, and an expired approval', async () => {
    const token = await cashier();
    const byCashier = await approve(token, shop.cashierA.id, '3333');
    expect(byCashier.statusCode).toBe(403);
    expect(byCashier.json().error.code).toBe('AUTH_NOT_APPROVER');
    expect((await approve(token, shop.managerA.id, '9999')).statusCode).toBe(401);
    const forRefund = (await approve(token, shop.managerA.id, '2222', 'sales.refund')).json().token;
    expect((await voidSale(token, forRefund)).statusCode).toBe(403);
    const stale = (await approve(token, shop.managerA.id, '2222')).json().token;
    clock.advanceMinutes(3);
    expect((await voidSale(await cashier(), stale)).json().error.code).toBe('AUTH_APPROVAL_INVALID');
    expect((await voidSale(token, 'ksa_forged')).statusCode).toBe(403);
  });

  it('refuses an approval made on another device', async () => {
    const onB = (
      await aSessionFor(database.db, shop, shop.cashierB.id, {
        kind: 'register',
        storeIndex: 1,
        now: clock.iso(),
      })
    ).token;
    const approvalB = (await approve(onB, shop.managerB.id, '5555')).json().token;
    expect(approvalB).toMatch(/^ksa_/);
    expect((await voidSale(await cashier(), approvalB)).json().error.code).toBe('AUTH_APPROVAL_INVALID');
  });

  it('checks data-dependent permissions in the handler with requirePermission', async () => {
    const token = await cashier();
    const discount = (approval?: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/test-sales/01900000-0000-7000-8000-000000000001/discount',
        headers: { authorization: `Bearer ${token}`, ...(approval ? { 'x-kassa-approval': approval } : {}) },
        payload: {},
      });
    expect((await discount()).json().error.code).toBe('AUTH_APPROVAL_REQUIRED');
    const approval = (await approve(token, shop.managerA.id, '2222', 'sales.discount.above_limit')).json()
      .token;
    expect((await discount(approval)).json()).toEqual({ approvedBy: shop.managerA.id });
    const manager = (
      await aSessionFor(database.db, shop, shop.managerA.id, { kind: 'register', now: clock.iso() })
    ).token;
    const own = await app.inject({
      method: 'POST',
      url: '/api/v1/test-sales/01900000-0000-7000-8000-000000000001/discount',
      headers: { authorization: `Bearer ${manager}` },
      payload: {},
    });
    expect(own.json()).toEqual({ approvedBy: null });
  });
});
