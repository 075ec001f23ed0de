import { buildApp, type App } from '../../src/app.ts';
import type { DialectName } from '../../src/db/database.ts';
import type { Clock } from '../../src/lib/clock.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';
import { TEST_PEPPER, aStaffedDutchShop, type StaffedShop } from './scenarios.ts';

/** A fresh database of the dialect with the staffed Dutch shop, and the whole app on it with the test clock and pepper. */
export async function startStaffedApp(
  dialect: DialectName,
  clock: Clock & { iso(): string },
): Promise<{ database: TestDatabase; shop: StaffedShop; app: App }> {
  const database = await createTestDatabase(dialect);
  const shop = await aStaffedDutchShop(database.db, clock.iso());
  const app = await buildApp({
    config: { logLevel: 'silent', bodyLimit: 64 * 1024 },
    database,
    clock,
    security: { pepper: TEST_PEPPER },
  });
  return { database, shop, app };
}
