import type { Database } from '../db/database.ts';
import { issueDemoOwnerToken, seedDemoShop } from './seed-demo.ts';

export { formatDemoBanner, lanAddresses } from './banner.ts';
export { generateDemoProducts, seededRandom } from './generate-products.ts';
export { buildDemoCatalogue } from './demo-catalogue.ts';
export { seedDemoShop, issueDemoOwnerToken, DEMO_SHOP, DEMO_TOKEN_NAME } from './seed-demo.ts';
export { addGeneratedProducts } from './add-generated-products.ts';

/** Demo mode at start-up: the demo shop in an empty database, and a fresh owner token to print. */
export async function prepareDemo(database: Database, now: string) {
  const shop = await seedDemoShop(database, now);
  const ownerToken = await issueDemoOwnerToken(database, shop.organisationId, now);
  return { ...shop, ownerToken };
}
