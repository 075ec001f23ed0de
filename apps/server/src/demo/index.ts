import type { Database } from '../db/database.ts';
import { listStores } from '../modules/stores/index.ts';
import { seedDemoStaff } from '../modules/staff/index.ts';
import { issueDemoOwnerToken, seedDemoShop } from './seed-demo.ts';
import { issueDemoEnrolmentCode } from './demo-register.ts';
import { registerDemoTerminal, type DemoTerminalInput } from './demo-terminal.ts';

export { formatDemoBanner, lanAddresses } from './banner.ts';
export { generateDemoProducts, seededRandom } from './generate-products.ts';
export { buildDemoCatalogue } from './demo-catalogue.ts';
export { seedDemoShop, issueDemoOwnerToken, DEMO_SHOP, DEMO_TOKEN_NAME } from './seed-demo.ts';
export { addGeneratedProducts } from './add-generated-products.ts';
export { registerDemoTerminal, type DemoTerminal, type DemoTerminalInput } from './demo-terminal.ts';
export { registerDemoRoutes } from './demo.routes.ts';

/**
 * Demo mode at start-up: the demo shop in an empty database, its staff (the
 * fixed demo logins and PINs, printed by the banner), a fresh owner token and,
 * when `kassa start --demo` runs the terminal simulator, that card terminal.
 */
export async function prepareDemo(database: Database, now: string, pepper: Buffer, options: { terminal?: DemoTerminalInput | null } = {}) {
  const shop = await seedDemoShop(database, now);
  const stores = await listStores(database.db, shop.organisationId);
  const logins = await seedDemoStaff(
    database.db,
    { organisationId: shop.organisationId, stores: stores.map((s) => ({ id: s.id, name: s.name, registerIds: s.registers.map((r) => r.id) })) },
    now,
    { pepper },
  );
  const ownerToken = await issueDemoOwnerToken(database, shop.organisationId, now);
  const enrolment = await issueDemoEnrolmentCode(database, shop.organisationId, pepper);
  const terminal = options.terminal ? await registerDemoTerminal(database, shop.organisationId, options.terminal, now) : null;
  return { ...shop, ownerToken, logins, enrolment, terminal };
}
