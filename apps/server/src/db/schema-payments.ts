// Tables of card payments: configured terminals, payment attempts and their
// event trail. Kept apart from schema.ts so the payments context owns its row
// types. No column ever holds a full card number, track data, CVV or PIN.

type Timestamp = string;
type Json = string;

export interface PaymentTerminalsTable {
  id: string;
  organisation_id: string;
  store_id: string;
  register_id: string | null;
  name: string;
  adapter: string;
  endpoint: string;
  poi_id: string;
  created_at: Timestamp;
  /** The nexo key this terminal takes (migration 0009); the passphrase is never stored. */
  key_identifier: string | null;
  key_version: number | null;
}

export interface PaymentAttemptsTable {
  id: string;
  organisation_id: string;
  store_id: string;
  register_id: string;
  terminal_id: string;
  sale_id: string;
  kind: string;
  original_attempt_id: string | null;
  amount: number;
  currency: string;
  state: string;
  version: number;
  request_hash: string;
  service_id: string;
  progress: string | null;
  abort_requested: number;
  brand: string | null;
  masked_pan: string | null;
  entry_mode: string | null;
  auth_code: string | null;
  provider_reference: string | null;
  provider_time: string | null;
  failure_reason: string | null;
  failure_message: string | null;
  reversal_status: string | null;
  reversal_reason: string | null;
  reversal_at: Timestamp | null;
  staff_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Store-and-forward (migration 0009): what the terminal could approve offline, and the upload of what it did. */
  offline_allowance: number;
  business_day: string | null;
  offline: number;
  offline_approved_at: Timestamp | null;
  upload_deadline: Timestamp | null;
  upload_status: string | null;
  upload_checked_at: Timestamp | null;
  upload_message: string | null;
}

/** Offline card payment limits of a store (minor units); no row: no offline payments. */
export interface StorePaymentSettingsTable {
  store_id: string;
  organisation_id: string;
  offline_enabled: number;
  offline_transaction_limit: number;
  offline_daily_limit: number;
  version: number;
  request_hash: string;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface PaymentEventsTable {
  id: string;
  attempt_id: string;
  kind: string;
  from_state: string | null;
  to_state: string | null;
  details: Json;
  at: Timestamp;
}

export interface PaymentTables {
  payment_terminals: PaymentTerminalsTable;
  payment_attempts: PaymentAttemptsTable;
  payment_events: PaymentEventsTable;
  store_payment_settings: StorePaymentSettingsTable;
}
