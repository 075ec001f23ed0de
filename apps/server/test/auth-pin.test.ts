import { describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { withStaffedApp, type StaffedApp } from './support/staffed-app.ts';
import { aTestClock } from './support/clock.ts';
import { aSessionFor } from './support/scenarios.ts';

describe.each(DIALECTS)('registers: enrolment and PIN sign-in on %s', (dialect) => {
  const clock = aTestClock();
  let { database, shop, app } = {} as StaffedApp;
  withStaffedApp(dialect, clock, (started) => ({ database, shop, app } = started));

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const managerSession = async () =>
    (await aSessionFor(database.db, shop, shop.managerA.id, { now: clock.iso() })).token;
  const pin = (credential: string, staffId: string, value: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/pin',
      headers: bearer(credential),
      payload: { staffId, pin: value },
    });
  const audits = (action: string) =>
    database.db.selectFrom('audit_events').selectAll().where('action', '=', action).execute();

  it('enrols a device with a one-time code that works once and expires in 15 minutes', async () => {
    const registerId = shop.stores[0]!.registerIds[0]!;
    const created = await app.inject({
      method: 'POST',
      url: `/api/v1/registers/${registerId}/enrolment-codes`,
      headers: bearer(await managerSession()),
      payload: { deviceName: 'iPad 1' },
    });
    expect(created.statusCode).toBe(201);
    const { code } = created.json();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const enrolled = await app.inject({
      method: 'POST',
      url: '/api/v1/devices/enrol',
      payload: { code: code.toLowerCase() },
    });
    expect(enrolled.statusCode).toBe(201);
    expect(enrolled.json()).toMatchObject({ registerId, storeId: shop.stores[0]!.id });
    expect(enrolled.json().credential).toMatch(/^ksd_/);
    const again = await app.inject({ method: 'POST', url: '/api/v1/devices/enrol', payload: { code } });
    expect(again.statusCode).toBe(401);
    const staff = await app.inject({
      method: 'GET',
      url: '/api/v1/devices/me/staff',
      headers: bearer(enrolled.json().credential),
    });
    expect(staff.statusCode).toBe(200);
    const names = staff.json().items.map((s: { name: string }) => s.name);
    expect(names).toEqual(['Anna Manager', 'Cas Cashier', 'Olga Owner']);
    expect(Object.keys(staff.json().items[0]).sort()).toEqual(['id', 'locale', 'name']);
    const late = (
      await app.inject({
        method: 'POST',
        url: `/api/v1/registers/${registerId}/enrolment-codes`,
        headers: bearer(await managerSession()),
        payload: {},
      })
    ).json().code;
    clock.advanceMinutes(16);
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/devices/enrol', payload: { code: late } }))
        .statusCode,
    ).toBe(401);
    expect((await audits('device.enrolled')).length).toBe(1);
  });

  it('refuses enrolment codes to cashiers and for another store’s register', async () => {
    const cashier = (
      await aSessionFor(database.db, shop, shop.cashierA.id, { kind: 'register', now: clock.iso() })
    ).token;
    const own = await app.inject({
      method: 'POST',
      url: `/api/v1/registers/${shop.stores[0]!.registerIds[0]}/enrolment-codes`,
      headers: bearer(cashier),
      payload: {},
    });
    expect(own.statusCode).toBe(403);
    const other = await app.inject({
      method: 'POST',
      url: `/api/v1/registers/${shop.stores[1]!.registerIds[0]}/enrolment-codes`,
      headers: bearer(await managerSession()),
      payload: {},
    });
    expect(other.statusCode).toBe(404);
  });

  it('signs in with a PIN on the device, and a PIN switch ends the previous session', async () => {
    const first = await pin(shop.deviceA.credential, shop.cashierA.id, '3333');
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ kind: 'register', staffId: shop.cashierA.id });
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: bearer(first.json().token),
    });
    expect(me.json()).toMatchObject({
      sessionKind: 'register',
      storeId: shop.stores[0]!.id,
      deviceId: shop.deviceA.id,
      discountLimitBp: 1000,
    });
    const switched = await pin(first.json().token, shop.managerA.id, '2222');
    expect(switched.statusCode).toBe(200);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(first.json().token) }))
        .statusCode,
    ).toBe(401);
  });

  it('answers staff of another store exactly like a wrong PIN', async () => {
    const otherStore = await pin(shop.deviceA.credential, shop.cashierB.id, '4444');
    const unknown = await pin(shop.deviceA.credential, '01900000-0000-7000-8000-000000000009', '4444');
    expect(otherStore.statusCode).toBe(401);
    expect(otherStore.json()).toEqual(unknown.json());
    await database.db.updateTable('devices').set({ failed_pin_streak: 0, pin_retry_after: null }).execute();
  });

  it('backs off a device after 3 wrong PINs in a row: 429 with Retry-After, no PIN checked', async () => {
    for (let i = 0; i < 3; i++)
      expect((await pin(shop.deviceA.credential, shop.managerA.id, '9999')).statusCode).toBe(401);
    const blocked = await pin(shop.deviceA.credential, shop.managerA.id, '2222');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBe('30');
    expect(blocked.json().error.code).toBe('AUTH_DEVICE_BACKOFF');
    clock.advanceSeconds(30);
    expect((await pin(shop.deviceA.credential, shop.managerA.id, '2222')).statusCode).toBe(200);
  });

  it('locks a staff member after 5 wrong PINs for 30 minutes until a manager unlocks, audited', async () => {
    const other = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/devices/enrol',
        payload: {
          code: (
            await app.inject({
              method: 'POST',
              url: `/api/v1/registers/${shop.stores[0]!.registerIds[0]}/enrolment-codes`,
              headers: bearer(await managerSession()),
              payload: {},
            })
          ).json().code,
        },
      })
    ).json().credential;
    let last = await pin(shop.deviceA.credential, shop.cashierA.id, '0000');
    for (let i = 1; i < 5; i++) {
      clock.advanceSeconds(31);
      last = await pin(i % 2 ? other : shop.deviceA.credential, shop.cashierA.id, '0000');
    }
    expect(last.statusCode).toBe(429);
    expect(last.json().error.code).toBe('AUTH_STAFF_LOCKED');
    clock.advanceSeconds(31);
    const correct = await pin(other, shop.cashierA.id, '3333');
    expect(correct.statusCode).toBe(429);
    expect(Number(correct.headers['retry-after'])).toBeGreaterThan(25 * 60);
    expect((await audits('staff.locked')).some((e) => e.target_id === shop.cashierA.id)).toBe(true);
    const unlock = await app.inject({
      method: 'POST',
      url: `/api/v1/staff/${shop.cashierA.id}/unlock`,
      headers: bearer(await managerSession()),
    });
    expect(unlock.statusCode).toBe(204);
    clock.advanceSeconds(31);
    expect((await pin(other, shop.cashierA.id, '3333')).statusCode).toBe(200);
  });

  it('makes 10,000 PIN guesses from one device take more than a day', async () => {
    // Per lockout.ts: after the 3rd failure in a row every attempt waits 30 s.
    const { LOCKOUT_POLICY } = await import('../src/modules/auth/index.ts');
    const seconds = (10_000 - LOCKOUT_POLICY.deviceFreeFailures) * LOCKOUT_POLICY.deviceBackoffSeconds;
    expect(seconds).toBeGreaterThan(86_400);
  });

  it('refuses PIN sign-in without a device, and with a back-office session', async () => {
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/auth/pin',
          payload: { staffId: shop.cashierA.id, pin: '3333' },
        })
      ).statusCode,
    ).toBe(401);
    const office = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/pin',
      headers: bearer(await managerSession()),
      payload: { staffId: shop.cashierA.id, pin: '3333' },
    });
    expect(office.statusCode).toBe(403);
    const badPin = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/pin',
      headers: bearer(shop.deviceA.credential),
      payload: { staffId: shop.cashierA.id, pin: "1' OR '1'='1" },
    });
    expect(badPin.statusCode).toBe(400);
  });

  it('refuses a revoked device at once', async () => {
    await database.db
      .updateTable('devices')
      .set({ revoked_at: clock.iso() })
      .where('id', '=', shop.deviceB.id)
      .execute();
    expect((await pin(shop.deviceB.credential, shop.cashierB.id, '4444')).statusCode).toBe(401);
  });
});
