import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  applyCatalogPage,
  categoryPage,
  searchPage,
  type ItemPage,
  type ListCursor,
} from '../src/db/catalogue.ts';
import {
  dropCatalogueIndex,
  readyCatalogueIndex,
  startEmptyCatalogueIndex,
  warmCatalogueIndex,
} from '../src/db/catalogue-memory.ts';
import { openRegisterDatabase, type RegisterDatabase } from '../src/db/database.ts';
import { aFeedProduct, aPage } from './support/builders.ts';

const STORE = '0192f1c4-0000-7000-8000-0000000000aa';
const CATEGORY = '0192f1c4-0000-7000-8000-0000000000cc';
const THEMES = ['Strand', 'Duin', 'Polder', 'Crème'];
const COLOURS = ['Oker', 'Zeegroen', 'Zand', 'Antraciet', 'Café'];
const QUERIES = [
  'mok',
  'mok s',
  'mok z',
  'mok strand oker',
  'creme',
  'CRÈME caf',
  'vaas d',
  'hh-',
  'z',
  'kop 1',
  'mok paars',
];
let db: RegisterDatabase;

/** Every item of every page of a listing, following `next` until there is none. */
async function allNames(first: (after: ListCursor | null) => Promise<ItemPage>): Promise<string[]> {
  const names: string[] = [];
  let after: ListCursor | null = null;
  for (let pages = 0; pages < 200; pages++) {
    const page: ItemPage = await first(after);
    names.push(...page.items.map((i) => i.name));
    after = page.next;
    if (!after) break;
  }
  return names;
}

const search = (query: string) => allNames((after) => searchPage(db, query, { limit: 25, after }));

beforeEach(async () => {
  db = openRegisterDatabase(`memory-${Math.random()}`);
  const products = [
    ...Array.from({ length: 240 }, (_, i) =>
      aFeedProduct({
        name: `Mok ${THEMES[i % 4]} ${COLOURS[i % 5]} ${i}`,
        sku: `HH-MOK-${i}`,
        categoryId: CATEGORY,
      }),
    ),
    ...Array.from({ length: 60 }, (_, i) => aFeedProduct({ name: `Mokkakop ${i}`, categoryId: CATEGORY })),
    ...Array.from({ length: 40 }, (_, i) => aFeedProduct({ name: `Vaas Duin ${i}`, brand: 'Crème & Co' })),
    ...Array.from({ length: 20 }, (_, i) =>
      aFeedProduct({ name: `Mok Strand Oker oud ${i}`, archived: true, categoryId: CATEGORY }),
    ),
  ];
  for (let i = 0; i < products.length; i += 100)
    await applyCatalogPage(db, aPage(products.slice(i, i + 100), String(i)), STORE);
});
afterEach(async () => {
  dropCatalogueIndex(db);
  await db.delete();
});

describe('the in-memory catalogue index', () => {
  it('finds exactly what the IndexedDB search finds, for every query, across pages', async () => {
    const fromStore = await Promise.all(QUERIES.map((q) => search(q)));
    expect(readyCatalogueIndex(db)).toBeNull();
    await warmCatalogueIndex(db);
    expect(readyCatalogueIndex(db)?.size).toBe(340);
    const fromMemory = await Promise.all(QUERIES.map((q) => search(q)));
    for (const [i, query] of QUERIES.entries()) {
      expect({ query, names: [...fromMemory[i]!].sort() }).toEqual({
        query,
        names: [...fromStore[i]!].sort(),
      });
      expect(new Set(fromMemory[i]).size).toBe(fromMemory[i]!.length);
    }
    expect(fromMemory[QUERIES.indexOf('mok s')]).toHaveLength(120);
    expect(fromMemory[QUERIES.indexOf('mok paars')]).toEqual([]);
  });

  it('ranks the words typed whole first, then shorter names', async () => {
    await warmCatalogueIndex(db);
    const names = await search('mok');
    expect(names.findIndex((n) => n.startsWith('Mokkakop'))).toBe(240);
    // The two shortest names (15 characters) by name, then the first of 16.
    expect(names.slice(0, 3)).toEqual(['Mok Duin Café 9', 'Mok Duin Oker 5', 'Mok Crème Zand 7']);
  });

  it('lists a category, each sellable item once', async () => {
    const fromStore = await allNames((after) => categoryPage(db, CATEGORY, { limit: 60, after }));
    await warmCatalogueIndex(db);
    const fromMemory = await allNames((after) => categoryPage(db, CATEGORY, { limit: 60, after }));
    expect(fromMemory).toHaveLength(300);
    expect([...fromMemory].sort()).toEqual([...fromStore].sort());
  });

  it('follows the catalogue pages applied after it was built: renamed, archived, variants gone, new', async () => {
    await warmCatalogueIndex(db);
    const renamed = await db.items.filter((i) => i.name === 'Mok Strand Oker 0').first();
    const archived = await db.items.filter((i) => i.name === 'Vaas Duin 3').first();
    const page = aPage(
      [
        {
          ...aFeedProduct({ name: 'Mok Polder Roest' }),
          id: renamed!.productId,
          variants: [{ ...aFeedProduct().variants[0]!, id: renamed!.variantId }],
        },
        {
          ...aFeedProduct({ name: 'Vaas Duin 3', archived: true }),
          id: archived!.productId,
          variants: [{ ...aFeedProduct().variants[0]!, id: archived!.variantId }],
        },
        aFeedProduct({ name: 'Plaid Zeebries' }),
      ],
      '500',
    );
    await applyCatalogPage(db, page, STORE);
    expect(await search('mok strand oker 0')).toEqual([]);
    expect(await search('polder roest')).toEqual(['Mok Polder Roest']);
    expect(await search('vaas duin 3')).not.toContain('Vaas Duin 3');
    expect(await search('vaas duin')).toHaveLength(39);
    expect(await search('zeebr')).toEqual(['Plaid Zeebries']);
    // A product that loses a variant: the variant leaves the index with its row.
    const product = await db.items.filter((i) => i.name === 'Mokkakop 7').first();
    await applyCatalogPage(
      db,
      aPage([{ ...aFeedProduct({ name: 'Mokkakop 7' }), id: product!.productId }], '501'),
      STORE,
    );
    expect(await db.items.get(product!.variantId)).toBeUndefined();
    expect(await search('mokkakop 7')).toEqual(['Mokkakop 7']);
    expect(readyCatalogueIndex(db)?.size).toBe(340);
  });

  it('grows with a first load into an empty table, with no lookup of old variants', async () => {
    const fresh = openRegisterDatabase(`memory-fresh-${Math.random()}`);
    try {
      startEmptyCatalogueIndex(fresh);
      const products = Array.from({ length: 50 }, (_, i) => aFeedProduct({ name: `Thee Munt ${i}` }));
      await applyCatalogPage(fresh, aPage(products.slice(0, 25), '25'), STORE, { isNew: () => true });
      await applyCatalogPage(fresh, aPage(products.slice(25), '50'), STORE, { isNew: () => true });
      expect(readyCatalogueIndex(fresh)?.size).toBe(50);
      expect((await searchPage(fresh, 'thee munt', { limit: 60 })).items).toHaveLength(50);
      expect(await fresh.items.count()).toBe(50);
    } finally {
      dropCatalogueIndex(fresh);
      await fresh.delete();
    }
  });

  it('builds again when another tab applied catalogue pages (the cursor moved, not by this tab)', async () => {
    await warmCatalogueIndex(db);
    // Another tab: its own connection to the same database, and its own sync.
    const other = openRegisterDatabase(db.name);
    try {
      await applyCatalogPage(other, aPage([aFeedProduct({ name: 'Plaid Houtvuur' })], '900'), STORE);
      expect(readyCatalogueIndex(db)?.search('houtvuur', 0, 10).items).toEqual([]);
      await vi.waitFor(
        () => expect(readyCatalogueIndex(db)?.search('houtvuur', 0, 10).items).toHaveLength(1),
        { timeout: 8000, interval: 200 },
      );
    } finally {
      other.close();
    }
  }, 15_000);

  it('keeps paging from IndexedDB when the index became ready after the first page', async () => {
    const first = await searchPage(db, 'mok', { limit: 25 });
    await warmCatalogueIndex(db);
    const second = await searchPage(db, 'mok', { limit: 25, after: first.next });
    expect(second.next).not.toHaveProperty('ranked');
    expect(new Set([...first.items, ...second.items].map((i) => i.variantId)).size).toBe(50);
  });
});
