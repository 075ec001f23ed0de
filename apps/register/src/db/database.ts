import { Dexie, type EntityTable } from 'dexie';
import type { RegisterEventKind, SaleDocument } from '@kassa/contracts';
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
  /** The person's language as the server keeps it (e.g. nl-NL); absent in lists fetched before it was sent. */
  locale?: string;
}

/**
 * What the register keeps to check one person's PIN while the server is unreachable (auth/offline-pin.ts):
 * the server's PBKDF2 salt and iteration count, and an HMAC of the verifier under this device's own
 * non-extractable key, never the verifier itself and never the PIN. Plus the local lockout state.
 */
export interface LocalOfflinePin {
  staffId: string;
  name: string;
  salt: string;
  iterations: number;
  /** base64url HMAC-SHA-256(device key, PBKDF2 verifier). */
  check: string;
  /** May override the register's guards while items wait (holds devices.manage here; served with the verifier). */
  managesDevices?: boolean;
  /** Wrong PINs in a row on this device since the last right one (or the last refresh). */
  failed: number;
  lockedUntil: string | null;
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
  | { kind: 'offline_period'; payload: { startedAt: string; endedAt: string; salesWhileOffline?: number } }
  | { kind: 'register_event'; payload: RegisterEventPayload }
  | { kind: 'time_punch'; payload: TimePunchPayload };

/** A time-clock punch made here (sync contract `time_punch`); its outbox item id becomes the time entry's id. */
export interface TimePunchPayload {
  type: 'clock_in' | 'clock_out' | 'break_start' | 'break_end';
  staffId: string;
  occurredAt: string;
}

/** A register event for the register's journal chain (sync contract `register_event`): plain facts, no secrets. */
export interface RegisterEventPayload {
  kind: RegisterEventKind;
  occurredAt: string;
  staffId?: string | null;
  details?: Record<string, string | number | boolean | null>;
}

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
  /** The price came from the item's price label (GS1 21/22): the label is the price, not an override. */
  priceFromLabel?: true;
  taxes: Array<{ code: string; rateBp: number }>;
  lineDiscount?: Discount;
}

export interface Cart {
  id: string;
  lines: CartLine[];
  orderDiscount?: Discount;
  /** Payment state of the sale (sale/payment-state.ts): kept with the cart so a reload never loses an approved card payment. */
  payment?: CartPayment;
  /** Manager approvals given for this cart's discounts and price overrides (journaled with the sale). */
  approvals?: CartApproval[];
}

/** Set once paying starts: the sale's id (card attempts are taken for it), the tenders paid, the card attempt running. */
export interface CartPayment {
  saleId: string;
  tenders: Array<{ type: 'cash'; tendered: number } | { type: 'card' | 'giftCard' | 'storeCredit' | 'custom'; amount: number; reference?: string; name?: string }>;
  cardAttempt?: { id: string; amount: number; terminalId: string };
}

export interface CartApproval {
  permission: string;
  approvalId: string;
  approverStaffId: string;
  approverName: string;
  /** The line it was for; null for the order discount. */
  lineId: string | null;
  what: string;
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
  /** Return documents committed here (their own receipt series, so not in `sales`). */
  returns: EntityTable<LocalSale, 'id'>;
  offlinePins: EntityTable<LocalOfflinePin, 'staffId'>;
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
  // Returns and exchanges each have their own gapless receipt series per register (SELLING.md), so the number is not unique here.
  db.version(2).stores({ returns: '&id, receiptNumber, syncedAt' });
  // Offline PIN sign-in (auth/offline-pin.ts). A session kept from before was checked by the
  // server: it is marked so; only sessions started offline have `offline: true`.
  db.version(3)
    .stores({ offlinePins: '&staffId' })
    .upgrade(async (tx) => {
      const session = await tx.table<MetaRow, string>('meta').get('session');
      if (session && typeof session.value === 'object' && session.value !== null)
        await tx.table<MetaRow, string>('meta').put({ key: 'session', value: { ...session.value, offline: false } });
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
