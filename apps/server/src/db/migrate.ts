import { Migrator, type Migration, type MigrationProvider, type Kysely } from 'kysely';
import * as m0001 from './migrations/0001-foundation.ts';
import * as m0002 from './migrations/0002-catalog.ts';
import * as m0003 from './migrations/0003-staff.ts';
import * as m0004 from './migrations/0004-selling.ts';
import * as m0005 from './migrations/0005-payments.ts';
import * as m0006 from './migrations/0006-cash-receipts.ts';
import * as m0007 from './migrations/0007-search-prefixes.ts';
import * as m0008 from './migrations/0008-receipt-settings.ts';
import * as m0009 from './migrations/0009-offline-card-payments.ts';
import * as m0010 from './migrations/0010-offline-pin-verifiers.ts';
import * as m0011 from './migrations/0011-fts-prefix-four.ts';
import * as m0012 from './migrations/0012-unknown-item-permission.ts';
import * as m0013 from './migrations/0013-store-favourites.ts';
import * as m0014 from './migrations/0014-barcode-lookup-cover.ts';

// Migrations are listed here (not discovered on disk) so the same list runs
// under tsx, in tests and in a bundled build.
const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-catalog': m0002,
  '0003-staff': m0003,
  '0004-selling': m0004,
  '0005-payments': m0005,
  '0006-cash-receipts': m0006,
  '0007-search-prefixes': m0007,
  '0008-receipt-settings': m0008,
  '0009-offline-card-payments': m0009,
  '0010-offline-pin-verifiers': m0010,
  '0011-fts-prefix-four': m0011,
  '0012-unknown-item-permission': m0012,
  '0013-store-favourites': m0013,
  '0014-barcode-lookup-cover': m0014,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The migrations' names, in the order they run. */
export function migrationNames(): string[] {
  return Object.keys(migrations).sort();
}

/** Brings the schema to one migration (upgrade tests: a database as an older release left it). */
export async function migrateTo(db: Kysely<any>, name: string): Promise<void> {
  const { error } = await new Migrator({ db, provider }).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
