// BENCH_KEEP_DB=1 (PostgreSQL only): the catalogue bench keeps its imported
// database between runs instead of importing 100,000 products (about a
// minute) every time. It stays honest by its name: a fingerprint of the
// generated products and of the code that shapes what an import stores (every
// migration, the import and write path, the search text). Change any of them
// and the next run imports afresh into a new database (and drops the old
// one); change only the search queries and it reuses the same data. A reused
// database skips the import figures, which then say "kept".
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createDatabase } from '../../apps/server/src/db/database.ts';
import { migrateToLatest } from '../../apps/server/src/db/migrate.ts';
import { TEST_PG_ADMIN_URL, type TestDatabase } from '../../apps/server/test/support/databases.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PREFIX = 'kassa_bench_catalog_';

/** Source files whose change alters what an import stores. */
const SHAPING_SOURCES = [
  'apps/server/src/db/migrations',
  'apps/server/src/demo/generate-products.ts',
  'apps/server/src/modules/catalog/import-products.ts',
  'apps/server/src/modules/catalog/plan-product.ts',
  'apps/server/src/modules/catalog/product-writes.repository.ts',
  'apps/server/src/modules/catalog/product-references.ts',
  'apps/server/src/modules/catalog/search-text.ts',
  'apps/server/test/support/scenarios.ts',
].map((p) => path.join(ROOT, p));

function sourcesOf(entry: string): string[] {
  if (!fs.statSync(entry).isDirectory()) return [entry];
  return fs
    .readdirSync(entry)
    .sort()
    .flatMap((name) => sourcesOf(path.join(entry, name)));
}

/** The name of the kept database for these products and this code. */
export function keptDatabaseName(inputs: unknown): string {
  const hash = createHash('sha256');
  for (const file of SHAPING_SOURCES.flatMap(sourcesOf)) hash.update(file).update(fs.readFileSync(file));
  hash.update(JSON.stringify(inputs));
  return PREFIX + hash.digest('hex').slice(0, 16);
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** What a bench run needs back from a kept database: its shop. */
export interface KeptShop {
  organisationId: string;
  ownerToken: string;
}

/**
 * Opens the kept database `name` if a previous run finished importing into it
 * (and returns its shop), or creates it empty and drops kept databases of
 * other fingerprints. `keep` then records the shop once the import is done.
 */
export async function openKeptDatabase(
  name: string,
  poolSize: number,
): Promise<{ database: TestDatabase; shop: KeptShop | null; keep(shop: KeptShop): Promise<void> }> {
  const existing = await admin(async (c) => {
    const rows = await c.query<{ datname: string }>(
      `select datname from pg_database where datname like '${PREFIX}%'`,
    );
    for (const { datname } of rows.rows)
      if (datname !== name) await c.query(`drop database ${datname} with (force)`);
    return rows.rows.some((r) => r.datname === name);
  });
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const connect = () => createDatabase({ kind: 'postgres', connectionString: url.toString() }, { poolSize });
  let database = existing ? connect() : null;
  let shop: KeptShop | null = null;
  if (database) {
    const kept = await database.db
      .selectFrom('bench_kept_shop' as never)
      .selectAll()
      .execute()
      .catch(() => []);
    shop = (kept[0] as KeptShop | undefined) ?? null;
    if (!shop) {
      // An earlier run stopped before its import finished: start again.
      await database.close();
      await admin((c) => c.query(`drop database ${name} with (force)`));
      database = null;
    }
  }
  if (!database) {
    await admin((c) => c.query(`create database ${name}`));
    database = connect();
    await migrateToLatest(database.db);
  }
  const db = database.db;
  return {
    database: {
      ...database,
      url: url.toString(),
      drop: () => database.close(), // kept: closed, never dropped
    },
    shop,
    async keep(kept: KeptShop) {
      await db.schema
        .createTable('bench_kept_shop')
        .addColumn('organisationId', 'text')
        .addColumn('ownerToken', 'text')
        .execute();
      await db
        .insertInto('bench_kept_shop' as never)
        .values({ organisationId: kept.organisationId, ownerToken: kept.ownerToken } as never)
        .execute();
    },
  };
}
