import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { aDevice } from './support/scenarios.ts';
import { startSelling, type SellableVariant, type SellingHarness } from './support/selling.ts';

// The favourites tiles of a store's registers: curated with catalog.write, read by the devices.
describe.each(DIALECTS)('store favourites on %s', (dialect) => {
  let h: SellingHarness;
  let items: SellableVariant[];
  let device: string;

  beforeAll(async () => {
    h = await startSelling(dialect);
    items = [];
    for (const name of ['Mok Strand', 'Geurkaars Vijg', 'Koffiebonen Huila']) items.push(await h.aSellable({ name }));
    device = (await aDevice(h.database.db, h.shop, 0, new Date().toISOString())).credential;
  });
  afterAll(async () => h?.close());

  const url = () => `/api/v1/stores/${h.storeId}/favourites`;

  it('starts empty, keeps the order it is given, and is read by the store’s devices', async () => {
    expect((await h.call('GET', url())).json()).toEqual({ storeId: h.storeId, variantIds: [], version: 0, updatedAt: null });
    const order = [items[2]!.variantId, items[0]!.variantId];
    const saved = await h.call('PUT', url(), { version: 0, variantIds: order });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ variantIds: order, version: 1 });
    const read = await h.call('GET', url(), undefined, device);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ storeId: h.storeId, variantIds: order, version: 1 });
    const audit = await h.database.db.selectFrom('audit_events').select('action').where('action', '=', 'store_favourites.updated').execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses a stale version, an item twice, an unknown item and an archived one, naming the place, and changes nothing', async () => {
    const before = (await h.call('GET', url())).json();
    const stale = await h.call('PUT', url(), { version: 0, variantIds: [] });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'STORES_STALE_VERSION', details: { field: 'version', currentVersion: before.version } });
    const twice = await h.call('PUT', url(), { version: before.version, variantIds: [items[0]!.variantId, items[1]!.variantId, items[0]!.variantId] });
    expect(twice.statusCode).toBe(422);
    expect(twice.json().error).toMatchObject({ code: 'STORES_FAVOURITE_TWICE', details: { field: 'variantIds[2]' } });
    const unknown = await h.call('PUT', url(), { version: before.version, variantIds: [items[0]!.variantId, '0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c7d'] });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error).toMatchObject({ code: 'STORES_FAVOURITE_UNKNOWN_ITEM', details: { field: 'variantIds[1]' } });
    const tooMany = await h.call('PUT', url(), { version: before.version, variantIds: Array.from({ length: 61 }, () => items[0]!.variantId) });
    expect(tooMany.statusCode).toBe(400);
    expect((await h.call('GET', url())).json()).toEqual(before);
  });

  it('leaves an archived item out when read, and refuses to add it', async () => {
    const current = (await h.call('GET', url())).json();
    const saved = await h.call('PUT', url(), { version: current.version, variantIds: [items[1]!.variantId, items[0]!.variantId] });
    expect(saved.statusCode).toBe(200);
    expect((await h.call('POST', `/api/v1/products/${items[1]!.productId}/archive`)).statusCode).toBe(200);
    expect((await h.call('GET', url())).json().variantIds).toEqual([items[0]!.variantId]);
    const refused = await h.call('PUT', url(), { version: saved.json().version, variantIds: [items[1]!.variantId] });
    expect(refused.json().error).toMatchObject({ code: 'STORES_FAVOURITE_ARCHIVED', details: { field: 'variantIds[0]' } });
  });

  it('needs catalog.write to change them, and hides other organisations’ stores', async () => {
    const refused = await h.call('PUT', url(), { version: 0, variantIds: [] }, h.shop.readOnlyToken);
    expect(refused.statusCode).toBe(403);
    expect((await h.call('PUT', url(), { version: 0, variantIds: [] }, device)).statusCode).toBe(403);
    expect((await h.call('GET', '/api/v1/stores/0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c7d/favourites')).statusCode).toBe(404);
  });
});
