import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { searchProducts } from '../src/modules/catalog/index.ts';
import { aProduct, aVariant, anEan13, startCatalog, type CatalogHarness } from './catalog-builders.ts';

describe.each(DIALECTS)('product search and lists on %s', (dialect) => {
  let h: CatalogHarness;
  const ids: Record<string, string> = {};
  const barcode = anEan13();

  beforeAll(async () => {
    h = await startCatalog(dialect);
    const category = (await h.call('POST', '/api/v1/categories', { name: 'Zuivel' })).json();
    const products = {
      creme: aProduct({
        name: 'Crème fraîche 200 ml',
        brand: 'Campina',
        categoryId: category.id,
        variants: [aVariant({ sku: 'ZUI-CREME' })],
      }),
      kaas: aProduct({
        name: 'Goudse kaas jong belegen',
        brand: 'Beemster',
        tags: ['kaas', 'biologisch'],
        variants: [aVariant({ sku: 'KAAS-JB-500', barcodes: [barcode] })],
      }),
      kaas2: aProduct({ name: 'Kaasschaaf RVS', variants: [aVariant({ sku: 'SCHAAF-1' })] }),
      shirt: aProduct({
        name: 'T-shirt Basic',
        optionNames: ['Kleur'],
        variants: [aVariant({ sku: 'TEE-OKER', options: { Kleur: 'Oker' } })],
      }),
      sql: aProduct({ name: 'Drop (zoet) "Engelse" mix', variants: [aVariant({ sku: 'DROP-MIX' })] }),
      skuname: aProduct({ name: 'Melk halfvol KAAS-JB-500 actie', variants: [aVariant()] }),
    };
    for (const [key, body] of Object.entries(products))
      ids[key] = (await h.call('POST', '/api/v1/products', body)).json().id;
  });
  afterAll(async () => h?.close());

  const search = async (q: string, extra = '') => {
    const res = await h.call('GET', `/api/v1/products?q=${encodeURIComponent(q)}${extra}`);
    expect(res.statusCode).toBe(200);
    return res.json().items.map((p: { id: string }) => p.id) as string[];
  };

  it('finds accented names without accents and in any case ("creme" finds "Crème")', async () => {
    expect(await search('creme')).toEqual([ids.creme]);
    expect(await search('CRÈME FRAI')).toEqual([ids.creme]);
  });

  it('needs every word, each as a prefix', async () => {
    expect(await search('kaas jong')).toEqual([ids.kaas]);
    expect(await search('kaas rvs')).toEqual([ids.kaas2]);
    expect(await search('kaas onbekend')).toEqual([]);
  });

  it('finds by brand, category name, tag, SKU, barcode and option value', async () => {
    expect(await search('campina')).toEqual([ids.creme]);
    expect(await search('zuivel')).toEqual([ids.creme]);
    expect(await search('biologisch')).toEqual([ids.kaas]);
    expect(await search('tee-ok')).toEqual([ids.shirt]);
    expect(await search(barcode)).toEqual([ids.kaas]);
    expect(await search('oker')).toEqual([ids.shirt]);
  });

  it('ranks an exact SKU match first, even above a product that mentions it in its name', async () => {
    const found = await search('KAAS-JB-500');
    expect(found[0]).toBe(ids.kaas);
    expect(found).toContain(ids.skuname);
  });

  it.each([
    `'; drop table products; --`,
    '"',
    '*',
    'OR',
    'NEAR(',
    'kaas OR melk',
    'kaas AND',
    '^kaas',
    'kaas:*',
    '\\',
    '💥',
    'ÿ̈',
    '(',
    '%',
    '_',
  ])('treats %j as plain text, never as FTS or SQL syntax', async (q) => {
    const res = await h.call('GET', `/api/v1/products?q=${encodeURIComponent(q)}`);
    expect(res.statusCode).toBe(200);
  });

  it('finds text with quotes and brackets by its words, and the table is still there', async () => {
    expect(await search('"engelse" (zoet')).toEqual([ids.sql]);
    expect(await search('kaas OR melk')).toEqual([]); // OR is a word to match, not an operator
    expect((await h.call('GET', '/api/v1/products')).json().items.length).toBeGreaterThan(0);
  });

  it('pages search results with a cursor, never skipping or repeating', async () => {
    const all = await search('kaas');
    expect(all.length).toBe(3);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await searchProducts(h.database, h.shop.organisationId, 'kaas', {
        limit: 1,
        cursor: cursor ?? undefined,
      });
      if (!page.ok) throw new Error(page.error.message);
      seen.push(...page.value.items.map((p) => p.id));
      cursor = page.value.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('refuses a cursor it did not give out (400)', async () => {
    const res = await h.call('GET', '/api/v1/products?q=kaas&cursor=bm9wZQ');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('CATALOG_INVALID_CURSOR');
    expect((await h.call('GET', '/api/v1/products?cursor=xyz')).statusCode).toBe(400);
  });

  it('lists by name with a stable cursor and filters by category', async () => {
    const names: string[] = [];
    let url = '/api/v1/products?limit=2';
    for (;;) {
      const page = (await h.call('GET', url)).json();
      names.push(...page.items.map((p: { name: string }) => p.name));
      if (!page.nextCursor) break;
      url = `/api/v1/products?limit=2&cursor=${page.nextCursor}`;
    }
    expect(names).toHaveLength(6);
    expect([...names].sort((a, b) => (a < b ? -1 : 1))).toEqual(names);
    const creme = (await h.call('GET', '/api/v1/products'))
      .json()
      .items.find((p: { id: string }) => p.id === ids.creme);
    const inCategory = (await h.call('GET', `/api/v1/products?categoryId=${creme.categoryId}`)).json();
    expect(inCategory.items.map((p: { id: string }) => p.id)).toEqual([ids.creme]);
  });

  it('keeps search in step with updates: a renamed product is found by its new name only', async () => {
    const product = (await h.call('GET', `/api/v1/products/${ids.kaas2}`)).json();
    await h.call('PUT', `/api/v1/products/${ids.kaas2}`, {
      version: product.version,
      name: 'Broodmes Solingen',
      taxClass: 'standard',
      variants: [{ id: product.variants[0].id, sku: 'SCHAAF-1', price: 100 }],
    });
    expect(await search('broodmes')).toEqual([ids.kaas2]);
    expect(await search('kaasschaaf')).toEqual([]);
  });

  it('keeps search in step with a category rename', async () => {
    const category = (await h.call('GET', '/api/v1/categories')).json().items[0];
    await h.call('PUT', `/api/v1/categories/${category.id}`, {
      version: category.version,
      name: 'Zuivel en eieren',
    });
    expect(await search('eieren')).toEqual([ids.creme]);
  });
});
