import { describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { aTestClock } from './support/clock.ts';
import { withStaffedApp, type StaffedApp } from './support/staffed-app.ts';

const REFUSED_CODE = 'AUTH_INVALID_CREDENTIALS';

describe.each(DIALECTS)('back-office sign-in on %s', (dialect) => {
  const clock = aTestClock();
  let { database, shop, app } = {} as StaffedApp;
  withStaffedApp(dialect, clock, (started) => ({ database, shop, app } = started));

  const login = (email: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  const audit = (action: string) =>
    database.db.selectFrom('audit_events').selectAll().where('action', '=', action).execute();

  it('signs in with e-mail and password, sets a strict cookie and returns a CSRF token', async () => {
    const res = await login('Owner@Test.nl ', 'owner-password-123');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ kind: 'backOffice', staffId: shop.owner.id, idleTimeoutSeconds: 900 });
    expect(body.token).toMatch(/^kss_/);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain(`kassa_session=${body.token}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
    const stored = await database.db
      .selectFrom('sessions')
      .select(['token_hash', 'csrf_hash'])
      .where('staff_id', '=', shop.owner.id)
      .execute();
    expect(JSON.stringify(stored)).not.toContain(body.token);
    expect((await audit('auth.login_succeeded')).length).toBeGreaterThan(0);
  });

  it('issues a new session id at every sign-in', async () => {
    const first = (await login('owner@test.nl', 'owner-password-123')).json().token;
    const second = (await login('owner@test.nl', 'owner-password-123')).json().token;
    expect(first).not.toBe(second);
  });

  it('answers a wrong password and an unknown e-mail identically', async () => {
    const wrong = await login('manager.a@test.nl', 'not-the-password');
    const unknown = await login('nobody@test.nl', 'not-the-password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe(REFUSED_CODE);
    const failures = await audit('auth.login_failed');
    expect(failures.map((f) => JSON.parse(f.details).reason)).toEqual(
      expect.arrayContaining(['unknown', 'wrong_password']),
    );
    await app.inject({
      method: 'POST',
      url: `/api/v1/staff/${shop.managerA.id}/unlock`,
      headers: {
        authorization: `Bearer ${(await login('owner@test.nl', 'owner-password-123')).json().token}`,
      },
    });
  });

  it('uses the session as Bearer and via the cookie, and /auth/me names the person', async () => {
    const { token } = (await login('manager.a@test.nl', 'manager-password-123')).json();
    const bearer = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(bearer.json()).toMatchObject({
      kind: 'staffSession',
      id: shop.managerA.id,
      sessionKind: 'backOffice',
      storeIds: [shop.stores[0]!.id],
    });
    expect(bearer.json().permissions['staff.manage']).toBe('allow');
    expect(bearer.json().permissions['settings.manage']).toBeUndefined();
    const cookie = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      cookies: { kassa_session: token },
    });
    expect(cookie.statusCode).toBe(200);
  });

  it('refuses state changes made with the cookie without the right X-CSRF-Token', async () => {
    const { token, csrfToken } = (await login('owner@test.nl', 'owner-password-123')).json();
    const body = { name: 'CSRF Victim Role', discountLimitBp: 0, permissions: {} };
    const none = await app.inject({
      method: 'POST',
      url: '/api/v1/roles',
      cookies: { kassa_session: token },
      payload: body,
    });
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/roles',
      cookies: { kassa_session: token },
      headers: { 'x-csrf-token': 'forged' },
      payload: body,
    });
    expect([none.statusCode, wrong.statusCode]).toEqual([403, 403]);
    expect(none.json().error.code).toBe('AUTH_CSRF_FAILED');
    expect(
      await database.db.selectFrom('roles').select('id').where('name', '=', body.name).execute(),
    ).toEqual([]);
    const right = await app.inject({
      method: 'POST',
      url: '/api/v1/roles',
      cookies: { kassa_session: token },
      headers: { 'x-csrf-token': csrfToken },
      payload: body,
    });
    expect(right.statusCode).toBe(201);
    const viaBearer = await app.inject({
      method: 'POST',
      url: '/api/v1/roles',
      headers: { authorization: `Bearer ${token}` },
      payload: { ...body, name: 'Bearer Role' },
    });
    expect(viaBearer.statusCode).toBe(201);
  });

  it('ends the session at once on logout', async () => {
    const { token } = (await login('owner@test.nl', 'owner-password-123')).json();
    const out = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0/);
    const after = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('AUTH_SESSION_EXPIRED');
  });

  it('expires a back-office session after 15 idle minutes and refreshes it on use', async () => {
    const { token } = (await login('owner@test.nl', 'owner-password-123')).json();
    const me = () =>
      app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    clock.advanceMinutes(10);
    expect((await me()).statusCode).toBe(200);
    clock.advanceMinutes(10);
    expect((await me()).statusCode).toBe(200);
    clock.advanceMinutes(16);
    expect((await me()).statusCode).toBe(401);
  });

  it('writes last_seen at most once a minute', async () => {
    const { token } = (await login('owner@test.nl', 'owner-password-123')).json();
    const lastSeen = async () =>
      (
        await database.db
          .selectFrom('sessions')
          .select('last_seen_at')
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(1)
          .executeTakeFirstOrThrow()
      ).last_seen_at;
    const before = await lastSeen();
    clock.advanceSeconds(30);
    await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await lastSeen()).toBe(before);
    clock.advanceSeconds(31);
    await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await lastSeen()).not.toBe(before);
  });

  it('refuses forged, malformed and unknown credentials with 401', async () => {
    for (const header of [
      'Bearer kss_forged',
      'Bearer kassa_forged',
      'Bearer ksd_forged',
      'Bearer nonsense',
      'Basic b3duZXI6cHc=',
      `Bearer ${'x'.repeat(5000)}`,
    ]) {
      const res = await app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { authorization: header },
      });
      expect({ header: header.slice(0, 30), status: res.statusCode }).toEqual({
        header: header.slice(0, 30),
        status: 401,
      });
    }
    const cookie = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      cookies: { kassa_session: 'kss_forged' },
    });
    expect(cookie.statusCode).toBe(401);
  });

  it('refuses malformed and oversized sign-in bodies without touching anything', async () => {
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(malformed.statusCode).toBe(400);
    const extra = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'owner@test.nl', password: 'x', role: 'owner' },
    });
    expect(extra.statusCode).toBe(400);
    const huge = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'owner@test.nl', password: 'x'.repeat(100_000) },
    });
    expect(huge.statusCode).toBe(413);
    const injection = await login("' OR 1=1 --", "' OR '1'='1");
    expect(injection.statusCode).toBe(401);
  });

  it('locks password sign-in after 10 wrong passwords for 30 minutes, audited, and a manager can unlock', async () => {
    for (let i = 0; i < 10; i++)
      expect((await login('manager.a@test.nl', `wrong-password-${i}`)).statusCode).toBe(401);
    const locked = await login('manager.a@test.nl', 'manager-password-123');
    expect(locked.statusCode).toBe(401);
    expect(locked.json().error.code).toBe(REFUSED_CODE);
    expect((await audit('staff.locked')).some((e) => e.target_id === shop.managerA.id)).toBe(true);
    clock.advanceMinutes(31);
    expect((await login('manager.a@test.nl', 'manager-password-123')).statusCode).toBe(200);
    for (let i = 0; i < 10; i++) await login('manager.a@test.nl', `wrong-again-${i}`);
    expect((await login('manager.a@test.nl', 'manager-password-123')).statusCode).toBe(401);
    const owner = (await login('owner@test.nl', 'owner-password-123')).json().token;
    const unlock = await app.inject({
      method: 'POST',
      url: `/api/v1/staff/${shop.managerA.id}/unlock`,
      headers: { authorization: `Bearer ${owner}` },
    });
    expect(unlock.statusCode).toBe(204);
    expect((await login('manager.a@test.nl', 'manager-password-123')).statusCode).toBe(200);
    expect((await audit('staff.unlocked')).length).toBeGreaterThan(0);
  });
});
