import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegisterDatabase, type RegisterDatabase } from '../src/db/database.ts';
import { DEFAULT_PRICING } from '../src/sale/totals.ts';
import { createApiClient } from '../src/sync/api.ts';
import { commitSale } from '../src/sync/outbox.ts';
import { SyncEngine } from '../src/sync/sync-engine.ts';
import { localStore, pricingOf, refreshStore } from '../src/sync/store-settings.ts';
import { favouriteItems, localFavourites, refreshFavourites } from '../src/sync/favourites.ts';
import { enrolmentCode, serverSales, startKassaServer, type KassaServer } from './support/kassa-server.ts';
import { aCashSale } from './support/sales.ts';

// A store that prices without tax and does not round cash: the register must compute its sales
// with those settings (the server recomputes every sale and refuses figures that differ).
let server: KassaServer;
let db: RegisterDatabase;
let credential: string;
let who: { storeId: string; registerId: string };

beforeAll(async () => {
  server = await startKassaServer();
  const { code } = await enrolmentCode(server);
  const enrolled = await createApiClient(server.baseUrl).call<{ credential: string; registerId: string; storeId: string }>('POST', '/api/v1/devices/enrol', { body: { code } });
  if (!enrolled.ok) throw new Error(enrolled.error.message);
  credential = enrolled.value.credential;
  who = { storeId: enrolled.value.storeId, registerId: enrolled.value.registerId };
  // The back office has no screen for these settings yet: set them in the database, as setup would.
  const file = new Database(path.resolve(server.databaseUrl.replace(/^sqlite:/, '')));
  file.prepare("update stores set prices_include_tax = 0, cash_rounding = 'none' where id = ?").run(who.storeId);
  file.close();
  db = openRegisterDatabase(`store-settings-${Math.random()}`);
}, 120_000);

afterAll(async () => {
  await server?.kill();
  server?.cleanup();
  await db?.delete();
});

describe("the register sells with its store's settings", () => {
  it('keeps the store the server describes, and keeps it when the server is unreachable', async () => {
    expect(await localStore(db)).toBeNull();
    const store = await refreshStore(db, createApiClient(server.baseUrl), credential);
    expect(store).toMatchObject({ id: who.storeId, currency: 'EUR', pricesIncludeTax: false, cashRounding: 'none' });
    const unreachable = createApiClient('http://127.0.0.1:9');
    expect(await refreshStore(db, unreachable, credential)).toEqual(store);
    expect(await localStore(db)).toEqual(store);
  });

  it('has sales computed with those settings accepted, and the same sale computed with the defaults refused', async () => {
    const api = createApiClient(server.baseUrl);
    const engine = new SyncEngine({ db, api, storeId: who.storeId, registerId: who.registerId, getToken: async () => credential });
    expect(await engine.pullCatalog()).toBe(true);
    const mug = (await db.items.where('barcodes').equals('8719876000015').first())!;
    const pricing = pricingOf((await localStore(db))!);
    const right = aCashSale([mug], who, pricing).sale;
    // Tax is added to the shelf price, and cash is not rounded to 5 cents.
    expect(right.totals.total).toBe(Math.round(mug.price * 1.21));
    await commitSale(db, right, 'Sanne', new Date().toISOString());
    await engine.drain();
    expect(engine.getStatus()).toMatchObject({ pending: 0, rejected: 0 });
    const wrong = aCashSale([mug], who, DEFAULT_PRICING).sale;
    await commitSale(db, wrong, 'Sanne', new Date().toISOString());
    await engine.drain();
    expect(engine.getStatus().rejected).toBe(1);
    const onServer = await serverSales(server, who.registerId);
    expect(onServer.map((s) => s.id)).toEqual([right.id]);
    expect(onServer[0]!.total).toBe(right.totals.total);
  });

  it("keeps the store's favourites in order and shows them as items of the local catalogue, offline too", async () => {
    const api = createApiClient(server.baseUrl);
    const ids = await refreshFavourites(db, api, credential, who.storeId);
    expect(ids).toHaveLength(12);
    // Loaded in the previous test: the whole catalogue is on the device.
    const items = await favouriteItems(db);
    expect(items.map((i) => i.variantId)).toEqual(ids);
    expect(await refreshFavourites(db, createApiClient('http://127.0.0.1:9'), credential, who.storeId)).toEqual(ids);
    expect(await localFavourites(db)).toEqual(ids);
  });
});
