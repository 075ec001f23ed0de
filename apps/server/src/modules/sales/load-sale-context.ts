import type { Transaction } from 'kysely';
import type { SaleDocument } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import { dialectOf } from '../../db/database.ts';
import { FixedSql, placeholders, runFixed } from '../../db/fixed-sql.ts';
import { failure, type Outcome } from '../../http/errors.ts';
import type { LockedShift } from '../cash/index.ts';
import { chainIdFor } from '../journal/index.ts';

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
  /**
   * PostgreSQL: the sale's shift and its register's journal head, locked by the context read
   * itself (lockedContextStatement), so the sale does not lock them in statements of their own.
   */
  locked?: { shift: LockedShift | null; head: { seq: number; hash: string } | null };
}

// Fixed SQL (db/fixed-sql.ts): these reads run for every sale.
const STORE_OF_REGISTER = new FixedSql(
  'select "stores"."id", "stores"."organisation_id", "stores"."currency", "stores"."time_zone", "stores"."prices_include_tax", "stores"."tax_rounding", "stores"."cash_rounding" from "registers" inner join "stores" on "stores"."id" = "registers"."store_id" where "registers"."id" = ?',
);

const contextStatements = new Map<number, FixedSql>();

/**
 * The register's store and, in the same statement, the sale's variants with their price in the
 * store (its own price list first), the tax rates of the store's zone and the stock on hand (read,
 * not locked: only the NEGATIVE_STOCK flag uses it): a row per variant and tax rate, each with the
 * store's columns. The variants are read for the store the document names; when that is not the
 * register's store the sale is refused before they are used.
 */
function contextStatement(count: number): FixedSql {
  if (count === 0) return STORE_OF_REGISTER;
  let statement = contextStatements.get(count);
  if (!statement) {
    statement = new FixedSql(
      'select "stores"."id", "stores"."organisation_id", "stores"."currency", "stores"."time_zone", "stores"."prices_include_tax", "stores"."tax_rounding", "stores"."cash_rounding", ' +
        '"v"."variant_id", "v"."unit", "v"."price", "v"."code", "v"."rate_bp", "v"."on_hand_milli" ' +
        'from "registers" inner join "stores" on "stores"."id" = "registers"."store_id" left join (' +
        'select "variants"."id" as "variant_id", "products"."unit", coalesce(store_prices.price, variants.price) as "price", "tax_rates"."code", "tax_rates"."rate_bp", ' +
        'coalesce("stock_levels"."on_hand_milli", 0) as "on_hand_milli" ' +
        'from "variants" inner join "products" on "products"."id" = "variants"."product_id" ' +
        'inner join "stores" as "sold_in" on "sold_in"."id" = ? ' +
        'left join "store_prices" on "store_prices"."variant_id" = "variants"."id" and "store_prices"."store_id" = "sold_in"."id" ' +
        'left join "stock_levels" on "stock_levels"."store_id" = "sold_in"."id" and "stock_levels"."variant_id" = "variants"."id" ' +
        'left join "tax_rates" on "tax_rates"."tax_class_id" = "products"."tax_class_id" and "tax_rates"."tax_zone_id" = "sold_in"."tax_zone_id" and "tax_rates"."archived_at" is null ' +
        `where "variants"."organisation_id" = ? and "variants"."id" in (${placeholders(count)})` +
        ') as "v" on 1 = 1 where "registers"."id" = ?',
    );
    // One statement per distinct line count; sales past 100 distinct variants are rare enough to build anew.
    if (count <= 100) contextStatements.set(count, statement);
  }
  return statement;
}

const lockedStatements = new Map<string, FixedSql>();

/**
 * PostgreSQL, where every statement is a round trip: the context read also takes the locks the
 * sale would take next, in the order every command takes them — the shift (FOR SHARE, so a close
 * cannot slip in before the sale commits), then the register's journal head (FOR UPDATE). The
 * head's CTE joins the shift's, so the shift is read, and locked, before the head's row is locked.
 * The shift is the one the document names or, naming none, the register's open shift; a head
 * that does not exist yet (the register's first entry) comes back null and is created as before.
 */
function lockedContextStatement(count: number, shiftById: boolean): FixedSql {
  const key = `${count}:${shiftById}`;
  let statement = lockedStatements.get(key);
  if (!statement) {
    // Both locks stay inside the caller's organisation: a document naming another organisation's
    // register or shift is refused, and must not hold that organisation's rows meanwhile.
    const shiftWhere = (shiftById ? '"id" = ?' : '"register_id" = ? and "status" = \'open\'') + ' and "organisation_id" = ?';
    const context = contextStatement(count).sqlite;
    const from = context.indexOf(' from "registers"');
    statement = new FixedSql(
      'with "shift" as materialized (select "id", "register_id", "status", "opened_at", "z_report_id" from "cash_shifts" where ' +
        shiftWhere +
        ' for share), "head" as materialized (select "h"."seq", "h"."hash" from "journal_heads" as "h" left join "shift" on true where "h"."chain_id" = ? and "h"."organisation_id" = ? for update of "h") ' +
        context.slice(0, from) +
        ', "shift"."id" as "shift_id", "shift"."register_id" as "shift_register_id", "shift"."status" as "shift_status", "shift"."opened_at" as "shift_opened_at", "shift"."z_report_id" as "shift_z_report_id", "head"."seq" as "head_seq", "head"."hash" as "head_hash"' +
        context.slice(from).replace(' where "registers"."id" = ?', ' left join "shift" on true left join "head" on true where "registers"."id" = ?'),
    );
    if (count <= 100) lockedStatements.set(key, statement);
  }
  return statement;
}

interface LockedRow {
  shift_id: string | null;
  shift_register_id: string | null;
  shift_status: 'open' | 'closed' | null;
  shift_opened_at: string | null;
  shift_z_report_id: string | null;
  head_seq: number | string | null;
  head_hash: string | null;
}

function lockedOf(row: LockedRow): NonNullable<SaleContext['locked']> {
  return {
    shift:
      row.shift_id === null
        ? null
        : {
            id: row.shift_id,
            register_id: row.shift_register_id!,
            status: row.shift_status!,
            opened_at: row.shift_opened_at!,
            z_report_id: row.shift_z_report_id,
          },
    head: row.head_hash === null ? null : { seq: Number(row.head_seq), hash: row.head_hash },
  };
}

interface ContextRow {
  id: string;
  organisation_id: string;
  currency: string;
  time_zone: string;
  prices_include_tax: number | boolean;
  tax_rounding: string;
  cash_rounding: string;
  variant_id?: string | null;
  unit?: string;
  price?: number | string;
  code?: string | null;
  rate_bp?: number | null;
  on_hand_milli?: number | string;
}

/**
 * The store of the document, checked to belong to the caller and to hold the register, and the
 * sale's variants (contextStatement: one query).
 */
async function loadStoreAndVariants(
  trx: Transaction<DB>,
  organisationId: string,
  doc: SaleDocument,
  variantIds: string[],
  lock: boolean,
): Promise<Outcome<Omit<SaleContext, 'originalLines'>>> {
  const parameters = variantIds.length > 0 ? [doc.storeId, organisationId, ...variantIds, doc.registerId] : [doc.registerId];
  const rows = lock
    ? await runFixed<ContextRow & LockedRow>(trx, lockedContextStatement(variantIds.length, Boolean(doc.shiftId)), [
        doc.shiftId ?? doc.registerId,
        organisationId,
        chainIdFor(organisationId, doc.registerId),
        organisationId,
        ...parameters,
      ])
    : await runFixed<ContextRow>(trx, contextStatement(variantIds.length), parameters);
  const row = rows[0];
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
  const store: StoreContext = {
    id: row.id,
    organisationId: row.organisation_id,
    currency: row.currency,
    timeZone: row.time_zone,
    pricesIncludeTax: Number(row.prices_include_tax) === 1,
    taxRounding: row.tax_rounding as 'perDocument' | 'perLine',
    cashRounding: row.cash_rounding,
  };
  const variants = new Map<string, CatalogueVariant>();
  for (const r of rows) {
    if (!r.variant_id) continue;
    const variant = variants.get(r.variant_id) ?? {
      id: r.variant_id,
      unit: r.unit!,
      price: Number(r.price),
      onHandMilli: Number(r.on_hand_milli),
      taxes: [],
    };
    if (r.code != null && r.rate_bp != null) variant.taxes.push({ code: r.code, rateBp: r.rate_bp });
    variants.set(r.variant_id, variant);
  }
  return { ok: true, value: { store, variants, ...(lock ? { locked: lockedOf(row as ContextRow & LockedRow) } : {}) } };
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
  const variantIds = [...new Set(doc.lines.flatMap((l) => (l.variantId ? [l.variantId] : [])))];
  // A return locks the lines it returns before the journal head (markLinesReturned): it keeps
  // taking its locks one statement at a time, in that order.
  const lock = dialectOf(trx) === 'postgres' && !doc.lines.some((l) => l.returnOf);
  const [loaded, originalLines] = await Promise.all([
    loadStoreAndVariants(trx, organisationId, doc, variantIds, lock),
    loadOriginalLines(trx, organisationId, doc),
  ]);
  if (!loaded.ok) return loaded;
  return { ok: true, value: { ...loaded.value, originalLines } };
}
