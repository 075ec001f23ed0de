import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegisterDatabase, type LocalItem, type RegisterDatabase } from '../src/db/database.ts';
import { commitSale } from '../src/sync/outbox.ts';
import { SyncEngine } from '../src/sync/sync-engine.ts';
import { enrolAndSignIn, serverSales, startKassaServer, type KassaServer } from './support/kassa-server.ts';
import { aCashSale } from './support/sales.ts';

// The sync engine against a real `kassa start --demo` process on SQLite: enrolment, PIN sign-in,
// the catalogue snapshot, pushes, a lost acknowledgement and a server killed mid-day.
let server: KassaServer;
let db: RegisterDatabase;
let engine: SyncEngine;
let who: { storeId: string; registerId: string; staffId: string };
let mug: LocalItem;

beforeAll(async () => {
  server = await startKassaServer();
  const register = await enrolAndSignIn(server);
  const { api, token } = register;
  who = register.who;
  db = openRegisterDatabase(`sync-server-${Math.random()}`);
  engine = new SyncEngine({ db, api, storeId: who.storeId, registerId: who.registerId, getToken: async () => token });
}, 120_000);

afterAll(async () => {
  await server?.kill();
  server?.cleanup();
  await db?.delete();
});

describe('SyncEngine against a real server', () => {
  it('loads the whole catalogue from the change feed', async () => {
    expect(await engine.pullCatalog()).toBe(true);
    expect(await db.items.count()).toBeGreaterThan(200);
    mug = (await db.items.where('barcodes').equals('8719876000015').first())!;
    expect(mug.name).toContain('Mok Strand');
  });

  it('records each committed sale on the server exactly once, including after a lost acknowledgement', async () => {
    const first = aCashSale([mug], who).sale;
    await commitSale(db, first, 'Sanne', new Date().toISOString());
    await commitSale(db, aCashSale([mug, mug], who).sale, 'Sanne', new Date().toISOString());
    await engine.drain();
    expect(engine.getStatus()).toMatchObject({ pending: 0, rejected: 0 });
    // The answer got lost on the way back: the register sends the same item again.
    const local = (await db.sales.get(first.id))!;
    await db.outbox.add({ id: first.id, kind: 'sale', payload: local.document, status: 'pending', attempts: 0, error: null, createdAt: new Date().toISOString() });
    await engine.drain();
    expect(engine.getStatus().pending).toBe(0);
    const onServer = await serverSales(server, who.registerId);
    expect(onServer.map((s) => s.receiptNumber).sort()).toEqual([1, 2]);
  });

  it('keeps selling while the server is dead and delivers every sale once, in order, after it restarts', async () => {
    await server.kill();
    for (let i = 0; i < 3; i += 1) await commitSale(db, aCashSale([mug], who).sale, 'Sanne', new Date().toISOString());
    await engine.drain();
    expect(engine.getStatus()).toMatchObject({ online: false, pending: 3 });
    server = await server.restart();
    await engine.drain();
    expect(engine.getStatus()).toMatchObject({ online: true, pending: 0, rejected: 0 });
    const onServer = await serverSales(server, who.registerId);
    expect(onServer.map((s) => s.receiptNumber).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
  });
});
