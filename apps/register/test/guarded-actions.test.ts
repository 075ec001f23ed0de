import { Dexie } from 'dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerUpdate } from '../src/app/app-update.ts';
import { reloadData, resetDevice, signOut, updateNow, type GuardDeps } from '../src/app/guarded-actions.ts';
import { checkOverrideOffline, waitingItems, type GuardOverride } from '../src/app/waiting-guard.ts';
import { refreshOfflinePins } from '../src/auth/offline-pin.ts';
import { getMeta, openRegisterDatabase, setMeta, type LocalItem, type RegisterDatabase } from '../src/db/database.ts';
import { commitSale } from '../src/sync/outbox.ts';
import { seedReceiptCounter } from '../src/sync/receipt-counter.ts';
import { SyncEngine } from '../src/sync/sync-engine.ts';
import { enrolAndSignIn, ownerCall, serverSales, startKassaServer, type KassaServer, type SignedInRegister } from './support/kassa-server.ts';
import { aCashSale } from './support/sales.ts';

// The register's guarded actions against a real `kassa start --demo` process: refused while items
// wait, a manager's override journaled with what was waiting, the reload that keeps the old copy
// until the new one is complete, and a reset that wipes nothing until the server recorded it.
let server: KassaServer;
let register: SignedInRegister;
let mark: { id: string; name: string };
const dbs: RegisterDatabase[] = [];

type JournalEntry = { kind: string; payload: { staffId: string | null; details: Record<string, unknown> } };
const journal = async (kind: string) =>
  (await ownerCall<{ items: JournalEntry[] }>(server, 'GET', `/api/v1/journal?registerId=${register.who.registerId}&kind=${kind}&limit=50`)).items;

/** A register database with the catalogue and offline PINs loaded, its sync engine, and the deps the actions take. */
async function aRegister(): Promise<{ db: RegisterDatabase; engine: SyncEngine; deps: GuardDeps }> {
  const db = openRegisterDatabase(`guarded-${Math.random()}`);
  dbs.push(db);
  const { api, credential, who } = register;
  // Its own session: signing out on one test's device ends only that one.
  const signedIn = await api.call<{ token: string }>('POST', '/api/v1/auth/pin', { body: { staffId: who.staffId, pin: '3333' }, token: credential });
  if (!signedIn.ok) throw new Error(signedIn.error.message);
  const token = signedIn.value.token;
  const device = { deviceId: 'test', credential, registerId: who.registerId, storeId: who.storeId };
  const session = { token, staffId: who.staffId, name: 'Sanne Kassa' };
  await setMeta(db, 'device', device);
  await setMeta(db, 'session', session);
  const getToken = async () => (await getMeta<{ token: string }>(db, 'session'))?.token ?? credential;
  const engine = new SyncEngine({ db, api, storeId: who.storeId, registerId: who.registerId, getToken });
  expect(await engine.pullCatalog()).toBe(true);
  expect(await refreshOfflinePins(db, api, credential)).toBe('refreshed');
  // Every test's device sells on the demo's one register: each continues its receipt numbers.
  await seedReceiptCounter(db, api, token, who.registerId);
  return { db, engine, deps: { db, api, engine, device, session, getToken } };
}

const anItem = async (db: RegisterDatabase) => (await db.items.where('barcodes').equals('8719876000015').first())!;
const markOverrides = (method: GuardOverride['method'] = 'server'): GuardOverride => ({ approvalId: crypto.randomUUID(), approverStaffId: mark.id, approverName: mark.name, method });

beforeAll(async () => {
  server = await startKassaServer();
  register = await enrolAndSignIn(server);
  const staff = await register.api.call<{ items: Array<{ id: string; name: string }> }>('GET', '/api/v1/devices/me/staff', { token: register.credential });
  mark = staff.ok ? staff.value.items.find((s) => s.name === 'Mark Manager')! : (undefined as never);
}, 120_000);

afterAll(async () => {
  await server?.kill();
  server?.cleanup();
  for (const db of dbs) await db.delete().catch(() => undefined);
});

describe('the register guarded actions', () => {
  it('refuses to sign out while a sale waits, and signs out with a manager override that is journaled with the receipt', async () => {
    const { db, engine, deps } = await aRegister();
    const sale = aCashSale([await anItem(db)], register.who).sale;
    const receipt = await commitSale(db, sale, 'Sanne Kassa', new Date().toISOString());
    const refused = await signOut(deps, null);
    expect(refused).toMatchObject({ ok: false, reason: 'waiting', waiting: { count: 1, documents: 1, receipts: String(receipt.receiptNumber) } });
    expect(await getMeta(db, 'session')).toBeDefined();

    expect(await signOut(deps, markOverrides())).toEqual({ ok: true });
    expect(await getMeta(db, 'session')).toBeUndefined();
    // Signed out, the outbox still drains: with the device's own credential.
    await engine.drain();
    expect(await db.outbox.count()).toBe(0);
    expect((await serverSales(server, register.who.registerId)).map((s) => s.id)).toContain(sale.id);
    const [override] = (await journal('register.override_used')).filter((e) => e.payload.details.action === 'sign_out');
    expect(override!.payload).toMatchObject({ staffId: register.who.staffId, details: { action: 'sign_out', waiting: 1, documents: 1, receipts: String(receipt.receiptNumber), approvedBy: mark.id, method: 'server' } });
    expect((await journal('register.signed_out')).some((e) => e.payload.staffId === register.who.staffId)).toBe(true);
  });

  it('signs out without asking anyone when nothing waits', async () => {
    const { db, deps } = await aRegister();
    expect(await waitingItems(db)).toMatchObject({ count: 0 });
    expect(await signOut(deps, null)).toEqual({ ok: true });
    expect(await db.outbox.toArray()).toEqual([expect.objectContaining({ kind: 'register_event', payload: expect.objectContaining({ kind: 'register.signed_out' }) })]);
  });

  it('checks an override offline against the verifiers: a manager may, a cashier may not, a wrong PIN is wrong', async () => {
    const { db } = await aRegister();
    expect(await checkOverrideOffline(db, mark.id, '2222')).toMatchObject({ ok: true, staffId: mark.id });
    expect(await checkOverrideOffline(db, register.who.staffId, '3333')).toEqual({ ok: false, reason: 'notApprover' });
    expect(await checkOverrideOffline(db, mark.id, '2223')).toEqual({ ok: false, reason: 'wrong' });
  });

  it('reloads the whole catalogue over a damaged copy: every item as the server has it, items it does not list removed', async () => {
    const { db, engine, deps } = await aRegister();
    const mug = await anItem(db);
    const before = await db.items.count();
    await db.items.update(mug.variantId, { price: 1, name: 'broken' });
    const stray: LocalItem = { ...mug, variantId: crypto.randomUUID(), barcodes: ['2000000000008'], sku: 'STRAY' };
    await db.items.put(stray);
    expect(await reloadData(deps, null, async () => null)).toEqual({ ok: true });
    expect(await db.items.get(mug.variantId)).toEqual(mug);
    expect(await db.items.get(stray.variantId)).toBeUndefined();
    expect(await db.items.count()).toBe(before);
    await engine.drain();
    expect((await journal('register.data_reloaded')).at(-1)!.payload.details).toMatchObject({ items: before, waiting: 0 });
  });

  it('keeps the old catalogue when a reload cannot reach the server', async () => {
    const { db, deps } = await aRegister();
    const before = await db.items.count();
    const offline = { ...deps, api: { call: async () => ({ ok: false as const, error: { status: 0, code: 'NETWORK', message: 'offline' } }) } };
    const engine = new SyncEngine({ db, api: offline.api, storeId: register.who.storeId, registerId: register.who.registerId, getToken: deps.getToken });
    expect(await reloadData({ ...offline, engine }, null, async () => null)).toEqual({ ok: false, reason: 'offline' });
    expect(await db.items.count()).toBe(before);
  });

  it('installs a waiting update only when nothing waits or a manager overrides', async () => {
    const { db, deps } = await aRegister();
    expect(await updateNow(deps, null)).toEqual({ ok: false, reason: 'noUpdate' });
    let installed = 0;
    offerUpdate(async () => void (installed += 1));
    await commitSale(db, aCashSale([await anItem(db)], register.who).sale, 'Sanne Kassa', new Date().toISOString());
    expect(await updateNow(deps, null)).toMatchObject({ ok: false, reason: 'waiting' });
    expect(installed).toBe(0);
    expect(await updateNow(deps, markOverrides('offline_pin'))).toEqual({ ok: true });
    expect(installed).toBe(1);
    const queued = (await db.outbox.toArray()).filter((i) => i.kind === 'register_event');
    expect(queued.map((i) => i.payload)).toEqual([expect.objectContaining({ kind: 'register.override_used', details: expect.objectContaining({ action: 'app_update', method: 'offline_pin', waiting: 1 }) })]);
  });

  it('resets the device only after the server recorded it; with the server gone nothing is wiped or queued', async () => {
    const { db, engine, deps } = await aRegister();
    const sale = aCashSale([await anItem(db)], register.who).sale;
    await commitSale(db, sale, 'Sanne Kassa', new Date().toISOString());
    await server.kill();
    let wiped = 0;
    expect(await resetDevice(deps, markOverrides(), () => void (wiped += 1))).toEqual({ ok: false, reason: 'offline' });
    expect(wiped).toBe(0);
    expect((await db.outbox.toArray()).map((i) => i.id)).toEqual([sale.id]);
    server = await server.restart();
    expect(await resetDevice(deps, markOverrides(), () => void (wiped += 1))).toEqual({ ok: true });
    expect(wiped).toBe(1);
    expect(await Dexie.exists(db.name)).toBe(false);
    // What could be delivered went first: the sale is on the server, then the reset.
    expect((await serverSales(server, register.who.registerId)).map((s) => s.id)).toContain(sale.id);
    expect((await journal('register.device_reset')).at(-1)!.payload.details).toMatchObject({ waiting: 0, approvedBy: mark.id });
    engine.stop();
  });
});
