import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogChanges, Product } from '@kassa/contracts';
import { DIALECTS } from './support/databases.ts';
import { readCatalogChanges } from '../src/modules/catalog/index.ts';
import { aProduct, aVariant, startCatalog, type CatalogHarness } from './catalog-builders.ts';

/** A register's local copy, kept only through the change feed. */
class RegisterCopy {
  products = new Map<string, Product>();
  categories = new Map<string, unknown>();
  taxRates = new Map<string, unknown>();
  cursor = '0';
  delivered: number[] = [];

  constructor(
    private readonly h: CatalogHarness,
    private readonly limit: number,
  ) {}

  async sync(): Promise<void> {
    for (;;) {
      const res = await this.h.call(
        'GET',
        `/api/v1/catalog/changes?since=${this.cursor}&limit=${this.limit}`,
      );
      expect(res.statusCode).toBe(200);
      const page = res.json() as CatalogChanges;
      for (const p of page.products) {
        this.products.set(p.id, p);
        this.delivered.push(p.changeSeq);
      }
      for (const c of page.categories) this.categories.set(c.id, c);
      for (const t of page.taxRates) this.taxRates.set(t.id, t);
      expect(Number(page.cursor)).toBeGreaterThanOrEqual(Number(this.cursor));
      this.cursor = page.cursor;
      if (!page.hasMore) return;
    }
  }
}

describe.each(DIALECTS)('the catalogue change feed on %s', (dialect) => {
  let h: CatalogHarness;
  beforeAll(async () => {
    h = await startCatalog(dialect);
  });
  afterAll(async () => h?.close());

  const serverProducts = async () => {
    const all: Product[] = [];
    for (const archived of [false, true]) {
      let url = `/api/v1/products?limit=200&archived=${archived}`;
      for (;;) {
        const page = (await h.call('GET', url)).json();
        all.push(...page.items);
        if (!page.nextCursor) break;
        url = `/api/v1/products?limit=200&archived=${archived}&cursor=${page.nextCursor}`;
      }
    }
    return new Map(all.map((p) => [p.id, p]));
  };

  it('gives a full snapshot with tax rates when since is omitted', async () => {
    const res = await h.call('GET', '/api/v1/catalog/changes');
    expect(res.statusCode).toBe(200);
    const page = res.json() as CatalogChanges;
    expect(page.taxRates.map((t) => t.rateBp).sort((a, b) => a - b)).toEqual([0, 900, 2100]);
    expect(page.taxRates[0]).toMatchObject({ taxClass: expect.any(String), archived: false });
    expect(page.hasMore).toBe(false);
  });

  it('leaves a register that follows it with an exact copy after creates, updates, archives, restores and price changes', async () => {
    const register = new RegisterCopy(h, 3);
    const storeId = h.shop.stores[1]!.id;
    const category = (await h.call('POST', '/api/v1/categories', { name: 'Feed' })).json();
    const created: Product[] = [];
    for (let i = 0; i < 7; i++)
      created.push(
        (
          await h.call('POST', '/api/v1/products', aProduct({ name: `Feed ${i}`, categoryId: category.id }))
        ).json(),
      );
    await register.sync();

    const [p0, p1, p2, p3] = created as [Product, Product, Product, Product];
    await h.call('PUT', `/api/v1/products/${p0.id}`, {
      version: 1,
      name: 'Feed 0 nieuw',
      taxClass: 'reduced',
      variants: [
        {
          id: p0.variants[0]!.id,
          sku: p0.variants[0]!.sku,
          price: 999,
          storePrices: [{ storeId, price: 899 }],
        },
        aVariant(),
      ],
    });
    await h.call('POST', `/api/v1/products/${p1.id}/archive`);
    await h.call('POST', `/api/v1/products/${p2.id}/archive`);
    await register.sync();
    await h.call('POST', `/api/v1/products/${p2.id}/restore`);
    await h.call('PUT', `/api/v1/products/${p3.id}`, {
      version: 1,
      name: p3.name,
      taxClass: 'standard',
      categoryId: category.id,
      variants: [
        { id: p3.variants[0]!.id, sku: p3.variants[0]!.sku, price: 1, storePrices: [{ storeId, price: 2 }] },
      ],
    });
    await h.call('PUT', `/api/v1/categories/${category.id}`, { version: 1, name: 'Feed hernoemd' });
    await h.call('POST', '/api/v1/products', aProduct({ name: 'Feed laat' }));
    await register.sync();

    expect(register.products).toEqual(await serverProducts());
    expect(register.categories.get(category.id)).toMatchObject({ name: 'Feed hernoemd', version: 2 });
    expect(register.taxRates.size).toBe(3);
  });

  it('never skips or repeats a change across pages', async () => {
    for (let i = 0; i < 5; i++) await h.call('POST', '/api/v1/products', aProduct({ name: `Page ${i}` }));
    const register = new RegisterCopy(h, 2);
    await register.sync();
    const seqs = register.delivered;
    expect(new Set(seqs).size).toBe(seqs.length);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    const expected = [...(await serverProducts()).values()].map((p) => p.changeSeq).sort((a, b) => a - b);
    expect(seqs).toEqual(expected);
  });

  it('answers an up-to-date register with nothing and the same cursor', async () => {
    const first = (await h.call('GET', '/api/v1/catalog/changes?limit=5000')).json() as CatalogChanges;
    const next = (
      await h.call('GET', `/api/v1/catalog/changes?since=${first.cursor}`)
    ).json() as CatalogChanges;
    expect(next).toEqual({
      products: [],
      taxRates: [],
      categories: [],
      cursor: first.cursor,
      hasMore: false,
    });
  });

  it('refuses a malformed cursor or limit (400)', async () => {
    expect((await h.call('GET', '/api/v1/catalog/changes?since=abc')).statusCode).toBe(400);
    expect((await h.call('GET', '/api/v1/catalog/changes?since=99999999999999999999')).statusCode).toBe(400);
    expect((await h.call('GET', '/api/v1/catalog/changes?limit=0')).statusCode).toBe(400);
    expect((await h.call('GET', '/api/v1/catalog/changes?limit=5001')).statusCode).toBe(400);
  });

  it('loads a page with a fixed number of queries, not one per product', async () => {
    let queries = 0;
    const counted = h.database.db.withPlugin({
      transformQuery: (args) => {
        queries += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const result = await readCatalogChanges(counted, h.shop.organisationId, { limit: 5000 });
    expect(result.ok && result.value.products.length).toBeGreaterThan(10);
    // counter, products (their variants, barcodes and store prices as JSON), tax rates, categories
    expect(queries).toBe(4);
  });
});
