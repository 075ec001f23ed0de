import { describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { withStaffedApp, type StaffedApp } from './support/staffed-app.ts';
import { aTestClock } from './support/clock.ts';

// The register computes every sale with its store's settings, offline too: it reads them here.
describe.each(DIALECTS)("a device's store and its sale settings on %s", (dialect) => {
  const clock = aTestClock();
  let { database, shop, app } = {} as StaffedApp;
  withStaffedApp(dialect, clock, (started) => ({ database, shop, app } = started));

  const storeOf = (credential?: string) =>
    app.inject({
      method: 'GET',
      url: '/api/v1/devices/me/store',
      headers: credential ? { authorization: `Bearer ${credential}` } : {},
    });

  it("answers the device's own store with the settings the register sells with", async () => {
    const storeB = shop.stores[1]!.id;
    await database.db
      .updateTable('stores')
      .set({ prices_include_tax: 0, tax_rounding: 'perLine', cash_rounding: 'none' })
      .where('id', '=', storeB)
      .execute();
    const a = await storeOf(shop.deviceA.credential);
    expect(a.statusCode).toBe(200);
    expect(a.json()).toMatchObject({
      id: shop.stores[0]!.id,
      currency: 'EUR',
      timeZone: 'Europe/Amsterdam',
      pricesIncludeTax: true,
      taxRounding: 'perDocument',
      cashRounding: 'nearest-5',
      registers: [expect.objectContaining({ id: shop.stores[0]!.registerIds[0] })],
    });
    const b = await storeOf(shop.deviceB.credential);
    expect(b.json()).toMatchObject({ id: storeB, pricesIncludeTax: false, taxRounding: 'perLine', cashRounding: 'none' });
    expect(Object.keys(b.json())).not.toContain('organisationId');
  });

  it('refuses a request without a device credential, and a revoked device', async () => {
    expect((await storeOf()).statusCode).toBe(401);
    expect((await storeOf(shop.ownerToken)).statusCode).toBe(403);
    await database.db.updateTable('devices').set({ revoked_at: clock.iso() }).where('id', '=', shop.deviceB.id).execute();
    expect((await storeOf(shop.deviceB.credential)).statusCode).toBe(401);
  });
});
