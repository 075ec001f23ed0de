import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '@kassa/contracts';
import { DIALECTS } from './support/databases.ts';
import { parseDatabaseUrl } from '../src/config.ts';
import { createDatabase } from '../src/db/database.ts';
import { generateDemoProducts, seededRandom } from '../src/demo/generate-products.ts';
import {
  SearchMemory,
  findVariantByBarcode,
  importProducts,
  searchProducts,
  type SearchOptions,
} from '../src/modules/catalog/index.ts';
import { compareCodePoints, sortInSlices } from '../src/modules/catalog/search-memory-data.ts';
import { aProduct, aVariant, startCatalog, type CatalogHarness } from './catalog-builders.ts';

// Search from memory (search-index.memory.ts) must answer exactly what the SQL
// indexes answer, page by page and cursor by cursor: the register's back
// office pages with cursors made by either. Every query here is run through
// both and compared whole, before and after the catalogue changes under the
// memory's feet.

const NOW = '2026-11-28T09:00:00.000Z';

describe('byte order of text (SQLite BINARY, PostgreSQL "C")', () => {
  it('puts astral characters after every other, as their UTF-8 bytes do', () => {
    const sorted = ['\u{1D49C}x', 'b', '\uFF4Dok', 'a', 'ab', '\u00e9', ''].sort(compareCodePoints);
    expect(sorted).toEqual(['', 'a', 'ab', 'b', '\u00e9', '\uFF4Dok', '\u{1D49C}x']);
    const bytes = [...sorted].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect(sorted).toEqual(bytes);
  });

  it.each([false, true])(
    'sorts many terms in slices and merges them into byte order (astral letters: %s)',
    async (astral) => {
      const random = seededRandom(3);
      const alphabet = ['a', 'b', 'z', '0', '9', '\u00e9', '\uFF4D', ...(astral ? ['\u{1D49C}'] : [])];
      const terms = new Set<string>();
      while (terms.size < 70_000)
        terms.add(
          Array.from(
            { length: 1 + Math.floor(random() * 6) },
            () => alphabet[Math.floor(random() * alphabet.length)],
          ).join(''),
        );
      let pauses = 0;
      const sorted = await sortInSlices([...terms], astral, async () => {
        pauses += 1;
      });
      expect(sorted).toEqual([...terms].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
      expect(pauses).toBeGreaterThan(4); // 70,000 terms are several slices, merged in steps
    },
  );
});

describe.each(DIALECTS)('catalogue search from memory on %s', (dialect) => {
  let h: CatalogHarness;
  let memory: SearchMemory;
  let org = '';
  let names: string[] = [];
  const categoryIds: string[] = [];
  const created: Product[] = [];

  beforeAll(async () => {
    h = await startCatalog(dialect);
    org = h.shop.organisationId;
    // More products than the candidate cap (1,000) for the broad words, so pages run past it.
    const generated = generateDemoProducts(1500, 5);
    names = generated.map((p) => p.name);
    const imported = await importProducts(h.database.db, dialect, org, generated, { now: NOW });
    if (!imported.ok) throw new Error(imported.error.message);
    for (const name of ['Servies', 'Tuin']) {
      const category = await h.call('POST', '/api/v1/categories', { name });
      categoryIds.push(category.json().id);
    }
    // Ties of name and length, byte order past ASCII, SKUs typed as words, categories.
    for (const body of [
      aProduct({ name: 'Mok Strand', categoryId: categoryIds[0], variants: [aVariant({ sku: 'MOK-1' })] }),
      aProduct({ name: 'Mok Strand', categoryId: categoryIds[0], variants: [aVariant({ sku: 'MOK-2' })] }),
      aProduct({ name: 'Mokka bonen', variants: [aVariant({ sku: 'MOKKA' })] }),
      aProduct({
        name: 'Mok \u{1D49C}lfa',
        categoryId: categoryIds[1],
        variants: [aVariant({ sku: 'MOK-3' })],
      }),
      aProduct({ name: 'Mok \uFF4Dini', categoryId: categoryIds[1], variants: [aVariant({ sku: 'MOK-4' })] }),
      aProduct({ name: 'Mok Émaille', variants: [aVariant({ sku: 'MOK-5' })] }),
      aProduct({ name: 'Mokjes set', variants: [aVariant({ sku: 'mok' })] }),
    ]) {
      const res = await h.call('POST', '/api/v1/products', body);
      expect(res.statusCode).toBe(201);
      created.push(res.json());
    }
    memory = new SearchMemory(h.database.db, { maxBytes: 64 * 1024 * 1024, rebuildAfter: 40, pageSize: 300 });
  });
  afterAll(async () => {
    await memory?.close();
    await h?.close();
  });

  /** Queries a cashier and an integrator type: words and prefixes of real names, codes, odd ones. */
  function queries(): string[] {
    const random = seededRandom(17);
    const typed = Array.from({ length: 40 }, () => {
      const words = names[Math.floor(random() * names.length)]!.toLowerCase().split(' ');
      const n = 1 + Math.floor(random() * Math.min(3, words.length));
      const start = Math.floor(random() * (words.length - n + 1));
      const chosen = words.slice(start, start + n);
      const last = chosen.at(-1)!;
      if (random() < 0.6 && last.length > 2)
        chosen[chosen.length - 1] = last.slice(0, 1 + Math.floor(random() * 3));
      return chosen.join(' ');
    });
    const sku = created[0]!.variants[0]!.sku;
    const barcode = created[2]!.variants[0]!.barcodes[0]!;
    return [
      ...typed,
      ...[
        'm',
        'mo',
        'mok',
        'mok s',
        'mok strand',
        'mokka',
        'mok m',
        'mok \u{1D49C}',
        'mok \uFF4D',
        'mok emaille',
      ],
      ...[
        '005',
        '00',
        '005 s',
        's',
        't',
        'a',
        't-s',
        'haven',
        'mok haven',
        '1',
        '0',
        'zzz',
        'mok-2',
        sku,
        barcode,
        'MOK',
      ],
    ];
  }

  const optionSets = (): SearchOptions[] => [
    { limit: 200 },
    { limit: 7 },
    { limit: 50, archived: true },
    ...categoryIds.map((categoryId) => ({ limit: 3, categoryId })),
  ];

  /** Every page of a search as [products, cursor] pairs (at most 15 pages): whole products, as the API returns them. */
  async function pages(q: string, options: SearchOptions, withMemory: boolean): Promise<unknown[]> {
    const deps = withMemory ? { ...h.database, searchMemory: memory } : h.database;
    const seen: unknown[] = [];
    let cursor: string | undefined;
    for (let n = 0; n < 15; n++) {
      const page = await searchProducts(deps, org, q, { ...options, cursor });
      if (!page.ok) throw new Error(page.error.message);
      seen.push([page.value.items, page.value.nextCursor]);
      if (!page.value.nextCursor) break;
      cursor = page.value.nextCursor;
    }
    return seen;
  }

  async function expectSameAnswers(): Promise<number> {
    expect(await memory.ready(org)).toBe(true);
    let compared = 0;
    for (const q of queries()) {
      for (const options of optionSets()) {
        const fromSql = await pages(q, options, false);
        const fromMemory = await pages(q, options, true);
        expect({ q, options, pages: fromMemory }).toEqual({ q, options, pages: fromSql });
        compared += fromSql.length;
      }
    }
    return compared;
  }

  it('answers every query, page and cursor as the SQL index does', async () => {
    expect(await memory.current(org)).toBeUndefined(); // built in the background from the first search on
    expect(await memory.ready(org)).toBe(true);
    expect(await memory.current(org)).toBeDefined();
    // The products themselves are held too: the pages' products below come from memory.
    expect(memory.usage()[0]!.documentBytes).toBeGreaterThan(0);
    const compared = await expectSameAnswers();
    expect(compared).toBeGreaterThan(300);
    // Every generated SKU holds the word "005": past the candidate cap, the index-order part was compared too.
    const broad = await pages('005', { limit: 200 }, true);
    expect(broad.length).toBeGreaterThan(5);
  });

  it('continues a page that SQL started, and the other way round', async () => {
    const first = await searchProducts(h.database, org, 'mok', { limit: 2 });
    if (!first.ok) throw new Error(first.error.message);
    const fromMemory = await searchProducts({ ...h.database, searchMemory: memory }, org, 'mok', {
      limit: 2,
      cursor: first.value.nextCursor!,
    });
    const fromSql = await searchProducts(h.database, org, 'mok', {
      limit: 2,
      cursor: first.value.nextCursor!,
    });
    expect(fromMemory).toEqual(fromSql);
    expect(fromMemory.ok && fromMemory.value.items.length).toBe(2);
  });

  it('finds what was written a moment ago: new, renamed, archived, restored products and a renamed category', async () => {
    const before = memory.usage()[0]!;
    const [strand, , mokka] = created as [Product, Product, Product];
    const renamed = await h.call('PUT', `/api/v1/products/${mokka.id}`, {
      version: mokka.version,
      name: 'Koffiemok Haven',
      taxClass: 'standard',
      variants: [{ id: mokka.variants[0]!.id, sku: mokka.variants[0]!.sku, price: 1295 }],
    });
    expect(renamed.statusCode).toBe(200);
    expect((await h.call('POST', `/api/v1/products/${strand.id}/archive`)).statusCode).toBe(200);
    const fresh = await h.call(
      'POST',
      '/api/v1/products',
      aProduct({ name: 'Zeefmok Nieuw', variants: [aVariant()] }),
    );
    expect(fresh.statusCode).toBe(201);
    const moved = await h.call('PUT', `/api/v1/categories/${categoryIds[1]}`, {
      version: 1,
      name: 'Buitenleven',
    });
    expect(moved.statusCode).toBe(200);

    const withMemory = { ...h.database, searchMemory: memory };
    const idsFor = async (q: string, options: SearchOptions = {}) => {
      const page = await searchProducts(withMemory, org, q, options);
      if (!page.ok) throw new Error(page.error.message);
      return page.value.items.map((p) => p.id);
    };
    expect(await idsFor('zeefmok')).toEqual([fresh.json().id]);
    expect(await idsFor('koffiemok haven')).toEqual([mokka.id]);
    // The product as saved, not as held before: its name, price and barcodes.
    const saved = await searchProducts(withMemory, org, 'koffiemok haven');
    expect(saved.ok && saved.value.items).toEqual([renamed.json()]);
    expect(await idsFor('mokka bonen')).toEqual([]);
    expect(await idsFor('buitenleven')).toHaveLength(2);
    expect(await idsFor('mok strand')).not.toContain(strand.id);
    expect(await idsFor('mok strand', { archived: true })).toEqual([strand.id]);
    // Held beside the data built before, not rebuilt.
    const after = memory.usage()[0]!;
    expect(after.products).toBe(before.products);
    expect(after.changedSinceBuild).toBeGreaterThanOrEqual(5);
    expect(await expectSameAnswers()).toBeGreaterThan(300);
  });

  it('rebuilds after a bulk change and answers the same again', async () => {
    const more = generateDemoProducts(60, 6);
    const imported = await importProducts(h.database.db, dialect, org, more, { now: NOW });
    if (!imported.ok) throw new Error(imported.error.message);
    names = [...names, ...more.map((p) => p.name)];
    // Sixty changes are more than the forty held beside the data: searches run on SQL until rebuilt.
    expect(await memory.current(org)).toBeUndefined();
    const page = await searchProducts({ ...h.database, searchMemory: memory }, org, more[0]!.name, {
      limit: 5,
    });
    expect(page.ok && page.value.items.map((p) => p.name)).toContain(more[0]!.name);
    expect(await memory.ready(org)).toBe(true);
    expect(memory.usage()[0]!.changedSinceBuild).toBe(0);
    expect(await expectSameAnswers()).toBeGreaterThan(300);
  });

  it('answers from SQL when the catalogue changes cannot be read', async () => {
    // A memory on a connection of its own, which then goes away (a database restart, say).
    const own = createDatabase(parseDatabaseUrl(h.database.url));
    const lost = new SearchMemory(own.db, { maxBytes: 64 * 1024 * 1024 });
    try {
      expect(await lost.ready(org)).toBe(true);
      await own.close();
      expect(await lost.current(org)).toBeUndefined();
      const page = await searchProducts({ ...h.database, searchMemory: lost }, org, 'mok', { limit: 4 });
      expect(page).toEqual(await searchProducts(h.database, org, 'mok', { limit: 4 }));
    } finally {
      await lost.close();
    }
  });

  /** Every barcode of the organisation, and codes no product has. */
  async function everyCode(): Promise<string[]> {
    const rows = await h.database.db
      .selectFrom('barcodes')
      .select('code')
      .where('organisation_id', '=', org)
      .orderBy('code')
      .execute();
    return [...rows.map((r) => r.code), '0000000000000', 'not-a-code'];
  }

  it('answers scanned barcodes from memory as SQL does, archived, moved and removed codes too', async () => {
    const scan = (code: string, withMemory: boolean) =>
      findVariantByBarcode(h.database.db, org, code, withMemory ? memory : undefined);
    const expectSameLookups = async () => {
      expect(await memory.ready(org)).toBe(true);
      const codes = await everyCode();
      expect(codes.length).toBeGreaterThan(1500);
      for (const code of codes)
        expect({ code, found: await scan(code, true) }).toEqual({ code, found: await scan(code, false) });
    };
    await expectSameLookups();
    // A code taken off one product and given to another a moment ago (the products archived by the
    // tests before are among everyCode's, flagged as SQL flags them).
    const [from, to] = [created[3]!, created[4]!];
    const moved = from.variants[0]!.barcodes[0]!;
    /** Saves the product's one variant with these barcodes; the product as it was before. */
    const saveBarcodes = async (id: string, barcodes: (was: Product) => string[]) => {
      const was = (await h.call('GET', `/api/v1/products/${id}`)).json() as Product;
      const [variant] = was.variants as [Product['variants'][number]];
      const saved = await h.call('PUT', `/api/v1/products/${id}`, {
        version: was.version,
        name: was.name,
        taxClass: 'standard',
        variants: [{ id: variant.id, sku: variant.sku, price: variant.price, barcodes: barcodes(was) }],
      });
      expect(saved.statusCode).toBe(200);
      return was;
    };
    await saveBarcodes(from.id, () => []);
    const gets = await saveBarcodes(to.id, (was) => [...was.variants[0]!.barcodes, moved]);
    const found = await scan(moved, true);
    expect(found.ok && found.value.product.id).toBe(to.id);
    expect(found.ok && found.value.product.version).toBe(gets.version + 1);
    await expectSameLookups();
  });

  it('answers a held barcode with one statement, the change counter, and reads no product', async () => {
    const statements: string[] = [];
    const counted = createDatabase(parseDatabaseUrl(h.database.url), {
      onQuery: (text) => statements.push(text),
    });
    const own = new SearchMemory(counted.db, { maxBytes: 64 * 1024 * 1024 });
    try {
      expect(await own.ready(org)).toBe(true);
      const [code] = await everyCode();
      statements.length = 0;
      const found = await findVariantByBarcode(counted.db, org, code!, own);
      expect(found).toEqual(await findVariantByBarcode(h.database.db, org, code!));
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatch(/from "counters"/);
    } finally {
      await own.close();
      await counted.close();
    }
  });

  it('holds the search data without the products when only the search data fits', async () => {
    expect(await memory.ready(org)).toBe(true);
    const { bytes, documentBytes } = memory.usage()[0]!;
    const searchOnly = new SearchMemory(h.database.db, { maxBytes: bytes - documentBytes + 1024 });
    try {
      expect(await searchOnly.ready(org)).toBe(true);
      expect(searchOnly.usage()[0]!.documentBytes).toBe(0);
      const withMemory = { ...h.database, searchMemory: searchOnly };
      for (const q of ['mok', 'mok s', '005', 'haven'])
        expect(await searchProducts(withMemory, org, q, { limit: 20 })).toEqual(
          await searchProducts(h.database, org, q, { limit: 20 }),
        );
      for (const code of (await everyCode()).slice(0, 50))
        expect(await findVariantByBarcode(h.database.db, org, code, searchOnly)).toEqual(
          await findVariantByBarcode(h.database.db, org, code),
        );
    } finally {
      await searchOnly.close();
    }
  });

  it('keeps nothing it has no room for, and search still answers from SQL', async () => {
    const tiny = new SearchMemory(h.database.db, { maxBytes: 100_000 });
    try {
      expect(await tiny.ready(org)).toBe(false);
      expect(tiny.usage()).toEqual([]);
      const page = await searchProducts({ ...h.database, searchMemory: tiny }, org, 'mok', { limit: 3 });
      const sql = await searchProducts(h.database, org, 'mok', { limit: 3 });
      expect(page).toEqual(sql);
    } finally {
      await tiny.close();
    }
  });
});
