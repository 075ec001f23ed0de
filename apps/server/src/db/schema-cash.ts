// Tables of cash management, the outbox and receipts (0006-cash-receipts).
// Kept apart from schema.ts so each context owns its row types.

type Timestamp = string;
type Json = string;

export interface CashShiftsTable {
  id: string;
  organisation_id: string;
  store_id: string;
  register_id: string;
  currency: string;
  status: 'open' | 'closed';
  opened_at: Timestamp;
  opened_by: string | null;
  opening_float: number;
  opening_denominations: Json;
  previous_shift_id: string | null;
  opening_discrepancy: number | null;
  open_request_hash: string;
  recorded_at: Timestamp;
  closed_at: Timestamp | null;
  z_report_id: string | null;
}

export interface CashMovementsTable {
  id: string;
  organisation_id: string;
  shift_id: string;
  register_id: string;
  kind: 'pay_in' | 'pay_out' | 'no_sale';
  amount: number;
  reason: string | null;
  staff_id: string | null;
  occurred_at: Timestamp;
  recorded_at: Timestamp;
  request_hash: string;
  journal_seq: number;
  journal_hash: string;
  drawer_kick_job_id: string | null;
}

export interface ZReportsTable {
  id: string;
  organisation_id: string;
  store_id: string;
  register_id: string;
  shift_id: string;
  z_number: number;
  grand_total: number;
  request_hash: string;
  report: Json;
  closed_at: Timestamp;
  recorded_at: Timestamp;
}

export interface StoreTendersTable {
  id: string;
  organisation_id: string;
  store_id: string;
  name: string;
  name_key: string;
  kind: string;
  counted_at_close: number;
  opens_drawer: number;
  active: number;
  request_hash: string;
  created_at: Timestamp;
}

export interface JobsTable {
  id: string;
  organisation_id: string | null;
  type: string;
  payload: Json;
  status: 'pending' | 'running' | 'done' | 'failed';
  attempts: number;
  max_attempts: number;
  next_attempt_at: Timestamp;
  locked_by: string | null;
  locked_until: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  completed_at: Timestamp | null;
}

export interface PrintersTable {
  id: string;
  organisation_id: string;
  store_id: string;
  register_id: string;
  name: string;
  host: string;
  port: number;
  width: number;
  request_hash: string;
  created_at: Timestamp;
}

export interface PrintLedgerTable {
  job_id: string;
  printer_id: string;
  bytes: number;
  status: 'sending' | 'printed';
  attempts: number;
  updated_at: Timestamp;
}

export interface EmailDeliveriesTable {
  job_id: string;
  recipient: string;
  message_id: string;
  sent_at: Timestamp;
}

export interface ReceiptCopiesTable {
  id: string;
  organisation_id: string;
  sale_id: string;
  copy_number: number;
  staff_id: string | null;
  request_hash: string;
  journal_seq: number;
  journal_hash: string;
  print_job_id: string | null;
  occurred_at: Timestamp;
}

/** A store's receipt header, footer, logo and language (0008-receipt-settings). */
export interface StoreReceiptSettingsTable {
  store_id: string;
  organisation_id: string;
  /** JSON array of strings. */
  header_lines: Json;
  footer_lines: Json;
  /** null: the store's default language (Dutch in NL and BE). */
  locale: 'nl' | 'en' | null;
  /** The PNG file, base64. */
  logo_png: string | null;
  logo_width: number | null;
  logo_height: number | null;
  logo_bytes: number | null;
  version: number;
  request_hash: string;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface CashTables {
  cash_shifts: CashShiftsTable;
  cash_movements: CashMovementsTable;
  z_reports: ZReportsTable;
  store_tenders: StoreTendersTable;
  jobs: JobsTable;
  printers: PrintersTable;
  print_ledger: PrintLedgerTable;
  email_deliveries: EmailDeliveriesTable;
  receipt_copies: ReceiptCopiesTable;
  store_receipt_settings: StoreReceiptSettingsTable;
}
