import { describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { withStaffedApp, type StaffedApp } from './support/staffed-app.ts';
import { aTestClock } from './support/clock.ts';
import { aSessionFor } from './support/scenarios.ts';

// The register switches to a person's language when they sign in, also offline: the device's
// staff list (kept on the device) carries each person's locale.
describe.each(DIALECTS)("the device's staff list carries each person's language on %s", (dialect) => {
  const clock = aTestClock();
  let { database, shop, app } = {} as StaffedApp;
  withStaffedApp(dialect, clock, (started) => ({ database, shop, app } = started));

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const deviceStaff = async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/devices/me/staff',
      headers: bearer(shop.deviceA.credential),
    });
    expect(res.statusCode).toBe(200);
    return res.json().items as Array<{ id: string; name: string; locale: string }>;
  };

  it('lists the locale kept per staff member, and a changed locale at the next fetch', async () => {
    expect((await deviceStaff()).find((s) => s.id === shop.cashierA.id)).toEqual({
      id: shop.cashierA.id,
      name: 'Cas Cashier',
      locale: 'nl-NL',
    });
    const owner = (await aSessionFor(database.db, shop, shop.owner.id, { now: clock.iso() })).token;
    const current = await app.inject({
      method: 'GET',
      url: `/api/v1/staff/${shop.cashierA.id}`,
      headers: bearer(owner),
    });
    const changed = await app.inject({
      method: 'PUT',
      url: `/api/v1/staff/${shop.cashierA.id}`,
      headers: bearer(owner),
      payload: { version: current.json().version, name: 'Cas Cashier', locale: 'en-GB' },
    });
    expect(changed.statusCode).toBe(200);
    const listed = await deviceStaff();
    expect(listed.find((s) => s.id === shop.cashierA.id)?.locale).toBe('en-GB');
    // Only the person changed: the others keep theirs.
    expect(listed.find((s) => s.id === shop.managerA.id)?.locale).toBe('nl-NL');
  });
});
