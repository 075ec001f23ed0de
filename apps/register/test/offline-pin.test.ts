import { Dexie } from 'dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFLINE_LOCKOUT, refreshOfflinePins, startOfflineSession, verifyOfflinePin } from '../src/auth/offline-pin.ts';
import { forgetOfflinePin, rememberOfflinePin, upgradeOfflineSession } from '../src/auth/session-upgrade.ts';
import { openRegisterDatabase, type RegisterDatabase } from '../src/db/database.ts';
import { createApiClient, type ApiClient } from '../src/sync/api.ts';
import { commitSale } from '../src/sync/outbox.ts';
import { SyncEngine } from '../src/sync/sync-engine.ts';
import { enrolmentCode, freePort, ownerCall, startKassaServer, type KassaServer } from './support/kassa-server.ts';
import { aCashSale } from './support/sales.ts';

// Offline PIN sign-in against a real `kassa start --demo` process: the verifiers it serves, the
// check with Node's WebCrypto on fake-indexeddb, the local lockout, and what reaches the server.
let server: KassaServer;
let api: ApiClient;
let device: { credential: string; registerId: string; storeId: string };
let sanne: { id: string; name: string };
let daan: { id: string; name: string };
const dbs: RegisterDatabase[] = [];

function freshDb(): RegisterDatabase {
  const db = openRegisterDatabase(`offline-pin-${Math.random()}`);
  dbs.push(db);
  return db;
}

/** A register with Sanne's and Daan's verifiers, as after an online sign-in of each. */
async function loadedDb(): Promise<RegisterDatabase> {
  const db = freshDb();
  expect(await refreshOfflinePins(db, api, device.credential)).toBe('refreshed');
  return db;
}

const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);

beforeAll(async () => {
  server = await startKassaServer();
  api = createApiClient(server.baseUrl);
  const { code } = await enrolmentCode(server);
  const enrolled = await api.call<{ credential: string; registerId: string; storeId: string }>('POST', '/api/v1/devices/enrol', { body: { code } });
  if (!enrolled.ok) throw new Error(enrolled.error.message);
  device = enrolled.value;
  const staff = await api.call<{ items: Array<{ id: string; name: string }> }>('GET', '/api/v1/devices/me/staff', { token: device.credential });
  if (!staff.ok) throw new Error(staff.error.message);
  sanne = staff.value.items.find((s) => s.name === 'Sanne Kassa')!;
  daan = staff.value.items.find((s) => s.name === 'Daan Kassa')!;
  // One online sign-in each: the server derives the verifiers then.
  for (const [who, pin] of [[sanne, '3333'], [daan, '4444']] as const) {
    const signedIn = await api.call('POST', '/api/v1/auth/pin', { body: { staffId: who.id, pin }, token: device.credential });
    if (!signedIn.ok) throw new Error(signedIn.error.message);
  }
}, 120_000);

afterAll(async () => {
  await server?.kill();
  server?.cleanup();
  for (const db of dbs) await db.delete();
});

describe('offline PIN verification on the register', () => {
  it('keeps only a device-bound check of each verifier, under a key scripts cannot export', async () => {
    const db = await loadedDb();
    const served = await api.call<{ items: Array<{ staffId: string; verifier: string }> }>('GET', '/api/v1/devices/me/offline-pins', { token: device.credential });
    if (!served.ok) throw new Error(served.error.message);
    const rows = await db.offlinePins.toArray();
    // The demo seed sets the four demo PINs, and setting a PIN derives the verifier.
    expect(rows.map((r) => r.name).sort()).toEqual(['Daan Kassa', 'Eva Eigenaar', 'Mark Manager', 'Sanne Kassa']);
    for (const row of rows) {
      const verifier = served.value.items.find((i) => i.staffId === row.staffId)!.verifier;
      expect(row.check).not.toBe(verifier);
      expect(JSON.stringify(row)).not.toContain(verifier);
      expect(JSON.stringify(row)).not.toMatch(/3333|4444/);
    }
    const key = (await db.meta.get('offlinePinKey'))!.value as CryptoKey;
    expect(key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  it('accepts the right PIN and refuses a wrong one, reporting the wrong one through the outbox', async () => {
    const db = await loadedDb();
    expect(await verifyOfflinePin(db, sanne.id, '3333')).toEqual({ ok: true, staffId: sanne.id, name: 'Sanne Kassa' });
    expect(await verifyOfflinePin(db, sanne.id, '4444')).toEqual({ ok: false, reason: 'wrong' });
    expect(await verifyOfflinePin(db, daan.id, '4444')).toMatchObject({ ok: true, staffId: daan.id });
    const events = (await db.outbox.toArray()).map((i) => (i.kind === 'register_event' ? [i.payload.kind, i.payload.staffId] : [i.kind]));
    expect(events).toEqual([['register.offline_pin_failed', sanne.id]]);
    // Someone the server sent no verifier for cannot sign in offline at all.
    expect(await verifyOfflinePin(db, '0192f1c4-0000-7000-8000-00000000dead', '3333')).toEqual({ ok: false, reason: 'unavailable' });
  });

  it('makes the device wait after 3 wrong PINs in a row, and locks a person after 5 until the timeout', async () => {
    const db = await loadedDb();
    const t0 = new Date();
    for (let i = 1; i <= OFFLINE_LOCKOUT.deviceFreeFailures - 1; i += 1) expect(await verifyOfflinePin(db, sanne.id, '0000', at(t0, i))).toMatchObject({ reason: 'wrong' });
    expect(await verifyOfflinePin(db, sanne.id, '0000', at(t0, 3))).toMatchObject({ reason: 'wrong' });
    // The third wrong PIN in a row: the device waits 30 s, even for the right PIN.
    expect(await verifyOfflinePin(db, sanne.id, '3333', at(t0, 10))).toEqual({ ok: false, reason: 'wait', retryAfterSeconds: 23 });
    expect(await verifyOfflinePin(db, sanne.id, '0000', at(t0, 40))).toMatchObject({ reason: 'wrong' });
    expect(await verifyOfflinePin(db, sanne.id, '0000', at(t0, 80))).toEqual({ ok: false, reason: 'locked', retryAfterSeconds: 1800 });
    // Locked: the right PIN is refused too, without running the KDF.
    expect(await verifyOfflinePin(db, sanne.id, '3333', at(t0, 200))).toMatchObject({ ok: false, reason: 'locked' });
    const kinds = (await db.outbox.toArray()).map((i) => (i.kind === 'register_event' ? i.payload.kind : i.kind));
    expect(kinds.filter((k) => k === 'register.offline_pin_failed')).toHaveLength(5);
    expect(kinds.filter((k) => k === 'register.offline_pin_locked')).toHaveLength(1);
    // Daan is not locked, only Sanne; 30 minutes later Sanne's right PIN works again.
    expect(await verifyOfflinePin(db, daan.id, '4444', at(t0, 200))).toMatchObject({ ok: true });
    expect(await verifyOfflinePin(db, sanne.id, '3333', at(t0, 80 + 30 * 60 + 1))).toMatchObject({ ok: true });
  });

  it('lets no parallel guesses past the device back-off', async () => {
    const db = await loadedDb();
    const now = new Date();
    const results = await Promise.all(['0001', '0002', '0003', '0004', '0005', '0006', '0007', '0008'].map((pin) => verifyOfflinePin(db, daan.id, pin, now)));
    const checked = results.filter((r) => !r.ok && r.reason !== 'wait');
    expect(checked.length).toBeLessThanOrEqual(OFFLINE_LOCKOUT.deviceFreeFailures);
    expect(results.filter((r) => !r.ok && r.reason === 'wait').length).toBeGreaterThanOrEqual(8 - OFFLINE_LOCKOUT.deviceFreeFailures);
  });

  it('lifts the local lockout when the server is reachable again, and keeps the verifiers while it is not', async () => {
    const db = await loadedDb();
    const t0 = new Date();
    for (let i = 0; i < 5; i += 1) await verifyOfflinePin(db, daan.id, '0000', at(t0, i * 31));
    expect(await verifyOfflinePin(db, daan.id, '4444', at(t0, 200))).toMatchObject({ reason: 'locked' });
    const down = createApiClient(`http://127.0.0.1:${await freePort()}`);
    expect(await refreshOfflinePins(db, down, device.credential)).toBe('unreachable');
    expect(await verifyOfflinePin(db, daan.id, '4444', at(t0, 201))).toMatchObject({ reason: 'locked' });
    expect(await refreshOfflinePins(db, api, device.credential)).toBe('refreshed');
    expect(await verifyOfflinePin(db, daan.id, '4444', at(t0, 202))).toMatchObject({ ok: true });
  });

  it('deletes the verifiers of people the server no longer lists, and all of them for a refused credential', async () => {
    const db = await loadedDb();
    const daanNow = await ownerCall<{ version: number; name: string }>(server, 'GET', `/api/v1/staff/${daan.id}`);
    await ownerCall(server, 'PUT', `/api/v1/staff/${daan.id}`, { version: daanNow.version, name: daanNow.name, active: false });
    try {
      expect(await refreshOfflinePins(db, api, device.credential)).toBe('refreshed');
      expect((await db.offlinePins.toArray()).map((r) => r.name)).not.toContain('Daan Kassa');
      expect((await db.offlinePins.toArray()).map((r) => r.name)).toContain('Sanne Kassa');
      expect(await verifyOfflinePin(db, daan.id, '4444')).toEqual({ ok: false, reason: 'unavailable' });
    } finally {
      const again = await ownerCall<{ version: number; name: string }>(server, 'GET', `/api/v1/staff/${daan.id}`);
      await ownerCall(server, 'PUT', `/api/v1/staff/${daan.id}`, { version: again.version, name: again.name, active: true });
    }
    // What a revoked device hears: 401. Nothing may be checked offline any more.
    expect(await refreshOfflinePins(db, api, 'ksd_revoked-or-forged-credential')).toBe('revoked');
    expect(await db.offlinePins.count()).toBe(0);
    expect(await verifyOfflinePin(db, sanne.id, '3333')).toEqual({ ok: false, reason: 'unavailable' });
  });

  it('delivers an offline sign-in and the sales made under it to the server with the device credential, naming the cashier', async () => {
    const db = await loadedDb();
    const check = await verifyOfflinePin(db, sanne.id, '3333');
    if (!check.ok) throw new Error(check.reason);
    const session = await startOfflineSession(db, { staffId: check.staffId, name: check.name });
    expect(session).toMatchObject({ staffId: sanne.id, offline: true });
    expect(session.token).toMatch(/^offline_/);
    expect(((await db.meta.get('session'))!.value as { offline: boolean }).offline).toBe(true);
    const engine = new SyncEngine({ db, api, storeId: device.storeId, registerId: device.registerId, getToken: async () => device.credential });
    await engine.pullCatalog();
    const mug = (await db.items.where('barcodes').equals('8719876000015').first())!;
    const sale = aCashSale([mug], { ...device, staffId: session.staffId }).sale;
    await commitSale(db, sale, session.name, new Date().toISOString());
    await engine.drain();
    expect(engine.getStatus()).toMatchObject({ pending: 0, rejected: 0 });
    const onServer = await ownerCall<{ staffId: string | null }>(server, 'GET', `/api/v1/sales/${sale.id}`);
    expect(onServer.staffId).toBe(sanne.id);
    const journal = await ownerCall<{ items: Array<{ kind: string; payload: { staffId: string; details: { method: string } } }> }>(server, 'GET', `/api/v1/journal?registerId=${device.registerId}&kind=register.signed_in&limit=50`);
    expect(journal.items.some((e) => e.payload.staffId === sanne.id && e.payload.details.method === 'offline_pin')).toBe(true);
  });
});

describe('an offline sign-in becomes a server session when the server answers', () => {
  const unreachable = createApiClient('http://127.0.0.1:9');

  it('sends the PIN kept in memory once, and the session then works on the server', async () => {
    const db = await loadedDb();
    const session = await startOfflineSession(db, { staffId: daan.id, name: 'Daan Kassa' });
    rememberOfflinePin(daan.id, '4444');
    expect(await upgradeOfflineSession(db, unreachable, device.credential, session)).toEqual({ kind: 'unreachable' });
    const upgraded = await upgradeOfflineSession(db, api, device.credential, session);
    expect(upgraded).toMatchObject({ kind: 'upgraded', session: { staffId: daan.id, offline: false } });
    if (upgraded.kind !== 'upgraded') return;
    expect((await db.meta.get('session'))!.value).toEqual(upgraded.session);
    const me = await api.call<{ staffId?: string; id?: string }>('GET', '/api/v1/auth/me', { token: upgraded.session.token });
    expect(me.ok).toBe(true);
    // The PIN is gone: nothing more is sent.
    expect(await upgradeOfflineSession(db, api, device.credential, session)).toEqual({ kind: 'nothing' });
  });

  it('forgets a PIN the server refuses (tries it once), and never replaces a cashier who signed in meanwhile', async () => {
    const db = await loadedDb();
    const session = await startOfflineSession(db, { staffId: daan.id, name: 'Daan Kassa' });
    rememberOfflinePin(daan.id, '4440');
    expect(await upgradeOfflineSession(db, api, device.credential, session)).toEqual({ kind: 'refused' });
    expect(await upgradeOfflineSession(db, api, device.credential, session)).toEqual({ kind: 'nothing' });
    expect((await db.meta.get('session'))!.value).toEqual(session);
    // Sanne signed in offline after Daan: Daan's remembered PIN does not sign Daan back in.
    rememberOfflinePin(daan.id, '4444');
    const sanneSession = await startOfflineSession(db, { staffId: sanne.id, name: 'Sanne Kassa' });
    expect(await upgradeOfflineSession(db, api, device.credential, sanneSession)).toEqual({ kind: 'nothing' });
    forgetOfflinePin();
    expect((await db.meta.get('session'))!.value).toEqual(sanneSession);
  });
});

describe('register database version 3', () => {
  it('adds the offline PIN table and marks a session kept from version 2 as checked by the server', async () => {
    const name = `upgrade-${Math.random()}`;
    const old = new Dexie(name);
    old.version(1).stores({ meta: '&key', items: '&variantId, productId, *barcodes, *words, sku, categoryId', taxRates: '&id, taxClass', categories: '&id, parentId', staff: '&id, name', sales: '&id, &receiptNumber, syncedAt', outbox: '++seq, &id, status', parked: '&id, parkedAt' });
    old.version(2).stores({ returns: '&id, receiptNumber, syncedAt' });
    await old.open();
    await old.table('meta').put({ key: 'session', value: { token: 'kss_kept', staffId: 'x', name: 'Sanne Kassa' } });
    await old.table('meta').put({ key: 'receiptCounter', value: 7 });
    old.close();
    const db = openRegisterDatabase(name);
    dbs.push(db);
    expect((await db.meta.get('session'))!.value).toEqual({ token: 'kss_kept', staffId: 'x', name: 'Sanne Kassa', offline: false });
    expect((await db.meta.get('receiptCounter'))!.value).toBe(7);
    expect(await db.offlinePins.count()).toBe(0);
    expect(db.verno).toBe(3);
  });
});
