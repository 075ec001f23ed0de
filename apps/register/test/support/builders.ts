import type { CatalogChanges } from '@kassa/contracts';

type FeedProduct = CatalogChanges['products'][number];

let n = 0;
const id = () => `0192f1c4-0000-7000-8000-${String(++n).padStart(12, '0')}`;

/** A product of the change feed with one variant; override what the test is about. */
export function aFeedProduct(overrides: Partial<FeedProduct> & { price?: number; sku?: string; barcodes?: string[] } = {}): FeedProduct {
  const { price = 1295, sku = `SKU-${n}`, barcodes = [], ...rest } = overrides;
  return {
    id: id(),
    name: 'Mok Strand 350 ml',
    description: '',
    categoryId: null,
    brand: 'Huis & Haven',
    taxClass: 'standard',
    unit: 'piece',
    tags: [],
    images: [],
    optionNames: [],
    variants: [{ id: id(), sku, options: {}, price, costPrice: null, supplierCode: null, barcodes, storePrices: [], archived: false }],
    archived: false,
    version: 1,
    changeSeq: 1,
    createdAt: '2026-11-27T10:00:00.000Z',
    updatedAt: '2026-11-27T10:00:00.000Z',
    ...rest,
  };
}

export function aPage(products: FeedProduct[], cursor = '10'): CatalogChanges {
  return {
    products,
    taxRates: [
      { id: id(), taxZoneId: 'zone', taxClass: 'standard', code: 'NL-21', name: 'BTW 21%', rateBp: 2100, archived: false },
      { id: id(), taxZoneId: 'zone', taxClass: 'reduced', code: 'NL-9', name: 'BTW 9%', rateBp: 900, archived: false },
    ],
    categories: [],
    cursor,
    hasMore: false,
  };
}
