import { pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { withStaffedApp, type StaffedApp } from './support/staffed-app.ts';
import { aTestClock } from './support/clock.ts';
import { aDevice, aDutchShop, aSessionFor } from './support/scenarios.ts';

type OfflinePin = { staffId: string; name: string; algorithm: string; salt: string; iterations: number; verifier: string; managesDevices: boolean };

/** What a register computes from a typed PIN, with Node's own PBKDF2 (not the server's code). */
const derive = (pin: string, entry: OfflinePin) =>
  pbkdf2Sync(pin, Buffer.from(entry.salt, 'base64url'), entry.iterations, 32, 'sha256').toString('base64url');

describe.each(DIALECTS)('offline PIN verifiers on %s', (dialect) => {
  const clock = aTestClock();
  let { database, shop, app } = {} as StaffedApp;
  withStaffedApp(dialect, clock, (started) => ({ database, shop, app } = started));

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const owner = async () => (await aSessionFor(database.db, shop, shop.owner.id, { now: clock.iso() })).token;
  const feed = async (credential: string) => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/devices/me/offline-pins', headers: bearer(credential) });
    return { status: res.statusCode, body: res.body, items: res.statusCode === 200 ? (res.json().items as OfflinePin[]) : [], headers: res.headers };
  };
  const pinSignIn = (credential: string, staffId: string, pin: string) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/pin', headers: bearer(credential), payload: { staffId, pin } });
  const setPin = async (staffId: string, pin: string) =>
    app.inject({ method: 'POST', url: `/api/v1/staff/${staffId}/pin`, headers: bearer(await owner()), payload: { pin } });
  const rows = () => database.db.selectFrom('staff_offline_pins').selectAll().execute();

  it('has no verifier for staff whose PIN predates offline sign-in, and derives one at their first successful online check only', async () => {
    // The scenario inserts PIN hashes directly, as a database from before migration 0010 has them.
    expect(await rows()).toEqual([]);
    expect((await feed(shop.deviceA.credential)).items).toEqual([]);
    const wrong = await pinSignIn(shop.deviceA.credential, shop.cashierA.id, '9999');
    expect(wrong.statusCode).toBe(401);
    expect(await rows()).toEqual([]);
    const right = await pinSignIn(shop.deviceA.credential, shop.cashierA.id, '3333');
    expect(right.statusCode).toBe(200);
    const served = (await feed(shop.deviceA.credential)).items;
    expect(served.map((p) => p.staffId)).toEqual([shop.cashierA.id]);
    const [cas] = served;
    expect(cas).toMatchObject({ name: 'Cas Cashier', algorithm: 'PBKDF2-SHA-256', iterations: 600_000 });
    expect(Buffer.from(cas!.salt, 'base64url')).toHaveLength(16);
    expect(derive('3333', cas!)).toBe(cas!.verifier);
    expect(derive('3334', cas!)).not.toBe(cas!.verifier);
    // A second sign-in keeps the verifier (no new salt on every check).
    await pinSignIn(shop.deviceA.credential, shop.cashierA.id, '3333');
    expect((await feed(shop.deviceA.credential)).items[0]!.salt).toBe(cas!.salt);
  });

  it('derives a new verifier with a new salt when a PIN is set or changed, and a bad PIN changes nothing', async () => {
    const before = (await feed(shop.deviceA.credential)).items.find((p) => p.staffId === shop.cashierA.id)!;
    const bad = await setPin(shop.cashierA.id, '12a4');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('pin');
    expect((await feed(shop.deviceA.credential)).items.find((p) => p.staffId === shop.cashierA.id)).toEqual(before);
    expect((await setPin(shop.cashierA.id, '918273')).statusCode).toBe(204);
    const after = (await feed(shop.deviceA.credential)).items.find((p) => p.staffId === shop.cashierA.id)!;
    expect(after.salt).not.toBe(before.salt);
    expect(derive('918273', after)).toBe(after.verifier);
    expect(derive('3333', after)).not.toBe(after.verifier);
    // Setting a PIN for someone who never had a verifier creates one straight away.
    expect((await setPin(shop.managerA.id, '246802')).statusCode).toBe(204);
    const manager = (await feed(shop.deviceA.credential)).items.find((p) => p.staffId === shop.managerA.id)!;
    expect(derive('246802', manager)).toBe(manager.verifier);
  });

  it('serves verifiers only to devices of the stores where the person works, never to another organisation', async () => {
    expect((await setPin(shop.owner.id, '135791')).statusCode).toBe(204);
    expect((await setPin(shop.cashierB.id, '4444')).statusCode).toBe(204);
    const a = (await feed(shop.deviceA.credential)).items.map((p) => p.staffId).sort();
    const b = (await feed(shop.deviceB.credential)).items.map((p) => p.staffId).sort();
    expect(a).toEqual([shop.owner.id, shop.managerA.id, shop.cashierA.id].sort());
    // Store B: its own cashier and the owner (a role for all stores); nobody of store A.
    expect(b).toEqual([shop.owner.id, shop.cashierB.id].sort());
    const other = await aDutchShop(database.db, clock.iso());
    const stranger = await aDevice(database.db, other, 0, clock.iso());
    expect(await feed(stranger.credential)).toMatchObject({ status: 200, items: [] });
    // Back-office sessions and API tokens are not devices.
    expect((await feed(await owner())).status).toBe(403);
    expect((await feed(shop.ownerToken)).status).toBe(403);
    expect((await feed('ksd_forged')).status).toBe(401);
    expect((await feed(shop.deviceA.credential)).headers['cache-control']).toBe('no-store');
  });

  it("says who may override the register's guards offline: whoever holds devices.manage in the device's store", async () => {
    const flags = async () =>
      Object.fromEntries((await feed(shop.deviceA.credential)).items.map((p) => [p.staffId, p.managesDevices]));
    expect(await flags()).toEqual({ [shop.owner.id]: true, [shop.managerA.id]: true, [shop.cashierA.id]: false });
    const ownerToken = await owner();
    const changeManagerRole = async (decision: 'allow' | 'deny') => {
      const roles = (await app.inject({ method: 'GET', url: '/api/v1/roles', headers: bearer(ownerToken) })).json().items;
      const role = roles.find((r: { id: string }) => r.id === shop.roles.manager);
      const res = await app.inject({
        method: 'PUT',
        url: `/api/v1/roles/${shop.roles.manager}`,
        headers: bearer(ownerToken),
        payload: { version: role.version, permissions: { ...role.permissions, 'devices.manage': decision } },
      });
      expect(res.statusCode).toBe(200);
    };
    // The role decides, read anew on every refresh: a manager whose role loses it is no longer served the flag.
    await changeManagerRole('deny');
    expect(await flags()).toEqual({ [shop.owner.id]: true, [shop.managerA.id]: false, [shop.cashierA.id]: false });
    await changeManagerRole('allow');
    expect((await flags())[shop.managerA.id]).toBe(true);
  });

  it('stops serving a verifier once the person leaves the store or is deactivated, and nothing at all to a revoked device', async () => {
    const ownerToken = await owner();
    const person = async (id: string) =>
      (await app.inject({ method: 'GET', url: `/api/v1/staff/${id}`, headers: bearer(ownerToken) })).json();
    const manager = await person(shop.managerA.id);
    const moved = await app.inject({
      method: 'PUT',
      url: `/api/v1/staff/${shop.managerA.id}`,
      headers: bearer(ownerToken),
      payload: { version: manager.version, name: manager.name, storeRoles: [{ storeId: shop.stores[1]!.id, roleId: shop.roles.manager }] },
    });
    expect(moved.statusCode).toBe(200);
    expect((await feed(shop.deviceA.credential)).items.map((p) => p.staffId)).not.toContain(shop.managerA.id);
    expect((await feed(shop.deviceB.credential)).items.map((p) => p.staffId)).toContain(shop.managerA.id);
    const cashier = await person(shop.cashierA.id);
    const off = await app.inject({
      method: 'PUT',
      url: `/api/v1/staff/${shop.cashierA.id}`,
      headers: bearer(ownerToken),
      payload: { version: cashier.version, name: cashier.name, active: false },
    });
    expect(off.statusCode).toBe(200);
    expect((await feed(shop.deviceA.credential)).items.map((p) => p.staffId)).toEqual([shop.owner.id]);
    await database.db.updateTable('devices').set({ revoked_at: clock.iso() }).where('id', '=', shop.deviceA.id).execute();
    const revoked = await feed(shop.deviceA.credential);
    expect(revoked.status).toBe(401);
    expect(revoked.body).not.toContain('verifier');
  });

  it('keeps verifiers sealed at rest: a row moved to another person does not open, and the PIN is stored nowhere', async () => {
    const stored = await rows();
    expect(stored.length).toBeGreaterThan(0);
    for (const row of stored) {
      // Sealed: the database does not hold the PBKDF2 output itself.
      const entry = (await feed(shop.deviceB.credential)).items.find((p) => p.staffId === row.staff_id);
      if (entry) expect(row.sealed_verifier).not.toContain(entry.verifier);
    }
    const ownerRow = stored.find((r) => r.staff_id === shop.owner.id)!;
    const cashierB = stored.find((r) => r.staff_id === shop.cashierB.id)!;
    await database.db
      .updateTable('staff_offline_pins')
      .set({ salt: ownerRow.salt, sealed_verifier: ownerRow.sealed_verifier })
      .where('staff_id', '=', shop.cashierB.id)
      .execute();
    const opened = (await feed(shop.deviceB.credential)).items.map((p) => p.staffId);
    expect(opened).not.toContain(shop.cashierB.id);
    expect(opened.sort()).toEqual([shop.owner.id, shop.managerA.id].sort());
    await database.db
      .updateTable('staff_offline_pins')
      .set({ salt: cashierB.salt, sealed_verifier: cashierB.sealed_verifier })
      .where('staff_id', '=', shop.cashierB.id)
      .execute();
    // The distinctive PINs set above appear in no table of the database.
    const tables = ['staff', 'staff_offline_pins', 'audit_events', 'sessions', 'devices'] as const;
    for (const table of tables) {
      const all = JSON.stringify(await database.db.selectFrom(table).selectAll().execute());
      for (const pin of ['918273', '246802', '135791']) expect(all, `${table} holds a PIN`).not.toContain(pin);
    }
  });
});
