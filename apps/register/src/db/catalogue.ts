import type { CatalogChanges } from '@kassa/contracts';
import type { LocalItem, RegisterDatabase } from './database.ts';

/** Lower case, diacritics removed: "Crème Brûlée" → "creme brulee" (same folding as the server's search). */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

export function wordsOf(...texts: Array<string | null | undefined>): string[] {
  const words = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const word of fold(text).split(/[^a-z0-9]+/)) if (word) words.add(word);
  }
  return [...words];
}

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

/**
 * Applies one page of the change feed in one transaction, cursor included, so a crash mid-page
 * leaves the old cursor and the page is simply fetched again.
 */
export async function applyCatalogPage(db: RegisterDatabase, page: CatalogChanges, storeId: string): Promise<void> {
  await db.transaction('rw', [db.items, db.taxRates, db.categories, db.meta], async () => {
    for (const product of page.products) {
      const items = itemsOfProduct(product, storeId);
      const keep = new Set(items.map((i) => i.variantId));
      const stale = (await db.items.where('productId').equals(product.id).primaryKeys()).filter((k) => !keep.has(k));
      if (stale.length) await db.items.bulkDelete(stale);
      await db.items.bulkPut(items);
    }
    if (page.taxRates.length) await db.taxRates.bulkPut(page.taxRates.map(({ id, taxZoneId, taxClass, code, rateBp, archived }) => ({ id, taxZoneId, taxClass, code, rateBp, archived })));
    if (page.categories.length) await db.categories.bulkPut(page.categories.map(({ id, name, parentId, position, archived }) => ({ id, name, parentId, position, archived })));
    await db.meta.put({ key: 'catalogCursor', value: page.cursor });
  });
}

/**
 * Instant search over the local catalogue: every typed word must prefix-match a word of the item
 * (name, brand, options, SKU, barcode); accents and case are ignored.
 */
export async function searchItems(db: RegisterDatabase, query: string, limit = 40): Promise<LocalItem[]> {
  const terms = wordsOf(query);
  if (terms.length === 0) return [];
  // The longest term narrows the index scan most; the others filter in memory.
  const [first, ...rest] = [...terms].sort((a, b) => b.length - a.length);
  const found: LocalItem[] = [];
  await db.items
    .where('words')
    .startsWith(first!)
    .until(() => found.length >= limit)
    .each((item) => {
      if (item.archived || found.some((f) => f.variantId === item.variantId)) return;
      if (rest.every((term) => item.words.some((w) => w.startsWith(term)))) found.push(item);
    });
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** The sellable item carrying exactly this barcode, or undefined. */
export async function findByBarcode(db: RegisterDatabase, code: string): Promise<LocalItem | undefined> {
  const items = await db.items.where('barcodes').equals(code).toArray();
  return items.find((i) => !i.archived) ?? items[0];
}

/** The taxes to apply for a tax class (the store's zone; the first zone seen when the register does not know it). */
export async function taxesFor(db: RegisterDatabase, taxClass: string): Promise<Array<{ code: string; rateBp: number }>> {
  const rates = (await db.taxRates.where('taxClass').equals(taxClass).toArray()).filter((r) => !r.archived);
  const zone = rates[0]?.taxZoneId;
  return rates.filter((r) => r.taxZoneId === zone).map((r) => ({ code: r.code, rateBp: r.rateBp }));
}
