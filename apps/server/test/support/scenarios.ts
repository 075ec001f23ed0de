import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { DUTCH_DEFAULTS, setupOrganisation, type OrganisationIds } from '../../src/modules/stores/index.ts';
import { createApiToken } from '../../src/modules/auth/index.ts';

export interface ShopScenario extends OrganisationIds {
  /** A token with every permission (the owner's). */
  ownerToken: string;
  /** A token that may only read the catalogue. */
  readOnlyToken: string;
}

/** Named seed scenario: one Dutch shop with two stores, a register each, and tokens. */
export async function aDutchShop(db: Kysely<DB>, now = '2026-11-27T09:00:00.000Z'): Promise<ShopScenario> {
  const ids = await setupOrganisation(
    db,
    {
      ...DUTCH_DEFAULTS,
      name: 'Test Winkel BV',
      stores: [
        { name: 'Utrecht Centrum', addressLine1: 'Oudegracht 1', postalCode: '3511 AA', city: 'Utrecht', vatNumber: 'NL123456789B01', kvkNumber: '12345678', registers: ['Kassa 1'] },
        { name: 'Outlet Houten', addressLine1: 'Rondweg 2', postalCode: '3991 AB', city: 'Houten', registers: ['Kassa 1'] },
      ],
    },
    now,
  );
  const owner = await createApiToken(db, { organisationId: ids.organisationId, name: 'test owner', scopes: ['*'], now });
  const reader = await createApiToken(db, { organisationId: ids.organisationId, name: 'test reader', scopes: ['catalog:read'], now });
  return { ...ids, ownerToken: owner.token, readOnlyToken: reader.token };
}
