import type { ColumnType } from 'kysely';
// Tables of selling: sales, the stock ledger, the journal, register sync.
// Kept apart from schema.ts so each context owns its row types.

type Timestamp = string;
type Json = string;

export interface SalesTable {
  id: string;
  organisation_id: string;
  store_id: string;
  register_id: string;
  kind: string;
  receipt_number: number;
  request_hash: string;
  currency: string;
  subtotal: number;
  discount_total: number;
  tax_total: number;
  total: number;
  rounding: number;
  paid_total: number;
  change_total: number;
  staff_id: string | null;
  customer_id: string | null;
  original_sale_id: string | null;
  reason_code: string | null;
  note: string | null;
  device_time: Timestamp;
  received_at: Timestamp;
  business_day: string;
  time_zone: string;
  flags: Json;
  flagged: number;
  journal_seq: number;
  journal_hash: string;
  document: Json;
  /** The cash shift (0006-cash-receipts); null for sales before shifts or without one. */
  shift_id: ColumnType<string | null, string | null | undefined, never>;
}

export interface SaleLinesTable {
  sale_id: string;
  line_no: number;
  line_id: string;
  variant_id: string | null;
  description: string;
  quantity_milli: number;
  weighed: number;
  unit_price: number;
  catalogue_unit_price: number | null;
  line_discount: number;
  order_discount: number;
  total: number;
  net: number;
  tax: number;
  sold_by_staff_id: string | null;
  original_sale_id: string | null;
  original_line_id: string | null;
  returned_quantity_milli: number;
}

export interface SaleTaxesTable {
  sale_id: string;
  code: string;
  rate_bp: number;
  base: number;
  tax: number;
  gross: number;
}

export interface SaleTendersTable {
  sale_id: string;
  position: number;
  type: string;
  amount: number;
  tendered: number | null;
  change: number;
  reference: string | null;
  details: Json;
}

export interface StockMovementsTable {
  id: string;
  organisation_id: string;
  store_id: string;
  variant_id: string;
  kind: string;
  quantity_milli: number;
  reason: string | null;
  document_id: string | null;
  staff_id: string | null;
  occurred_at: Timestamp;
  recorded_at: Timestamp;
}

export interface StockLevelsTable {
  store_id: string;
  variant_id: string;
  on_hand_milli: number;
  updated_at: Timestamp;
}

export interface IncidentsTable {
  id: string;
  organisation_id: string;
  store_id: string | null;
  register_id: string | null;
  kind: string;
  reference_id: string | null;
  details: Json;
  created_at: Timestamp;
  resolved_at: Timestamp | null;
}

export interface JournalEntriesTable {
  id: string;
  chain_id: string;
  seq: number;
  organisation_id: string;
  store_id: string | null;
  register_id: string | null;
  kind: string;
  document_id: string | null;
  occurred_at: Timestamp;
  recorded_at: Timestamp;
  payload: Json;
  previous_hash: string;
  hash: string;
}

export interface JournalHeadsTable {
  chain_id: string;
  organisation_id: string;
  seq: number;
  hash: string;
  updated_at: Timestamp;
}

export interface RegisterLeasesTable {
  register_id: string;
  holder_id: string;
  expires_at: Timestamp;
  acquired_at: Timestamp;
}

export interface RegisterSyncStatusTable {
  register_id: string;
  last_sync_at: Timestamp | null;
  last_heartbeat_at: Timestamp;
  pending_items: number;
  app_version: string | null;
  storage_persisted: number | null;
  details: Json;
}

export interface SyncItemsTable {
  register_id: string;
  item_id: string;
  kind: string;
  request_hash: string;
  status: string;
  response: Json;
  recorded_at: Timestamp;
}

export interface SellingTables {
  sales: SalesTable;
  sale_lines: SaleLinesTable;
  sale_taxes: SaleTaxesTable;
  sale_tenders: SaleTendersTable;
  stock_movements: StockMovementsTable;
  stock_levels: StockLevelsTable;
  incidents: IncidentsTable;
  journal_entries: JournalEntriesTable;
  journal_heads: JournalHeadsTable;
  register_leases: RegisterLeasesTable;
  register_sync_status: RegisterSyncStatusTable;
  sync_items: SyncItemsTable;
}
