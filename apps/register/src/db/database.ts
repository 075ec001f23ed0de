import { Dexie, type EntityTable } from 'dexie';
import type { SaleDocument } from '@kassa/contracts';
import type { Discount } from '@kassa/domain';

/** A sellable variant as the register keeps it: flattened from the catalogue feed for instant lookup. */
export interface LocalItem {
  variantId: string;
  productId: string;
  name: string;
  sku: string;
  barcodes: string[];
  /** The price in this store (its store price when set), minor units. */
  price: number;
  taxClass: string;
  unit: 'piece' | 'weight';
  categoryId: string | null;
  archived: boolean;
  /** Folded (lower case, no diacritics) words of name, brand, SKU, barcodes, options: prefix-searchable. */
  words: string[];
}

export interface LocalTaxRate {
  id: string;
  taxZoneId: string;
  taxClass: string;
  code: string;
  rateBp: number;
  archived: boolean;
}

export interface LocalCategory {
  id: string;
  name: string;
  parentId: string | null;
  position: number;
  archived: boolean;
}

export interface LocalStaff {
  id: string;
  name: string;
}

/** A completed sale, kept on the device (the receipt is printed from here). */
export interface LocalSale {
  id: string;
  receiptNumber: number;
  document: SaleDocument;
  staffName: string | null;
  committedAt: string;
  /** Set when the server acknowledged the sale. */
  syncedAt: string | null;
}

export type OutboxPayload =
  | { kind: 'sale'; payload: SaleDocument }
  | { kind: 'offline_period'; payload: { startedAt: string; endedAt: string; salesWhileOffline?: number } };

/** One item waiting for the server; removed only after the server acknowledged exactly this item. */
export type OutboxItem = OutboxPayload & {
  seq?: number;
  id: string;
  status: 'pending' | 'rejected';
  attempts: number;
  error: { code: string; message: string } | null;
  createdAt: string;
};

export interface CartLine {
  id: string;
  variantId: string | null;
  description: string;
  sku: string;
  quantity?: number;
  quantityMilli?: number;
  unitPrice: number;
  originalUnitPrice?: number;
  taxes: Array<{ code: string; rateBp: number }>;
  lineDiscount?: Discount;
}

export interface Cart {
  id: string;
  lines: CartLine[];
  orderDiscount?: Discount;
}

export interface ParkedSale {
  id: string;
  cart: Cart;
  parkedAt: string;
  staffName: string | null;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

export type RegisterDatabase = Dexie & {
  meta: EntityTable<MetaRow, 'key'>;
  items: EntityTable<LocalItem, 'variantId'>;
  taxRates: EntityTable<LocalTaxRate, 'id'>;
  categories: EntityTable<LocalCategory, 'id'>;
  staff: EntityTable<LocalStaff, 'id'>;
  sales: EntityTable<LocalSale, 'id'>;
  outbox: EntityTable<OutboxItem, 'seq'>;
  parked: EntityTable<ParkedSale, 'id'>;
};

/** Opens (or creates) the register's IndexedDB database. */
export function openRegisterDatabase(name = 'kassa-register'): RegisterDatabase {
  const db = new Dexie(name) as RegisterDatabase;
  db.version(1).stores({
    meta: '&key',
    items: '&variantId, productId, *barcodes, *words, sku, categoryId',
    taxRates: '&id, taxClass',
    categories: '&id, parentId',
    staff: '&id, name',
    sales: '&id, &receiptNumber, syncedAt',
    outbox: '++seq, &id, status',
    parked: '&id, parkedAt',
  });
  return db;
}

/** Reads one settings value. */
export async function getMeta<T>(db: RegisterDatabase, key: string): Promise<T | undefined> {
  return (await db.meta.get(key))?.value as T | undefined;
}

export async function setMeta(db: RegisterDatabase, key: string, value: unknown): Promise<void> {
  await db.meta.put({ key, value });
}
