import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

export type Executor = Kysely<DB> | Transaction<DB>;

export interface StoreRow {
  id: string;
  organisationId: string;
  name: string;
  addressLine1: string;
  postalCode: string;
  city: string;
  country: string;
  vatNumber: string | null;
  kvkNumber: string | null;
  currency: string;
  timeZone: string;
  pricesIncludeTax: boolean;
  taxRounding: 'perDocument' | 'perLine';
  cashRounding: string;
  taxZoneId: string;
  registers: Array<{ id: string; name: string }>;
}

/** Lists an organisation's stores with their registers. */
export async function listStores(db: Executor, organisationId: string): Promise<StoreRow[]> {
  const stores = await db.selectFrom('stores').selectAll().where('organisation_id', '=', organisationId).orderBy('name').execute();
  if (stores.length === 0) return [];
  const registers = await db
    .selectFrom('registers')
    .select(['id', 'name', 'store_id'])
    .where(
      'store_id',
      'in',
      stores.map((s) => s.id),
    )
    .orderBy('name')
    .execute();
  return stores.map((s) => ({
    id: s.id,
    organisationId: s.organisation_id,
    name: s.name,
    addressLine1: s.address_line1,
    postalCode: s.postal_code,
    city: s.city,
    country: s.country,
    vatNumber: s.vat_number,
    kvkNumber: s.kvk_number,
    currency: s.currency,
    timeZone: s.time_zone,
    pricesIncludeTax: s.prices_include_tax === 1,
    taxRounding: s.tax_rounding as 'perDocument' | 'perLine',
    cashRounding: s.cash_rounding,
    taxZoneId: s.tax_zone_id,
    registers: registers.filter((r) => r.store_id === s.id).map((r) => ({ id: r.id, name: r.name })),
  }));
}

/** The first organisation (single-tenant installs have exactly one). */
export async function findFirstOrganisation(db: Executor): Promise<{ id: string; name: string } | undefined> {
  return db.selectFrom('organisations').select(['id', 'name']).orderBy('created_at').limit(1).executeTakeFirst();
}
