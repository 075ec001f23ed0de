import type { SaleDocument } from '@kassa/contracts';
import type { Cart, LocalItem } from '../../src/db/database.ts';
import { uuidv7 } from '../../src/lib/uuid.ts';
import { addItem, emptyCart } from '../../src/sale/cart.ts';
import { buildSaleDocument } from '../../src/sale/sale-document.ts';
import { DEFAULT_PRICING, totalsOf, type StorePricing } from '../../src/sale/totals.ts';
import type { SaleToCommit } from '../../src/sync/outbox.ts';

/** A cart of the given items, paid in cash with a 50 euro note: the document the register would commit. */
export function aCashSale(
  items: LocalItem[],
  who: { storeId: string; registerId: string; staffId?: string | null },
  pricing: StorePricing = DEFAULT_PRICING,
): { cart: Cart; sale: SaleToCommit } {
  let cart = emptyCart();
  for (const item of items) cart = addItem(cart, { item, taxes: [{ code: item.taxClass === 'reduced' ? 'NL-9' : 'NL-21', rateBp: item.taxClass === 'reduced' ? 900 : 2100 }] });
  const tenders = [{ type: 'cash' as const, tendered: 5000 }];
  const totals = totalsOf(cart, pricing, tenders);
  if (!totals.ok) throw new Error(totals.error.message);
  const sale = buildSaleDocument(cart, totals.value, tenders, { id: uuidv7(), storeId: who.storeId, registerId: who.registerId, staffId: who.staffId ?? null, deviceTime: new Date().toISOString() });
  return { cart, sale };
}

export function anItem(overrides: Partial<LocalItem> = {}): LocalItem {
  return { variantId: uuidv7(), productId: uuidv7(), name: 'Mok', sku: 'MOK', barcodes: [], price: 1295, taxClass: 'standard', unit: 'piece', categoryId: null, archived: false, words: ['mok'], ...overrides };
}

export type { SaleDocument };
