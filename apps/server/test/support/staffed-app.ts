import { afterAll, beforeAll } from 'vitest';
import { buildApp, type App } from '../../src/app.ts';
import type { DialectName } from '../../src/db/database.ts';
import type { Clock } from '../../src/lib/clock.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';
import { TEST_PEPPER, aStaffedDutchShop, type StaffedShop } from './scenarios.ts';

/** The staffed Dutch shop's database and the app on it. */
export interface StaffedApp {
  database: TestDatabase;
  shop: StaffedShop;
  app: App;
}

/** A fresh database of the dialect with the staffed Dutch shop, and the whole app on it with the test clock and pepper. */
export async function startStaffedApp(
  dialect: DialectName,
  clock: Clock & { iso(): string },
): Promise<StaffedApp> {
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

/**
 * Starts the staffed app before the tests of the describe it is called in, hands it to `started`,
 * and closes the app and drops the database after them:
 * `let { database, shop, app } = {} as StaffedApp; withStaffedApp(dialect, clock, (s) => ({ database, shop, app } = s));`
 */
export function withStaffedApp(
  dialect: DialectName,
  clock: Clock & { iso(): string },
  started: (staffed: StaffedApp) => void,
): void {
  let staffed: StaffedApp | undefined;
  beforeAll(async () => {
    staffed = await startStaffedApp(dialect, clock);
    started(staffed);
  });
  afterAll(async () => {
    await staffed?.app.close();
    await staffed?.database.drop();
  });
}
