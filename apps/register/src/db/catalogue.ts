import type { CatalogChanges } from '@kassa/contracts';
import type { LocalItem, LocalTaxRate, RegisterDatabase } from './database.ts';
import type { RankedItems } from './catalogue-index.ts';
import { catalogueIndexApplied, readyCatalogueIndex } from './catalogue-memory.ts';
import { wordsOf } from './words.ts';

export { fold, wordsOf } from './words.ts';

type FeedProduct = CatalogChanges['products'][number];

/** Flattens a product of the feed into one row per variant, with this store's price. */
export function itemsOfProduct(product: FeedProduct, storeId: string): LocalItem[] {
  return product.variants.map((variant) => {
    const options = Object.values(variant.options ?? {}).join(' ');
    const storePrice = variant.storePrices.find((p) => p.storeId === storeId);
    return {
      variantId: variant.id,
      productId: product.id,
      name: options ? `${product.name} ${options}` : product.name,
      sku: variant.sku,
      barcodes: variant.barcodes,
      price: storePrice?.price ?? variant.price,
      taxClass: product.taxClass,
      unit: product.unit,
      categoryId: product.categoryId,
      archived: product.archived || variant.archived,
      words: wordsOf(product.name, product.brand, options, variant.sku, ...variant.barcodes, ...product.tags),
    };
  });
}

export interface ApplyPageOptions {
  /** True for a product certainly not stored yet (a first load into an empty table): its old variants need no lookup. */
  isNew?: (productId: string) => boolean;
}

/**
 * Applies one page of the change feed in one transaction, cursor included, so a crash mid-page
 * leaves the old cursor and the page is simply fetched again. The variants a product no longer has
 * are found with reads issued together (none for the new products of a first load) and the page is
 * written with one bulkPut: a 100,000-product first load is 100 pages of 1,000. The in-memory
 * search index (catalogue-memory.ts) gets the same changes once they are committed.
 */
export async function applyCatalogPage(db: RegisterDatabase, page: CatalogChanges, storeId: string, { isNew }: ApplyPageOptions = {}): Promise<string[]> {
  const items = page.products.flatMap((product) => itemsOfProduct(product, storeId));
  const keep = new Set(items.map((i) => i.variantId));
  const known = isNew ? page.products.filter((p) => !isNew(p.id)) : page.products;
  let stale: string[] = [];
  await db.transaction('rw', [db.items, db.taxRates, db.categories, db.meta], async () => {
    if (known.length) {
      // Issued together (not awaited one by one): IndexedDB answers them in one go.
      const existing = (await Promise.all(known.map((p) => db.items.where('productId').equals(p.id).primaryKeys()))).flat();
      stale = existing.filter((k) => !keep.has(k));
      if (stale.length) await db.items.bulkDelete(stale);
    }
    if (items.length) await db.items.bulkPut(items);
    if (page.taxRates.length) await db.taxRates.bulkPut(page.taxRates.map(({ id, taxZoneId, taxClass, code, rateBp, archived }) => ({ id, taxZoneId, taxClass, code, rateBp, archived })));
    if (page.categories.length) await db.categories.bulkPut(page.categories.map(({ id, name, parentId, position, archived }) => ({ id, name, parentId, position, archived })));
    await db.meta.put({ key: 'catalogCursor', value: page.cursor });
  });
  catalogueIndexApplied(db, items, stale, page.cursor);
  return [...keep];
}

/** Where the next page of a search or a category starts: a position in the index walk, opaque to the screen. */
export interface ListCursor {
  offset: number;
  /** Items already listed that the rest of the range holds again (they have two matching words). */
  seen?: string[];
  /** The pages come from intersecting the key sets of every word (see searchPage). */
  keys?: boolean;
  /** The pages come from the in-memory index (catalogue-memory.ts): `offset` is a rank. */
  ranked?: boolean;
}

/** One page of items, and where the next one starts (null: there is no more). */
export interface ItemPage {
  items: LocalItem[];
  next: ListCursor | null;
}

const byName = (a: LocalItem, b: LocalItem) => a.name.localeCompare(b.name);

/** A page that holds everything found is sorted by name; longer lists keep their index order so paging stays stable. */
function finish(items: LocalItem[], more: boolean, from: number, to: number): ItemPage {
  if (!more) return { items: from === 0 ? items.sort(byName) : items, next: null };
  return { items, next: { offset: to } };
}

/**
 * Instant search over the local catalogue, a page at a time: every typed word must prefix-match a
 * word of the item (name, brand, options, SKU, barcode); accents and case are ignored. From the
 * in-memory index when it is built, else from IndexedDB (a page's cursor says which, so paging
 * goes on the way it started).
 */
export async function searchPage(db: RegisterDatabase, query: string, { limit = 40, after = null }: { limit?: number; after?: ListCursor | null } = {}): Promise<ItemPage> {
  const index = readyCatalogueIndex(db);
  if (after?.ranked || (index && !after)) return index ? rankedPage(db, index.search(query, after?.offset ?? 0, limit), after?.offset ?? 0) : { items: [], next: null };
  return searchStorePage(db, query, limit, after);
}

/**
 * One page of the in-memory index's ranking (words typed whole first, then shorter names, then
 * name) as whole items, read from IndexedDB in one bulkGet (the sell screen's grid lists the
 * index's own rows instead, with no read at all).
 */
async function rankedPage(db: RegisterDatabase, ranked: RankedItems, offset: number): Promise<ItemPage> {
  const items = (await db.items.bulkGet(ranked.items.map((i) => i.variantId))).filter((item): item is LocalItem => item !== undefined && !item.archived);
  const end = offset + ranked.items.length;
  return { items, next: ranked.more ? { offset: end, ranked: true } : null };
}

/**
 * The same search read from IndexedDB's `words` index, while the in-memory index is not built yet.
 * Results come in the order of the index: items with the typed word itself first ("mok" before "mokka").
 */
async function searchStorePage(db: RegisterDatabase, query: string, limit: number, after: ListCursor | null): Promise<ItemPage> {
  const terms = wordsOf(query);
  if (terms.length === 0) return { items: [], next: null };
  // The longest term narrows the index most.
  const [first, ...rest] = [...terms].sort((a, b) => b.length - a.length) as [string, ...string[]];
  const narrowing = rest.filter((term) => term.length >= 3);
  const offset = after?.offset ?? 0;
  if (narrowing.length) return intersectWords(db, [first, ...narrowing], rest, limit, offset);
  if (after?.keys) return byKeys(await intersectWords(db, [first, ...rest], rest, limit, offset));
  if (rest.length === 0 || after) return (await walkWord(db, first, rest, limit, after))!;
  // "mok s": most mugs may have no word on "s" (1 in 30 over 100,000 items: seconds of walking).
  // When two chunks of the walk do not fill the page, the key sets of every word are intersected.
  return (await walkWord(db, first, rest, limit, null, 2)) ?? byKeys(await intersectWords(db, [first, ...rest], rest, limit, 0));
}

/** Marks the next page as one of the key intersection, so paging goes on the same way. */
function byKeys(page: ItemPage): ItemPage {
  return page.next ? { ...page, next: { ...page.next, keys: true } } : page;
}

const matchesAll = (item: LocalItem, terms: readonly string[]) => terms.every((term) => item.words.some((w) => w.startsWith(term)));

/**
 * One word range read a chunk at a time (the first chunk in one getAll, no cursor round trips),
 * stopping as soon as the page is full: a one-word query over 100,000 items reads a page, not the
 * range. An item with two matching words ("mok mokkakop" for "mok") is in the range twice: it is
 * listed once, and the cursor remembers such items so a later page does not list them again.
 */
async function walkWord(db: RegisterDatabase, word: string, others: readonly string[], limit: number, after: ListCursor | null, maxChunks = Infinity): Promise<ItemPage | null> {
  const offset = after?.offset ?? 0;
  const seen = new Set(after?.seen);
  const chunk = Math.max(limit * 2, 50);
  const found: LocalItem[] = [];
  let position = offset;
  let more = false;
  for (let chunks = 1; ; chunks++) {
    const raw = await db.items.where('words').startsWith(word).offset(position).limit(chunk).toArray();
    for (const item of raw) {
      if (found.length >= limit) {
        more = true;
        break;
      }
      position += 1;
      if (item.words.filter((w) => w.startsWith(word)).length > 1) {
        if (seen.has(item.variantId)) continue;
        seen.add(item.variantId);
      }
      if (!item.archived && matchesAll(item, others)) found.push(item);
    }
    if (more || raw.length < chunk) break;
    if (chunks >= maxChunks) return null; // too few match the other words: the caller intersects keys
  }
  const page = finish(found, more, offset, position);
  return page.next && seen.size ? { ...page, next: { ...page.next, seen: [...seen] } } : page;
}

/**
 * Several words: the primary keys of each word range (read natively, no values) are intersected,
 * then only the candidates are read, in the order of the first word's range. A full name ("mok
 * strand oker") finds its few items without reading the thousands of mugs.
 */
async function intersectWords(db: RegisterDatabase, words: readonly string[], others: readonly string[], limit: number, offset: number): Promise<ItemPage> {
  const [base = [], ...rest] = await db.transaction('r', db.items, () => Promise.all(words.map((w) => db.items.where('words').startsWith(w).primaryKeys())));
  const sets = rest.map((keys) => new Set(keys));
  const candidates = [...new Set(base)].filter((key) => sets.every((set) => set.has(key)));
  const found: LocalItem[] = [];
  let position = offset;
  while (position < candidates.length && found.length < limit) {
    const chunk = candidates.slice(position, position + Math.max(limit - found.length, 20));
    for (const item of await db.items.bulkGet(chunk)) {
      position += 1;
      if (item && !item.archived && matchesAll(item, others)) found.push(item);
      if (found.length >= limit) break;
    }
  }
  return finish(found, position < candidates.length, offset, position);
}

/** The first `limit` search results, by name (small pickers; the sell screen pages with searchPage). */
export async function searchItems(db: RegisterDatabase, query: string, limit = 40): Promise<LocalItem[]> {
  return (await searchPage(db, query, { limit })).items.sort(byName);
}

/** A category's sellable items, a page at a time (a category may hold tens of thousands): by name from the in-memory index, else in IndexedDB's order. */
export async function categoryPage(db: RegisterDatabase, categoryId: string, { limit = 60, after = null }: { limit?: number; after?: ListCursor | null } = {}): Promise<ItemPage> {
  const index = readyCatalogueIndex(db);
  if (after?.ranked || (index && !after)) return index ? rankedPage(db, index.category(categoryId, after?.offset ?? 0, limit), after?.offset ?? 0) : { items: [], next: null };
  const found: LocalItem[] = [];
  const offset = after?.offset ?? 0;
  let walked = offset;
  let more = false;
  await db.items
    .where('categoryId')
    .equals(categoryId)
    .offset(offset)
    .until(() => (more = found.length >= limit))
    .each((item) => {
      walked += 1;
      if (!item.archived) found.push(item);
    });
  return finish(found, more, offset, walked);
}

/** The sellable item carrying exactly this barcode, or undefined. */
export async function findByBarcode(db: RegisterDatabase, code: string): Promise<LocalItem | undefined> {
  const items = await db.items.where('barcodes').equals(code).toArray();
  return items.find((i) => !i.archived) ?? items[0];
}

/** The taxes to apply for a tax class (the store's zone; the first zone seen when the register does not know it). */
export async function taxesFor(db: RegisterDatabase, taxClass: string): Promise<Array<{ code: string; rateBp: number }>> {
  return taxesOf(await db.taxRates.where('taxClass').equals(taxClass).toArray(), taxClass);
}

/** taxesFor on rates already read (a scan reads them alongside the barcode: one IndexedDB round trip, not two). */
export function taxesOf(rates: readonly LocalTaxRate[], taxClass: string): Array<{ code: string; rateBp: number }> {
  const live = rates.filter((r) => r.taxClass === taxClass && !r.archived);
  const zone = live[0]?.taxZoneId;
  return live.filter((r) => r.taxZoneId === zone).map((r) => ({ code: r.code, rateBp: r.rateBp }));
}
