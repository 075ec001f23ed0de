import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { uuidv7 } from '../../lib/uuidv7.ts';
import { nextCatalogChangeSeq } from '../catalog/index.ts';

export interface StoreSetup {
  name: string;
  addressLine1: string;
  postalCode: string;
  city: string;
  vatNumber?: string | null;
  kvkNumber?: string | null;
  registers: string[];
}

export interface OrganisationSetup {
  name: string;
  country: string;
  currency: string;
  timeZone: string;
  pricesIncludeTax: boolean;
  taxRounding: 'perDocument' | 'perLine';
  cashRounding: string;
  /** Tax classes with their rates in basis points (several rates = several taxes on one line). */
  taxClasses: Array<{ code: string; name: string; rates: Array<{ code: string; name: string; rateBp: number }> }>;
  stores: StoreSetup[];
}

export interface OrganisationIds {
  organisationId: string;
  taxZoneId: string;
  taxClassIds: Record<string, string>;
  stores: Array<{ id: string; name: string; registerIds: string[] }>;
}

/** The Dutch defaults: prices incl. VAT 21 % / 9 % / 0 %, EUR, 5-cent cash rounding. */
export const DUTCH_DEFAULTS: Omit<OrganisationSetup, 'name' | 'stores'> = {
  country: 'NL',
  currency: 'EUR',
  timeZone: 'Europe/Amsterdam',
  pricesIncludeTax: true,
  taxRounding: 'perDocument',
  cashRounding: 'nearest-5',
  taxClasses: [
    { code: 'standard', name: 'Hoog tarief', rates: [{ code: 'NL-21', name: 'BTW 21%', rateBp: 2100 }] },
    { code: 'reduced', name: 'Laag tarief', rates: [{ code: 'NL-9', name: 'BTW 9%', rateBp: 900 }] },
    { code: 'zero', name: 'Nultarief', rates: [{ code: 'NL-0', name: 'BTW 0%', rateBp: 0 }] },
  ],
};

/** Creates an organisation with its tax zone, classes, rates, stores and registers in one transaction. */
export async function setupOrganisation(db: Kysely<DB>, setup: OrganisationSetup, now: string): Promise<OrganisationIds> {
  return db.transaction().execute(async (trx) => {
    const organisationId = uuidv7();
    await trx.insertInto('organisations').values({ id: organisationId, name: setup.name, created_at: now }).execute();
    const taxZoneId = uuidv7();
    await trx
      .insertInto('tax_zones')
      .values({ id: taxZoneId, organisation_id: organisationId, name: setup.country, country: setup.country, created_at: now })
      .execute();
    const taxClassIds: Record<string, string> = {};
    for (const taxClass of setup.taxClasses) {
      const classId = uuidv7();
      taxClassIds[taxClass.code] = classId;
      await trx
        .insertInto('tax_classes')
        .values({ id: classId, organisation_id: organisationId, code: taxClass.code, name: taxClass.name, created_at: now })
        .execute();
      for (const rate of taxClass.rates) {
        await trx
          .insertInto('tax_rates')
          .values({
            id: uuidv7(),
            organisation_id: organisationId,
            tax_zone_id: taxZoneId,
            tax_class_id: classId,
            code: rate.code,
            name: rate.name,
            rate_bp: rate.rateBp,
            change_seq: await nextCatalogChangeSeq(trx),
            archived_at: null,
            created_at: now,
          })
          .execute();
      }
    }
    const stores: OrganisationIds['stores'] = [];
    for (const store of setup.stores) {
      const storeId = uuidv7();
      await trx
        .insertInto('stores')
        .values({
          id: storeId,
          organisation_id: organisationId,
          name: store.name,
          address_line1: store.addressLine1,
          postal_code: store.postalCode,
          city: store.city,
          country: setup.country,
          vat_number: store.vatNumber ?? null,
          kvk_number: store.kvkNumber ?? null,
          currency: setup.currency,
          time_zone: setup.timeZone,
          prices_include_tax: setup.pricesIncludeTax ? 1 : 0,
          tax_rounding: setup.taxRounding,
          cash_rounding: setup.cashRounding,
          tax_zone_id: taxZoneId,
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .execute();
      const registerIds: string[] = [];
      for (const registerName of store.registers) {
        const registerId = uuidv7();
        registerIds.push(registerId);
        await trx.insertInto('registers').values({ id: registerId, store_id: storeId, name: registerName, created_at: now }).execute();
      }
      stores.push({ id: storeId, name: store.name, registerIds });
    }
    return { organisationId, taxZoneId, taxClassIds, stores };
  });
}
