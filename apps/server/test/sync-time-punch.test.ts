import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';
import { DIALECTS, type TestDatabase } from './support/databases.ts';
import { startStaffedApp } from './support/staffed-app.ts';
import { aTestClock } from './support/clock.ts';
import { aSessionFor, type StaffedShop } from './support/scenarios.ts';

// Issue 4: clock-ins are outbox items like sales. A register that was offline
// delivers its punches later; each is recorded once, in its place in time.
describe.each(DIALECTS)('time clock punches through the register outbox on %s', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let shop: StaffedShop;
  const clock = aTestClock('2026-11-27T18:00:00.000Z');

  beforeAll(async () => {
    ({ database, shop, app } = await startStaffedApp(dialect, clock));
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const registerA = () => shop.stores[0]!.registerIds[0]!;
  const push = (token: string, items: unknown[], registerId = registerA()) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/sync/push',
      headers: { authorization: `Bearer ${token}` },
      payload: { registerId, items },
    });
  const punchItem = (staffId: string, type: string, occurredAt: string, id = uuidv7()) => ({
    id,
    kind: 'time_punch',
    payload: { type, staffId, occurredAt },
  });
  const entriesOf = async (staffId: string) =>
    database.db
      .selectFrom('time_entries')
      .select(['id', 'type', 'at', 'device_id', 'store_id'])
      .where('staff_id', '=', staffId)
      .orderBy('at')
      .execute();
  const statuses = (res: { json(): { results: Array<{ status: string }> } }) =>
    res.json().results.map((r) => r.status);

  it('records punches made offline once each, in time order, with the device and store; a resend is all duplicates', async () => {
    const person = shop.cashierA.id;
    const items = [
      punchItem(person, 'clock_in', '2026-11-27T09:00:00.000Z'),
      punchItem(person, 'break_start', '2026-11-27T12:00:00.000Z'),
      punchItem(person, 'break_end', '2026-11-27T12:30:00.000Z'),
      punchItem(person, 'clock_out', '2026-11-27T17:00:00.000Z'),
    ];
    const first = await push(shop.deviceA.credential, items);
    expect(first.statusCode).toBe(200);
    expect(statuses(first)).toEqual(['recorded', 'recorded', 'recorded', 'recorded']);
    const again = await push(shop.deviceA.credential, items);
    expect(statuses(again)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
    const entries = await entriesOf(person);
    expect(entries.map((e) => [e.id, e.type, e.at])).toEqual(
      items.map((i) => [i.id, i.payload.type, i.payload.occurredAt]),
    );
    expect(new Set(entries.map((e) => e.device_id))).toEqual(new Set([shop.deviceA.id]));
    expect(new Set(entries.map((e) => e.store_id))).toEqual(new Set([shop.stores[0]!.id]));

    // The hours report counts them: 8 h minus a 30-minute break.
    const manager = await aSessionFor(database.db, shop, shop.managerA.id, { now: clock.iso() });
    const hours = await app.inject({
      method: 'GET',
      url: `/api/v1/timeclock/hours?storeId=${shop.stores[0]!.id}&from=2026-11-27&to=2026-11-27`,
      headers: { authorization: `Bearer ${manager.token}` },
    });
    expect(hours.statusCode).toBe(200);
    const mine = hours.json().staff.find((s: { staffId: string }) => s.staffId === person);
    expect(mine.total).toMatchObject({ workedMinutes: 450, breakMinutes: 30 });
  });

  it('places a punch delivered late between the entries around it, and refuses one that cannot fit', async () => {
    const person = shop.managerA.id;
    const morning = punchItem(person, 'clock_in', '2026-11-26T08:00:00.000Z');
    const evening = punchItem(person, 'clock_out', '2026-11-26T16:00:00.000Z');
    expect(statuses(await push(shop.deviceA.credential, [morning, evening]))).toEqual([
      'recorded',
      'recorded',
    ]);
    // A break taken offline arrives afterwards: it fits between the two.
    const breakStart = punchItem(person, 'break_start', '2026-11-26T12:00:00.000Z');
    const breakEnd = punchItem(person, 'break_end', '2026-11-26T12:15:00.000Z');
    expect(statuses(await push(shop.deviceA.credential, [breakStart, breakEnd]))).toEqual([
      'recorded',
      'recorded',
    ]);
    // A second clock-in inside the shift cannot follow a clock-in, a break end not a break end:
    // refused with the reason, nothing written.
    const before = await entriesOf(person);
    const inside = punchItem(person, 'clock_in', '2026-11-26T10:00:00.000Z');
    const twice = punchItem(person, 'break_end', '2026-11-26T12:20:00.000Z');
    const refused = await push(shop.deviceA.credential, [inside, twice]);
    expect(statuses(refused)).toEqual(['rejected', 'rejected']);
    expect(refused.json().results.map((r: { error: { code: string } }) => r.error.code)).toEqual([
      'TIMECLOCK_INVALID_TRANSITION',
      'TIMECLOCK_INVALID_TRANSITION',
    ]);
    expect(refused.json().results[0].error.message).toContain('the entry before it is clock in');
    expect(await entriesOf(person)).toEqual(before);
  });

  it('refuses punches for someone outside the store, from another register, from a non-device caller, in the future or reusing an id', async () => {
    const owner = await aSessionFor(database.db, shop, shop.owner.id, { now: clock.iso() });
    const cases = [
      // Bo works in store B only.
      {
        token: shop.deviceA.credential,
        item: punchItem(shop.cashierB.id, 'clock_in', '2026-11-27T09:00:00.000Z'),
        code: 'TIMECLOCK_STAFF_NOT_HERE',
      },
      {
        token: shop.deviceA.credential,
        item: punchItem(uuidv7(), 'clock_in', '2026-11-27T09:00:00.000Z'),
        code: 'TIMECLOCK_STAFF_NOT_HERE',
      },
      // A back-office session is no register.
      {
        token: owner.token,
        item: punchItem(shop.owner.id, 'clock_in', '2026-11-27T09:00:00.000Z'),
        code: 'SYNC_DEVICE_REQUIRED',
      },
      {
        token: shop.deviceA.credential,
        item: punchItem(shop.owner.id, 'clock_in', '2026-11-27T19:00:00.000Z'),
        code: 'TIMECLOCK_PUNCH_IN_FUTURE',
      },
    ];
    for (const c of cases) {
      const res = await push(c.token, [c.item]);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().results[0], res.body).toMatchObject({ status: "rejected", error: { code: c.code } });
    }
    // Device A pushing for store B's register.
    const other = await push(
      shop.deviceA.credential,
      [punchItem(shop.owner.id, 'clock_in', '2026-11-27T09:00:00.000Z')],
      shop.stores[1]!.registerIds[0]!,
    );
    expect(other.statusCode === 200 ? other.json().results[0].status : other.statusCode).not.toBe('recorded');
    expect(await entriesOf(shop.owner.id)).toEqual([]);

    const punch = punchItem(shop.owner.id, 'clock_in', '2026-11-27T09:00:00.000Z');
    expect(statuses(await push(shop.deviceA.credential, [punch]))).toEqual(['recorded']);
    const reused = await push(shop.deviceA.credential, [
      { ...punch, payload: { ...punch.payload, type: 'clock_out' } },
    ]);
    expect(reused.json().results[0]).toMatchObject({
      status: 'rejected',
      error: { code: 'SYNC_ITEM_REUSED' },
    });
    expect((await entriesOf(shop.owner.id)).map((e) => e.type)).toEqual(['clock_in']);
  });

  it('records a punch pushed twice at the same moment once', async () => {
    const punch = punchItem(shop.cashierA.id, 'clock_in', '2026-11-25T09:00:00.000Z');
    const results = await Promise.all(
      Array.from({ length: 6 }, () => push(shop.deviceA.credential, [punch])),
    );
    const all = results.flatMap((r) => statuses(r));
    expect(all.filter((s) => s === 'recorded')).toHaveLength(1);
    expect(all.filter((s) => s === 'duplicate')).toHaveLength(5);
    const rows = await database.db
      .selectFrom('time_entries')
      .select('id')
      .where('id', '=', punch.id)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('refuses a malformed punch with the field named', async () => {
    const res = await push(shop.deviceA.credential, [
      {
        id: uuidv7(),
        kind: 'time_punch',
        payload: { type: 'lunch', staffId: shop.cashierA.id, occurredAt: '2026-11-27T09:00:00.000Z' },
      },
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('type');
  });
});
