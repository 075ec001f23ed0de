import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { SEARCH_CANDIDATES, importProducts, searchProducts } from '../src/modules/catalog/index.ts';
import { aProduct, aVariant, startCatalog, type CatalogHarness } from './catalog-builders.ts';

// Search ranks a capped candidate set (search-index.ts). These tests hold it
// to what a cashier and an integrator rely on: whole words first, exact codes
// first wherever they lie, long words matched as prefixes, and paging that
// reaches every match exactly once past the cap.

const BROAD = SEARCH_CANDIDATES + 150;

describe.each(DIALECTS)('search ranking and the candidate cap on %s', (dialect) => {
  let h: CatalogHarness;
  let lateId = '';

  beforeAll(async () => {
    h = await startCatalog(dialect);
    // More "Vaas" products than the cap, in one import (search ids in this order).
    const vases = Array.from({ length: BROAD }, (_, i) =>
      aProduct({ name: `Vaas Glas ${String(i).padStart(4, '0')}`, variants: [aVariant()] }),
    );
    // The last one, past the cap in index order, has the SKU "VAAS": typing
    // "vaas" is an exact hit on it as well as a prefix of every vase.
    vases[BROAD - 1]!.variants[0]!.sku = 'VAAS';
    const imported = await importProducts(h.database.db, dialect, h.shop.organisationId, vases, {
      now: '2026-11-27T09:00:00.000Z',
    });
    if (!imported.ok) throw new Error(imported.error.message);
    const late = await h.database.db
      .selectFrom('variants')
      .select('product_id')
      .where('sku', '=', 'VAAS')
      .executeTakeFirstOrThrow();
    lateId = late.product_id;
    for (const body of [
      aProduct({ name: 'Mokka bonen', variants: [aVariant()] }),
      aProduct({ name: 'Mok Strand', variants: [aVariant()] }),
      aProduct({ name: 'Citroen taart', variants: [aVariant()] }),
      aProduct({ name: 'Citroenen per kilo', variants: [aVariant()] }),
      // Same-length SKUs and no barcodes: their search texts differ only by their words.
      aProduct({ name: 'Theepotten Delfts Blauw', variants: [aVariant({ sku: 'TP-1', barcodes: [] })] }),
      aProduct({ name: 'Theepot Delftsblauw', variants: [aVariant({ sku: 'TP-2', barcodes: [] })] }),
      aProduct({ name: 'Delfts Theepot Groot', variants: [aVariant({ sku: 'TP-3', barcodes: [] })] }),
      aProduct({ name: 'Theepot Delfts', variants: [aVariant({ sku: 'TP-4', barcodes: [] })] }),
      // Glass without a word starting with "v": a long word beside a short one must still check both.
      aProduct({ name: 'Glas Karaf', variants: [aVariant({ sku: 'GK-1', barcodes: [] })] }),
    ])
      expect((await h.call('POST', '/api/v1/products', body)).statusCode).toBe(201);
  });
  afterAll(async () => h?.close());

  const names = async (q: string) => {
    const res = await h.call('GET', `/api/v1/products?q=${encodeURIComponent(q)}`);
    expect(res.statusCode).toBe(200);
    return res.json().items.map((p: { name: string }) => p.name) as string[];
  };

  it('ranks a word typed whole above longer words that start with it', async () => {
    expect(await names('mok')).toEqual(['Mok Strand', 'Mokka bonen']);
  });

  it('ranks several words by how many are typed whole, then by the shorter product, in any word order', async () => {
    const ranked = [
      'Theepot Delfts',
      'Delfts Theepot Groot',
      'Theepot Delftsblauw',
      'Theepotten Delfts Blauw',
    ];
    expect(await names('theepot delfts')).toEqual(ranked);
    expect(await names('delfts theepot')).toEqual(ranked);
    // Neither word whole in any of them: the shortest search text first.
    expect(await names('theep delf')).toEqual([
      'Theepot Delfts',
      'Theepot Delftsblauw',
      'Delfts Theepot Groot',
      'Theepotten Delfts Blauw',
    ]);
  });

  it('matches words longer than the indexed prefix as prefixes, not by their first letters', async () => {
    expect(await names('citroene')).toEqual(['Citroenen per kilo']);
    expect(await names('citroen taa')).toEqual(['Citroen taart']);
    expect(await names('citroenx')).toEqual([]);
  });

  it('puts an exact SKU first even when the product lies past the candidate cap', async () => {
    // SKUs compare exactly, as printed on the label.
    const page = await searchProducts(h.database, h.shop.organisationId, 'VAAS', { limit: 3 });
    if (!page.ok) throw new Error(page.error.message);
    expect(page.value.items[0]!.id).toBe(lateId);
    expect(page.value.items[0]!.name).toBe(`Vaas Glas ${BROAD - 1}`);
  });

  // 200 ends a page exactly where the candidates end; 150 mixes both parts on one page.
  it.each([200, 150])(
    'pages (%i a page) through every match of a query broader than the cap, each exactly once',
    async (limit) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await searchProducts(h.database, h.shop.organisationId, 'VAAS', {
          limit,
          cursor: cursor ?? undefined,
        });
        if (!page.ok) throw new Error(page.error.message);
        for (const product of page.value.items) expect(product.name).toMatch(/^Vaas Glas/);
        seen.push(...page.value.items.map((p) => p.id));
        cursor = page.value.nextCursor;
        pages += 1;
      } while (cursor && pages < 50);
      expect(seen.length).toBe(BROAD);
      expect(new Set(seen).size).toBe(BROAD);
      expect(seen[0]).toBe(lateId); // the exact hit, once, first
    },
  );

  /** Every page of a search, as product names, in order (at most 50 pages). */
  async function allPages(q: string, limit: number): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await searchProducts(h.database, h.shop.organisationId, q, {
        limit,
        cursor: cursor ?? undefined,
      });
      if (!page.ok) throw new Error(page.error.message);
      seen.push(...page.value.items.map((p) => p.name));
      cursor = page.value.nextCursor;
      pages += 1;
    } while (cursor && pages < 50);
    return seen;
  }

  it('pages through every match of several words broader than the cap, each exactly once, best first', async () => {
    const seen = await allPages('glas vaas', 200);
    expect(seen.length).toBe(BROAD);
    expect(new Set(seen).size).toBe(BROAD);
    expect(seen.every((name) => name.startsWith('Vaas Glas'))).toBe(true);
  });

  // One long word beside a one-letter word (as "t-shirt"): PostgreSQL reads its candidates from the
  // term table by the long word (postgresDrivenMatch); the result must be the prefix index's.
  it('pages through a long word beside a one-letter word broader than the cap, each match once, the short word checked', async () => {
    const seen = await allPages('glas v', 150);
    expect(seen.length).toBe(BROAD);
    expect(new Set(seen).size).toBe(BROAD);
    expect(seen.every((name) => name.startsWith('Vaas Glas'))).toBe(true);
    expect(await names('karaf g')).toEqual(['Glas Karaf']);
    expect(await names('karaf v')).toEqual([]);
  });
});
