import type { CreateProductBody } from '@kassa/contracts';
import type { Database } from '../db/database.ts';
import { createApiToken, revokeApiTokensNamed } from '../modules/auth/index.ts';
import { categoryKey, ensureCategoryPaths, importProducts } from '../modules/catalog/index.ts';
import {
  DUTCH_DEFAULTS,
  findFirstOrganisation,
  setupOrganisation,
  type OrganisationSetup,
} from '../modules/stores/index.ts';
import { buildDemoCatalogue } from './demo-catalogue.ts';
import { seedDemoReceiptSettings } from './demo-receipts.ts';
import { seedDemoFavourites } from './demo-favourites.ts';

/** The demo owner's API token name; each demo start revokes the previous one and issues a fresh token. */
export const DEMO_TOKEN_NAME = 'Demo owner (Huis & Haven)';

/** Huis & Haven: a lifestyle and gift shop in Utrecht with an outlet in Houten. */
export const DEMO_SHOP: OrganisationSetup = {
  ...DUTCH_DEFAULTS,
  name: 'Huis & Haven',
  stores: [
    {
      name: 'Huis & Haven Utrecht',
      addressLine1: 'Oudegracht 158',
      postalCode: '3511 AZ',
      city: 'Utrecht',
      vatNumber: 'NL859612345B01',
      kvkNumber: '30123456',
      registers: ['Kassa 1', 'Kassa 2'],
    },
    {
      name: 'Huis & Haven Outlet Houten',
      addressLine1: 'Het Rond 12',
      postalCode: '3995 DN',
      city: 'Houten',
      vatNumber: 'NL859612345B01',
      kvkNumber: '30123456',
      registers: ['Kassa 1'],
    },
  ],
};

export interface DemoShop {
  organisationId: string;
  organisationName: string;
  /** True when this call created the shop (the database was empty). */
  seeded: boolean;
  products: number;
}

/** Creates the demo organisation, stores, registers, categories and products, unless a shop exists already. */
export async function seedDemoShop(database: Database, now: string): Promise<DemoShop> {
  const existing = await findFirstOrganisation(database.db);
  if (existing)
    return { organisationId: existing.id, organisationName: existing.name, seeded: false, products: 0 };
  const ids = await setupOrganisation(database.db, DEMO_SHOP, now);
  const catalogue = buildDemoCatalogue();
  const { idByKey } = await ensureCategoryPaths(
    database.db,
    ids.organisationId,
    catalogue.map((p) => p.categoryPath),
    now,
  );
  const inputs: CreateProductBody[] = catalogue.map((p) => ({
    ...p.body,
    categoryId: idByKey.get(categoryKey(p.categoryPath))!,
  }));
  const outcome = await importProducts(database.db, database.dialect, ids.organisationId, inputs, { now });
  if (!outcome.ok) throw new Error(`The demo catalogue did not import: ${outcome.error.message}`);
  await seedDemoReceiptSettings(database, ids.organisationId, ids.stores, now);
  await seedDemoFavourites(database, ids.organisationId, ids.stores, now);
  return {
    organisationId: ids.organisationId,
    organisationName: DEMO_SHOP.name,
    seeded: true,
    products: inputs.length,
  };
}

/** Revokes the previous demo owner token and issues a new one (tokens are stored hashed: only a new one can be shown). */
export async function issueDemoOwnerToken(
  database: Database,
  organisationId: string,
  now: string,
): Promise<string> {
  await revokeApiTokensNamed(database.db, DEMO_TOKEN_NAME, now);
  const { token } = await createApiToken(database.db, {
    organisationId,
    name: DEMO_TOKEN_NAME,
    scopes: ['*'],
    now,
  });
  return token;
}
