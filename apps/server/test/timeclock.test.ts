import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { computeHours, isoWeek } from '../src/modules/staff/hours.ts';
import { DIALECTS, type TestDatabase } from './support/databases.ts';
import { startStaffedApp } from './support/staffed-app.ts';
import { aTestClock } from './support/clock.ts';
import { aSessionFor, type StaffedShop } from './support/scenarios.ts';

describe('computeHours', () => {
  const at = (hhmm: string, day = '27') => `2026-11-${day}T${hhmm}:00.000Z`;
  it('rounds labour cost half up once per day and sums weeks from days', () => {
    // 30 minutes at 1 cent an hour = 0.5 cent → 1 cent.
    const hours = computeHours(
      [
        { staffId: 's', type: 'clock_in', at: at('08:00'), hourlyWage: 1 },
        { staffId: 's', type: 'clock_out', at: at('08:30'), hourlyWage: 1 },
      ],
      { timeZone: 'Europe/Amsterdam', from: '2026-11-27', to: '2026-11-27' },
    );
    expect(hours.days).toEqual([{ date: '2026-11-27', workedMinutes: 30, breakMinutes: 0, labourCost: 1 }]);
    expect(hours.weeks).toEqual([{ week: '2026-W48', workedMinutes: 30, breakMinutes: 0, labourCost: 1 }]);
  });
  it('counts a shift on the business day it started in the store’s zone', () => {
    const hours = computeHours(
      [
        { staffId: 's', type: 'clock_in', at: at('23:30'), hourlyWage: 1200 },
        { staffId: 's', type: 'clock_out', at: '2026-11-28T03:30:00.000Z', hourlyWage: 1200 },
      ],
      { timeZone: 'Europe/Amsterdam', from: '2026-11-27', to: '2026-11-28' },
    );
    expect(hours.days.map((d) => d.date)).toEqual(['2026-11-28']);
    expect(hours.total).toEqual({ workedMinutes: 240, breakMinutes: 0, labourCost: 4800 });
  });
  it('names ISO weeks across a year end', () => {
    expect([
      isoWeek('2026-12-31'),
      isoWeek('2027-01-01'),
      isoWeek('2027-01-04'),
      isoWeek('2026-01-01'),
    ]).toEqual(['2026-W53', '2026-W53', '2027-W01', '2026-W01']);
  });
});

describe.each(DIALECTS)('the time clock on %s', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let shop: StaffedShop;
  const clock = aTestClock('2026-11-27T08:00:00.000Z');

  beforeAll(async () => {
    ({ database, shop, app } = await startStaffedApp(dialect, clock));
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const punch = (token: string, what: string, payload: Record<string, unknown> = {}) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/timeclock/${what}`,
      headers: { authorization: `Bearer ${token}` },
      payload,
    });
  const register = async (staffId: string) =>
    (await aSessionFor(database.db, shop, staffId, { kind: 'register', now: clock.iso() })).token;
  const manager = async () =>
    (await aSessionFor(database.db, shop, shop.managerA.id, { now: clock.iso() })).token;
  const hours = async () =>
    (
      await app.inject({
        method: 'GET',
        url: `/api/v1/timeclock/hours?storeId=${shop.stores[0]!.id}&from=2026-11-23&to=2026-11-29`,
        headers: { authorization: `Bearer ${await manager()}` },
      })
    ).json();

  it('clocks the signed-in cashier in, through a break and out, and reports hours and labour cost', async () => {
    // Register sessions end after an hour idle, so each punch signs in anew, as at a real till.
    expect((await punch(await register(shop.cashierA.id), 'clock-in')).statusCode).toBe(201);
    clock.advanceMinutes(180);
    expect((await punch(await register(shop.cashierA.id), 'break-start')).statusCode).toBe(201);
    clock.advanceMinutes(30);
    expect((await punch(await register(shop.cashierA.id), 'break-end')).statusCode).toBe(201);
    clock.advanceMinutes(271);
    const out = await punch(await register(shop.cashierA.id), 'clock-out');
    expect(out.json()).toMatchObject({
      staffId: shop.cashierA.id,
      storeId: shop.stores[0]!.id,
      type: 'clock_out',
    });
    const report = await hours();
    const cas = report.staff.find((s: { staffId: string }) => s.staffId === shop.cashierA.id);
    // 481 min − 30 min break = 451 min × €14.50 / 60 = 10899.17 → 10899 cents.
    expect(cas.days).toEqual([
      { date: '2026-11-27', workedMinutes: 451, breakMinutes: 30, labourCost: 10899 },
    ]);
    expect(cas.weeks).toEqual([
      { week: '2026-W48', workedMinutes: 451, breakMinutes: 30, labourCost: 10899 },
    ]);
    expect(cas.openEntry).toBe(false);
  });

  it('refuses punches out of order', async () => {
    const cashier = await register(shop.cashierA.id);
    const res = await punch(cashier, 'clock-out');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('TIMECLOCK_INVALID_TRANSITION');
    expect((await punch(cashier, 'break-end')).statusCode).toBe(409);
  });

  it('clocks someone else in on the device only with their PIN', async () => {
    expect((await punch(shop.deviceA.credential, 'clock-in', { staffId: shop.managerA.id })).statusCode).toBe(
      422,
    );
    expect(
      (await punch(shop.deviceA.credential, 'clock-in', { staffId: shop.managerA.id, pin: '9999' }))
        .statusCode,
    ).toBe(401);
    expect(
      (await punch(shop.deviceA.credential, 'clock-in', { staffId: shop.cashierB.id, pin: '4444' }))
        .statusCode,
    ).toBe(401);
    const ok = await punch(shop.deviceA.credential, 'clock-in', { staffId: shop.managerA.id, pin: '2222' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().staffId).toBe(shop.managerA.id);
    await expect(
      hours().then((r) => r.staff.find((s: { staffId: string }) => s.staffId === shop.managerA.id).openEntry),
    ).resolves.toBe(true);
  });

  it('lets a manager correct an entry with a reason, keeping the original; cashiers may not', async () => {
    const listed = await app.inject({
      method: 'GET',
      url: `/api/v1/timeclock/entries?storeId=${shop.stores[0]!.id}&from=2026-11-27&to=2026-11-27&staffId=${shop.cashierA.id}`,
      headers: { authorization: `Bearer ${await manager()}` },
    });
    expect(listed.json().items.map((e: { type: string }) => e.type)).toEqual(['clock_in', 'break_start', 'break_end', 'clock_out']);
    const entry = await database.db
      .selectFrom('time_entries')
      .select(['id', 'at'])
      .where('staff_id', '=', shop.cashierA.id)
      .where('type', '=', 'clock_out')
      .executeTakeFirstOrThrow();
    const body = { at: '2026-11-27T16:00:00.000Z', reason: 'Forgot to clock out; left at 17:00' };
    const byCashier = await app.inject({
      method: 'POST',
      url: `/api/v1/timeclock/entries/${entry.id}/corrections`,
      headers: { authorization: `Bearer ${await register(shop.cashierA.id)}` },
      payload: body,
    });
    expect(byCashier.statusCode).toBe(403);
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/timeclock/entries/${entry.id}/corrections`,
      headers: { authorization: `Bearer ${await manager()}` },
      payload: body,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      at: '2026-11-27T16:00:00.000Z',
      originalAt: entry.at,
      corrections: [{ reason: body.reason, correctedBy: shop.managerA.id }],
    });
    const stored = await database.db
      .selectFrom('time_entries')
      .select('at')
      .where('id', '=', entry.id)
      .executeTakeFirstOrThrow();
    expect(stored.at).toBe(entry.at);
    const cas = (await hours()).staff.find((s: { staffId: string }) => s.staffId === shop.cashierA.id);
    expect(cas.total.workedMinutes).toBe(450);
    const noReason = await app.inject({
      method: 'POST',
      url: `/api/v1/timeclock/entries/${entry.id}/corrections`,
      headers: { authorization: `Bearer ${await manager()}` },
      payload: { at: body.at },
    });
    expect(noReason.statusCode).toBe(400);
  });

  it('refuses bad periods and injection strings in the hours filters', async () => {
    const token = await manager();
    for (const query of ['from=2026-11-29&to=2026-11-01', 'from=2026-01-01&to=2026-12-31']) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/timeclock/hours?storeId=${shop.stores[0]!.id}&${query}`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.statusCode).toBe(422);
    }
    for (const query of [
      "from=2026-11-01' OR '1'='1&to=2026-11-02",
      `storeId=x'--&from=2026-11-01&to=2026-11-02`,
      `staffId=' OR 1=1&from=2026-11-01&to=2026-11-02`,
    ]) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/timeclock/hours?storeId=${shop.stores[0]!.id}&${query}`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect({ query, status: res.statusCode }).toEqual({ query, status: 400 });
    }
  });
});
