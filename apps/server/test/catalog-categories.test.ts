import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { startCatalog, type CatalogHarness } from './catalog-builders.ts';

describe.each(DIALECTS)('categories on %s', (dialect) => {
  let h: CatalogHarness;
  beforeAll(async () => {
    h = await startCatalog(dialect);
  });
  afterAll(async () => h?.close());

  const create = async (body: object) => h.call('POST', '/api/v1/categories', body);

  it('builds a tree and lists parents before children', async () => {
    const wonen = (await create({ name: 'Wonen', position: 1 })).json();
    const keuken = (await create({ name: 'Keuken', position: 0 })).json();
    const mokken = (await create({ name: 'Mokken', parentId: keuken.id })).json();
    expect(mokken).toMatchObject({ parentId: keuken.id, archived: false, version: 1 });
    const items = (await h.call('GET', '/api/v1/categories'))
      .json()
      .items.map((c: { name: string }) => c.name);
    expect(items).toEqual(['Keuken', 'Mokken', 'Wonen']);
    expect(wonen.position).toBe(1);
  });

  it('refuses an unknown parent (422) and a sibling with the same name (409)', async () => {
    const bad = await create({ name: 'Wees', parentId: '0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c7d' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('CATALOG_UNKNOWN_CATEGORY');
    await create({ name: 'Tuin' });
    const twice = await create({ name: 'tuin' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('CATALOG_CATEGORY_EXISTS');
  });

  it('renames and moves with a version, refuses stale versions (409) and cycles (422)', async () => {
    const a = (await create({ name: 'A' })).json();
    const b = (await create({ name: 'B', parentId: a.id })).json();
    const c = (await create({ name: 'C', parentId: b.id })).json();
    const cycle = await h.call('PUT', `/api/v1/categories/${a.id}`, {
      version: 1,
      name: 'A',
      parentId: c.id,
    });
    expect(cycle.statusCode).toBe(422);
    expect(cycle.json().error.code).toBe('CATALOG_CATEGORY_CYCLE');
    const self = await h.call('PUT', `/api/v1/categories/${a.id}`, { version: 1, name: 'A', parentId: a.id });
    expect(self.statusCode).toBe(422);
    const moved = await h.call('PUT', `/api/v1/categories/${c.id}`, {
      version: 1,
      name: 'C2',
      parentId: null,
    });
    expect(moved.json()).toMatchObject({ name: 'C2', parentId: null, version: 2 });
    const stale = await h.call('PUT', `/api/v1/categories/${c.id}`, { version: 1, name: 'C3' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('CATALOG_STALE_VERSION');
    expect(
      (
        await h.call('PUT', '/api/v1/categories/0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c7d', {
          version: 1,
          name: 'x',
        })
      ).statusCode,
    ).toBe(404);
  });

  it('archives only categories without active subcategories, and restores them', async () => {
    const parent = (await create({ name: 'Ouder' })).json();
    const child = (await create({ name: 'Kind', parentId: parent.id })).json();
    const refused = await h.call('POST', `/api/v1/categories/${parent.id}/archive`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'CATALOG_CATEGORY_HAS_CHILDREN',
      details: { childId: child.id },
    });
    expect((await h.call('POST', `/api/v1/categories/${child.id}/archive`)).json().archived).toBe(true);
    expect((await h.call('POST', `/api/v1/categories/${parent.id}/archive`)).json().archived).toBe(true);
    const active = (await h.call('GET', '/api/v1/categories')).json().items.map((c: { id: string }) => c.id);
    expect(active).not.toContain(parent.id);
    const all = (await h.call('GET', '/api/v1/categories?archived=true'))
      .json()
      .items.map((c: { id: string }) => c.id);
    expect(all).toContain(parent.id);
    const orphan = await h.call('POST', `/api/v1/categories/${child.id}/restore`);
    expect(orphan.statusCode).toBe(422); // its parent is archived
    expect((await h.call('POST', `/api/v1/categories/${parent.id}/restore`)).json().archived).toBe(false);
  });

  it('refuses a product in an archived category (422)', async () => {
    const old = (await create({ name: 'Oud' })).json();
    await h.call('POST', `/api/v1/categories/${old.id}/archive`);
    const res = await h.call('POST', '/api/v1/products', {
      name: 'x',
      taxClass: 'standard',
      categoryId: old.id,
      variants: [{ sku: 'CAT-OLD-1', price: 1 }],
    });
    expect(res.statusCode).toBe(422);
  });

  it('rejects malformed input (400) and read-only writers (403)', async () => {
    expect((await create({ name: '' })).statusCode).toBe(400);
    expect((await create({ name: 'x', colour: 'red' })).statusCode).toBe(400);
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/categories',
      headers: { authorization: `Bearer ${h.shop.readOnlyToken}` },
      payload: { name: 'x' },
    });
    expect(res.statusCode).toBe(403);
  });
});
