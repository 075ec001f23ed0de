import type { ColumnType, Generated } from 'kysely';
import type { SellingTables } from './schema-selling.ts';
import type { StaffTables } from './schema-staff.ts';
import type { CashTables } from './schema-cash.ts';
import type { PaymentTables } from './schema-payments.ts';

// Row types as the database stores them: snake_case columns, booleans as 0/1
// integers and JSON as text (identical on SQLite and PostgreSQL), timestamps as
// RFC 3339 UTC text. Repositories map these to camelCase domain shapes.

type Timestamp = string;
type Json = string;
type Bool = number;

export interface OrganisationsTable {
  id: string;
  name: string;
  created_at: Timestamp;
}

export interface TaxZonesTable {
  id: string;
  organisation_id: string;
  name: string;
  country: string;
  created_at: Timestamp;
}

export interface TaxClassesTable {
  id: string;
  organisation_id: string;
  code: string;
  name: string;
  created_at: Timestamp;
}

export interface TaxRatesTable {
  id: string;
  organisation_id: string;
  tax_zone_id: string;
  tax_class_id: string;
  code: string;
  name: string;
  rate_bp: number;
  change_seq: number;
  archived_at: Timestamp | null;
  created_at: Timestamp;
}

export interface StoresTable {
  id: string;
  organisation_id: string;
  name: string;
  address_line1: string;
  postal_code: string;
  city: string;
  country: string;
  vat_number: string | null;
  kvk_number: string | null;
  currency: string;
  time_zone: string;
  prices_include_tax: Bool;
  tax_rounding: string;
  cash_rounding: string;
  tax_zone_id: string;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StoreFavouritesTable {
  store_id: string;
  organisation_id: string;
  /** JSON array of variant ids, in order. */
  variant_ids: string;
  version: number;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface RegistersTable {
  id: string;
  store_id: string;
  name: string;
  created_at: Timestamp;
}

export interface CategoriesTable {
  id: string;
  organisation_id: string;
  parent_id: string | null;
  name: string;
  position: number;
  change_seq: number;
  archived_at: Timestamp | null;
  created_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface BrandsTable {
  id: string;
  organisation_id: string;
  name: string;
  created_at: Timestamp;
}

export interface ProductsTable {
  id: string;
  organisation_id: string;
  name: string;
  description: string;
  category_id: string | null;
  brand_id: string | null;
  tax_class_id: string;
  unit: string;
  tags: Json;
  images: Json;
  option_names: Json;
  search_id: number;
  search_text: string;
  change_seq: number;
  version: number;
  archived_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** PostgreSQL only: the folded words of active products, kept by triggers (0007-search-prefixes.ts). */
export interface ProductSearchTermsTable {
  organisation_id: string;
  term: string;
  search_id: number;
}

export interface VariantsTable {
  id: string;
  organisation_id: string;
  product_id: string;
  sku: string;
  options: Json;
  price: number;
  cost_price: number | null;
  supplier_code: string | null;
  position: number;
  archived_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface BarcodesTable {
  organisation_id: string;
  code: string;
  variant_id: string;
  symbology: string;
  position: ColumnType<number, number | undefined, number>;
}

export interface StorePricesTable {
  store_id: string;
  variant_id: string;
  price: number;
}

export interface ScheduledPricesTable {
  id: string;
  organisation_id: string;
  variant_id: string;
  store_id: string | null;
  price: number;
  starts_at: Timestamp;
  applied_at: Timestamp | null;
  created_at: Timestamp;
}

export interface CountersTable {
  name: string;
  value: number;
}

export interface ApiTokensTable {
  id: string;
  organisation_id: string;
  name: string;
  token_hash: string;
  scopes: Json;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
  /** Staff member who created it (0003-staff); null for tokens made by the CLI or before. */
  created_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface IdempotencyKeysTable {
  key: string;
  scope: string;
  request_hash: string;
  status_code: number;
  response_body: string;
  created_at: Timestamp;
}

export interface DB extends SellingTables, StaffTables, CashTables, PaymentTables {
  organisations: OrganisationsTable;
  tax_zones: TaxZonesTable;
  tax_classes: TaxClassesTable;
  tax_rates: TaxRatesTable;
  stores: StoresTable;
  store_favourites: StoreFavouritesTable;
  registers: RegistersTable;
  categories: CategoriesTable;
  brands: BrandsTable;
  products: ProductsTable;
  product_search_terms: ProductSearchTermsTable;
  variants: VariantsTable;
  barcodes: BarcodesTable;
  store_prices: StorePricesTable;
  scheduled_prices: ScheduledPricesTable;
  counters: CountersTable;
  api_tokens: ApiTokensTable;
  idempotency_keys: IdempotencyKeysTable;
}

// Kept for later tables that let the database fill a column.
export type { ColumnType, Generated };
