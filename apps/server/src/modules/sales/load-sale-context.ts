import type { Transaction } from 'kysely';
import type { SaleDocument } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import { FixedSql, placeholders, runFixed } from '../../db/fixed-sql.ts';
import { failure, type Outcome } from '../../http/errors.ts';

export interface StoreContext {
  id: string;
  organisationId: string;
  currency: string;
  timeZone: string;
  pricesIncludeTax: boolean;
  taxRounding: 'perDocument' | 'perLine';
  cashRounding: string;
}

export interface CatalogueVariant {
  id: string;
  unit: string;
  /** Store price when the store has one, else the variant's own price. */
  price: number;
  /** Stock on hand in the store when the sale's transaction began (thousandths; 0 without a level). */
  onHandMilli: number;
  taxes: Array<{ code: string; rateBp: number }>;
}

export interface OriginalLine {
  saleId: string;
  lineId: string;
  variantId: string | null;
  quantityMilli: number;
  returnedQuantityMilli: number;
}

export interface SaleContext {
  store: StoreContext;
  variants: Map<string, CatalogueVariant>;
  originalLines: Map<string, OriginalLine>;
}

// Fixed SQL (db/fixed-sql.ts): these reads run for every sale.
const STORE_OF_REGISTER = new FixedSql(
  'select "stores"."id", "stores"."organisation_id", "stores"."currency", "stores"."time_zone", "stores"."prices_include_tax", "stores"."tax_rounding", "stores"."cash_rounding" from "registers" inner join "stores" on "stores"."id" = "registers"."store_id" where "registers"."id" = ?',
);

const variantStatements = new Map<number, FixedSql>();

/**
 * Variants with their price in the store (its own price list first), the tax rates of the store's
 * zone and the stock on hand (read, not locked: only the NEGATIVE_STOCK flag uses it).
 */
function variantsStatement(count: number): FixedSql {
  let statement = variantStatements.get(count);
  if (!statement) {
    statement = new FixedSql(
      'select "variants"."id", "products"."unit", coalesce(store_prices.price, variants.price) as "price", "tax_rates"."code", "tax_rates"."rate_bp", ' +
        'coalesce("stock_levels"."on_hand_milli", 0) as "on_hand_milli" ' +
        'from "variants" inner join "products" on "products"."id" = "variants"."product_id" ' +
        'inner join "stores" on "stores"."id" = ? ' +
        'left join "store_prices" on "store_prices"."variant_id" = "variants"."id" and "store_prices"."store_id" = ? ' +
        'left join "stock_levels" on "stock_levels"."store_id" = "stores"."id" and "stock_levels"."variant_id" = "variants"."id" ' +
        'left join "tax_rates" on "tax_rates"."tax_class_id" = "products"."tax_class_id" and "tax_rates"."tax_zone_id" = "stores"."tax_zone_id" and "tax_rates"."archived_at" is null ' +
        `where "variants"."organisation_id" = ? and "variants"."id" in (${placeholders(count)})`,
    );
    // One statement per distinct line count; sales past 100 distinct variants are rare enough to build anew.
    if (count <= 100) variantStatements.set(count, statement);
  }
  return statement;
}

/** The store of the document, checked to belong to the caller and to hold the register. */
async function loadStore(
  trx: Transaction<DB>,
  organisationId: string,
  doc: SaleDocument,
): Promise<Outcome<StoreContext>> {
  const [row] = await runFixed<{
    id: string;
    organisation_id: string;
    currency: string;
    time_zone: string;
    prices_include_tax: number;
    tax_rounding: string;
    cash_rounding: string;
  }>(trx, STORE_OF_REGISTER, [doc.registerId]);
  if (!row || row.organisation_id !== organisationId) {
    return {
      ok: false,
      error: failure(
        'SALES_UNKNOWN_REGISTER',
        `Register ${doc.registerId} does not exist in your organisation: enrol the register first.`,
        { field: 'registerId' },
      ),
    };
  }
  if (row.id !== doc.storeId) {
    return {
      ok: false,
      error: failure(
        'SALES_UNKNOWN_STORE',
        `Register ${doc.registerId} belongs to another store than ${doc.storeId}.`,
        { field: 'storeId' },
      ),
    };
  }
  return {
    ok: true,
    value: {
      id: row.id,
      organisationId: row.organisation_id,
      currency: row.currency,
      timeZone: row.time_zone,
      pricesIncludeTax: row.prices_include_tax === 1,
      taxRounding: row.tax_rounding as 'perDocument' | 'perLine',
      cashRounding: row.cash_rounding,
    },
  };
}

/** Variants with their catalogue price for this store and tax rates of the store's zone: one query. */
async function loadVariants(
  trx: Transaction<DB>,
  store: StoreContext,
  variantIds: string[],
): Promise<Map<string, CatalogueVariant>> {
  if (variantIds.length === 0) return new Map();
  const rows = await runFixed<{
    id: string;
    unit: string;
    price: number | string;
    code: string | null;
    rate_bp: number | null;
    on_hand_milli: number | string;
  }>(trx, variantsStatement(variantIds.length), [store.id, store.id, store.organisationId, ...variantIds]);
  const variants = new Map<string, CatalogueVariant>();
  for (const row of rows) {
    const variant = variants.get(row.id) ?? {
      id: row.id,
      unit: row.unit,
      price: Number(row.price),
      onHandMilli: Number(row.on_hand_milli),
      taxes: [],
    };
    if (row.code !== null && row.rate_bp !== null)
      variant.taxes.push({ code: row.code, rateBp: row.rate_bp });
    variants.set(row.id, variant);
  }
  return variants;
}

async function loadOriginalLines(
  trx: Transaction<DB>,
  organisationId: string,
  doc: SaleDocument,
): Promise<Map<string, OriginalLine>> {
  const refs = doc.lines.flatMap((l) => (l.returnOf ? [l.returnOf] : []));
  if (refs.length === 0) return new Map();
  const rows = await trx
    .selectFrom('sale_lines')
    .innerJoin('sales', 'sales.id', 'sale_lines.sale_id')
    .select([
      'sale_lines.sale_id',
      'sale_lines.line_id',
      'sale_lines.variant_id',
      'sale_lines.quantity_milli',
      'sale_lines.returned_quantity_milli',
      'sales.kind',
    ])
    .where('sales.organisation_id', '=', organisationId)
    .where('sale_lines.sale_id', 'in', [...new Set(refs.map((r) => r.saleId))])
    .execute();
  return new Map(
    rows
      .filter((r) => r.kind === 'sale' || r.kind === 'exchange')
      .map((r) => [
        `${r.sale_id}|${r.line_id}`,
        {
          saleId: r.sale_id,
          lineId: r.line_id,
          variantId: r.variant_id,
          quantityMilli: Number(r.quantity_milli),
          returnedQuantityMilli: Number(r.returned_quantity_milli),
        },
      ]),
  );
}

/** Loads everything the sale's checks need first, then the checks run on plain data. */
export async function loadSaleContext(
  trx: Transaction<DB>,
  organisationId: string,
  doc: SaleDocument,
): Promise<Outcome<SaleContext>> {
  const store = await loadStore(trx, organisationId, doc);
  if (!store.ok) return store;
  const variantIds = [...new Set(doc.lines.flatMap((l) => (l.variantId ? [l.variantId] : [])))];
  const [variants, originalLines] = await Promise.all([
    loadVariants(trx, store.value, variantIds),
    loadOriginalLines(trx, organisationId, doc),
  ]);
  return { ok: true, value: { store: store.value, variants, originalLines } };
}
