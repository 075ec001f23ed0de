import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyCatalogPage, categoryPage, searchItems, searchPage, type ItemPage } from '../src/db/catalogue.ts';
import { openRegisterDatabase, type RegisterDatabase } from '../src/db/database.ts';
import { aFeedProduct, aPage } from './support/builders.ts';

const STORE = '0192f1c4-0000-7000-8000-0000000000aa';
const CATEGORY = '0192f1c4-0000-7000-8000-0000000000cc';
const COLOURS = ['Oker', 'Zeegroen', 'Zand', 'Antraciet'];
let db: RegisterDatabase;

/** Every page of a listing, following `next` until there is none. */
async function allPages(first: (after: ItemPage['next']) => Promise<ItemPage>): Promise<string[][]> {
  const pages: string[][] = [];
  let after: ItemPage['next'] = null;
  do {
    const page = await first(after);
    pages.push(page.items.map((i) => i.name));
    after = page.next;
  } while (after && pages.length < 100);
  return pages;
}

beforeEach(async () => {
  db = openRegisterDatabase(`paging-${Math.random()}`);
  // 250 mugs (a quarter of them Oker), 50 "mokka" cups, 20 archived mugs, in one category.
  const products = [
    ...Array.from({ length: 250 }, (_, i) => aFeedProduct({ name: `Mok Strand ${COLOURS[i % 4]} ${i}`, categoryId: CATEGORY })),
    ...Array.from({ length: 50 }, (_, i) => aFeedProduct({ name: `Mokkakop ${i}`, categoryId: CATEGORY })),
    ...Array.from({ length: 20 }, (_, i) => aFeedProduct({ name: `Mok Strand Oker oud ${i}`, archived: true, categoryId: CATEGORY })),
  ];
  for (let i = 0; i < products.length; i += 100) await applyCatalogPage(db, aPage(products.slice(i, i + 100), String(i)), STORE);
});
afterEach(() => db.delete());

describe('searchPage', () => {
  it('pages through every match of one word exactly once, archived items never', async () => {
    const pages = await allPages((after) => searchPage(db, 'mok', { limit: 40, after }));
    const names = pages.flat();
    expect(pages.slice(0, -1).every((p) => p.length === 40)).toBe(true);
    expect(names).toHaveLength(300);
    expect(new Set(names).size).toBe(300);
    expect(names.some((n) => n.includes('oud'))).toBe(false);
    // The typed word itself comes before longer words: every "Mok …" before the first "Mokkakop".
    expect(names.findIndex((n) => n.startsWith('Mokkakop'))).toBe(250);
  });

  it('lists an item with two matching words once across pages', async () => {
    // "Mok" matches both "mok" and "mokkakop" of this product: it must appear once.
    await applyCatalogPage(db, aPage([aFeedProduct({ name: 'Mok Mokkakop Duo' })], '999'), STORE);
    const names = (await allPages((after) => searchPage(db, 'mok', { limit: 7, after }))).flat();
    expect(names.filter((n) => n === 'Mok Mokkakop Duo')).toHaveLength(1);
    expect(names).toHaveLength(301);
  });

  it('pages through the intersection of several words (a full name), in the order of the longest', async () => {
    const pages = await allPages((after) => searchPage(db, 'mok strand oker', { limit: 25, after }));
    expect(pages.map((p) => p.length)).toEqual([25, 25, 13]);
    expect(pages.flat().every((n) => /^Mok Strand Oker \d+$/.test(n))).toBe(true);
    expect(new Set(pages.flat()).size).toBe(63);
  });

  it('filters in memory by short words that would not narrow the index', async () => {
    const names = (await allPages((after) => searchPage(db, 'mok z', { limit: 40, after }))).flat();
    // Zeegroen and Zand: half of the 250 mugs.
    expect(names).toHaveLength(125);
  });

  it('switches to intersecting keys when a short word matches few of the first word\'s range, and pages on that way', async () => {
    // 200 vases, 5 of them Roest: walking "vaas" for "r" would read the whole range.
    await applyCatalogPage(db, aPage([...Array.from({ length: 200 }, (_, i) => aFeedProduct({ name: `Vaas Duin ${i}` })), ...Array.from({ length: 5 }, (_, i) => aFeedProduct({ name: `Vaas Duin Roest ${i}` }))], '999'), STORE);
    const first = await searchPage(db, 'vaas r', { limit: 2 });
    expect(first.next).toMatchObject({ keys: true });
    const names = (await allPages((after) => searchPage(db, 'vaas r', { limit: 2, after }))).flat();
    expect([...names].sort()).toEqual(Array.from({ length: 5 }, (_, i) => `Vaas Duin Roest ${i}`));
    // A short word most of the range has keeps walking (no key sets read).
    expect((await searchPage(db, 'vaas d', { limit: 2 })).next).not.toHaveProperty('keys');
  });

  it('answers a query that fits one page sorted by name, with no next page; nothing for nothing', async () => {
    const page = await searchPage(db, 'mokkakop 1', { limit: 40 });
    expect(page.next).toBeNull();
    expect(page.items.map((i) => i.name)).toEqual([...page.items.map((i) => i.name)].sort((a, b) => a.localeCompare(b)));
    expect(await searchPage(db, 'mok paars', { limit: 40 })).toEqual({ items: [], next: null });
    expect(await searchPage(db, '  ', { limit: 40 })).toEqual({ items: [], next: null });
  });

  it('keeps searchItems (the first page, by name) for the small pickers', async () => {
    const items = await searchItems(db, 'mok', 12);
    expect(items).toHaveLength(12);
    expect(items.map((i) => i.name)).toEqual([...items.map((i) => i.name)].sort((a, b) => a.localeCompare(b)));
  });
});

describe('categoryPage', () => {
  it('pages through a category of hundreds of items, each once, without the archived ones', async () => {
    const pages = await allPages((after) => categoryPage(db, CATEGORY, { limit: 60, after }));
    expect(pages.flat()).toHaveLength(300);
    expect(new Set(pages.flat()).size).toBe(300);
    expect(pages[0]).toHaveLength(60);
  });
});

describe('applyCatalogPage', () => {
  it('removes the variants a product no longer has when the product comes again', async () => {
    const product = aFeedProduct({ name: 'Sjaal Duin' });
    const second = { ...product.variants[0]!, id: '0192f1c4-0000-7000-8000-0000000000ee', sku: 'SJL-2' };
    await applyCatalogPage(db, aPage([{ ...product, variants: [product.variants[0]!, second] }], '1000'), STORE);
    expect(await db.items.where('productId').equals(product.id).count()).toBe(2);
    await applyCatalogPage(db, aPage([{ ...product, variants: [second] }], '1001'), STORE);
    expect(await db.items.where('productId').equals(product.id).primaryKeys()).toEqual([second.id]);
    expect(await db.items.count()).toBe(321);
  });
});
