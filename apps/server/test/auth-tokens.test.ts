import { describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { withStaffedApp, type StaffedApp } from './support/staffed-app.ts';
import { aTestClock } from './support/clock.ts';
import { aSessionFor } from './support/scenarios.ts';

describe.each(DIALECTS)('API tokens on %s', (dialect) => {
  const clock = aTestClock();
  let { database, shop, app } = {} as StaffedApp;
  withStaffedApp(dialect, clock, (started) => ({ database, shop, app } = started));

  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const owner = async () => (await aSessionFor(database.db, shop, shop.owner.id, { now: clock.iso() })).token;
  const create = async (payload: Record<string, unknown>, token?: string) =>
    app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: as(token ?? (await owner())), payload });

  it('creates a scoped, named, expiring token shown once and stored hashed', async () => {
    const res = await create({
      name: 'Webshop',
      scopes: ['stock:read', 'catalog:read'],
      expiresAt: '2027-06-30T00:00:00Z',
    });
    expect(res.statusCode).toBe(201);
    const { token, id } = res.json();
    expect(token).toMatch(/^kassa_/);
    const list = await app.inject({ method: 'GET', url: '/api/v1/api-tokens', headers: as(await owner()) });
    expect(list.body).not.toContain(token);
    expect(list.json().items.find((t: { id: string }) => t.id === id)).toMatchObject({
      name: 'Webshop',
      scopes: ['stock:read', 'catalog:read'],
      expiresAt: '2027-06-30T00:00:00.000Z',
      lastUsedAt: null,
    });
    const row = await database.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it('records last use at most once a minute and revokes with immediate effect', async () => {
    const { token, id } = (await create({ name: 'Integration', scopes: ['staff:read'] })).json();
    const read = () => app.inject({ method: 'GET', url: '/api/v1/staff', headers: as(token) });
    expect((await read()).statusCode).toBe(200);
    const lastUsed = async () =>
      (
        await database.db
          .selectFrom('api_tokens')
          .select('last_used_at')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).last_used_at;
    const first = await lastUsed();
    expect(first).toBe(clock.iso());
    clock.advanceSeconds(20);
    await read();
    expect(await lastUsed()).toBe(first);
    clock.advanceSeconds(50);
    await read();
    expect(await lastUsed()).toBe(clock.iso());
    const revoked = await app.inject({
      method: 'DELETE',
      url: `/api/v1/api-tokens/${id}`,
      headers: as(await owner()),
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).toBe(clock.iso());
    expect((await read()).statusCode).toBe(401);
    const audit = await database.db
      .selectFrom('audit_events')
      .select('action')
      .where('target_id', '=', id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['api_token.created', 'api_token.revoked']);
  });

  it('refuses an expired token', async () => {
    const { token } = (
      await create({
        name: 'Short',
        scopes: ['staff:read'],
        expiresAt: new Date(clock.now().getTime() + 60_000).toISOString(),
      })
    ).json();
    clock.advanceMinutes(2);
    expect((await app.inject({ method: 'GET', url: '/api/v1/staff', headers: as(token) })).statusCode).toBe(
      401,
    );
  });

  it('refuses scopes the creator does not hold, unknown scopes and a * token from a non-owner', async () => {
    const limited = (await create({ name: 'Limited', scopes: ['integrations:manage'] })).json().token;
    const escalate = await create({ name: 'Escalate', scopes: ['staff:manage'] }, limited);
    expect(escalate.statusCode).toBe(403);
    expect(escalate.json().error.code).toBe('AUTH_SCOPE_NOT_HELD');
    expect((await create({ name: 'All', scopes: ['*'] }, limited)).statusCode).toBe(403);
    expect((await create({ name: 'Typo', scopes: ['catalog:raed'] })).statusCode).toBe(422);
    expect(
      (await create({ name: 'Past', scopes: ['catalog:read'], expiresAt: '2020-01-01T00:00:00Z' }))
        .statusCode,
    ).toBe(422);
    expect(
      (await create({ name: "x'); drop table api_tokens; --", scopes: ["catalog:read' or '1'='1"] }))
        .statusCode,
    ).toBe(400);
    const manager = (await aSessionFor(database.db, shop, shop.managerA.id, { now: clock.iso() })).token;
    expect((await create({ name: 'Manager token', scopes: ['catalog:read'] }, manager)).statusCode).toBe(403);
    expect(
      await database.db
        .selectFrom('api_tokens')
        .select('id')
        .where('name', 'in', ['Escalate', 'All', 'Typo', 'Past', 'Manager token'])
        .execute(),
    ).toEqual([]);
  });

  it('still accepts the foundation tokens with module:action scopes and *', async () => {
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/roles', headers: as(shop.ownerToken) })).statusCode,
    ).toBe(200);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/roles', headers: as(shop.readOnlyToken) })).statusCode,
    ).toBe(403);
  });
});
