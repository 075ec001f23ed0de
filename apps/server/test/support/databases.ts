import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase, type Database, type DialectName } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

/** Every database test runs on both engines (CONVENTIONS.md). */
export const DIALECTS: DialectName[] = ['sqlite', 'postgres'];

/** The PostgreSQL server the tests use; `KASSA_TEST_PG_URL` overrides it. */
export const TEST_PG_ADMIN_URL = process.env.KASSA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase extends Database {
  /** The connection setting a server process would use for this database. */
  url: string;
  /** Closes connections and removes the database (file or PostgreSQL database). */
  drop(): Promise<void>;
}

function pgUrlFor(databaseName: string): string {
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated, empty database of the given engine: a temp file or a new PostgreSQL database. */
export async function createTestDatabase(dialect: DialectName, options: { migrate?: boolean; poolSize?: number; onQuery?: (sql: string, durationMs: number) => void } = {}): Promise<TestDatabase> {
  const suffix = randomBytes(6).toString('hex');
  let database: Database;
  let url: string;
  let cleanup: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kassa-test-'));
    const filename = path.join(dir, 'kassa.db');
    url = `sqlite:${filename}`;
    database = createDatabase({ kind: 'sqlite', filename }, { onQuery: options.onQuery });
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const name = `kassa_test_${suffix}`;
    await adminQuery(`create database ${name}`);
    url = pgUrlFor(name);
    database = createDatabase({ kind: 'postgres', connectionString: url }, { poolSize: options.poolSize ?? 5, onQuery: options.onQuery });
    cleanup = async () => adminQuery(`drop database if exists ${name} with (force)`);
  }
  if (options.migrate !== false) await migrateToLatest(database.db);
  let dropped = false;
  return {
    ...database,
    url,
    async drop() {
      if (dropped) return;
      dropped = true;
      await database.close();
      await cleanup();
    },
  };
}
