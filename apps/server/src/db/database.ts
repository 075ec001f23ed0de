import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, PostgresAdapter, sql, type LogEvent } from 'kysely';
import { withPreparedStatements } from './prepared-statements.ts';
import { SqliteReadWriteDialect } from './sqlite-read-write.ts';
import { withStatementCache } from './statement-cache.ts';
import { enableGroupCommit } from './group-commit.ts';
import { startCheckpointer, type CheckpointerOptions } from './sqlite-checkpointer.ts';
import type { DatabaseConfig } from '../config.ts';
import type { DB } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: DialectName;
  /** Closes every connection; waits for in-flight queries. */
  close(): Promise<void>;
}

// int8 (COUNT, SUM, bigint money columns) arrives as a string from pg. Money in
// minor units stays far below 2^53, so a checked Number is exact; anything
// larger is a bug we want to see, not a silently rounded total.
pg.types.setTypeParser(20, (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} exceeds the safe integer range`);
  return n;
});
// numeric (e.g. SUM over bigint) likewise.
pg.types.setTypeParser(1700, (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`numeric value ${value} is not a safe integer`);
  return n;
});

/** Opens the SQLite file with the durability settings DOMAIN.md requires. */
export function openSqlite(filename: string, options: { readonly?: boolean } = {}): SQLite.Database {
  if (filename !== ':memory:') fs.mkdirSync(path.dirname(filename), { recursive: true });
  const handle = new SQLite(filename, { readonly: options.readonly ?? false });
  // WAL lets readers run beside the single writer; synchronous=FULL because
  // NORMAL can lose the last committed sales on power loss (DOMAIN.md, Durability).
  if (!options.readonly) handle.pragma('journal_mode = WAL');
  handle.pragma('synchronous = FULL');
  handle.pragma('foreign_keys = ON');
  handle.pragma('busy_timeout = 5000');
  // 64 MiB page cache (negative = KiB): catalogue search and imports read far fewer pages from disk.
  handle.pragma('cache_size = -65536');
  return handle;
}

export interface DatabaseOptions {
  poolSize?: number;
  /** Called with every SQL statement run (tests pin statement counts of hot paths with it). */
  onQuery?: (sql: string, durationMs: number) => void;
  /** Told when an idle PostgreSQL connection breaks (the pool replaces it); for logging. */
  onIdleError?: (error: Error) => void;
  /**
   * SQLite: checkpoint the WAL in a thread of its own instead of in the committing connection
   * (sqlite-checkpointer.ts). The server turns it on; commands and tests keep SQLite's default.
   */
  backgroundCheckpoints?: boolean | CheckpointerOptions;
}

/** Connects Kysely to SQLite or PostgreSQL as configured. */
export function createDatabase(config: DatabaseConfig, options: DatabaseOptions = {}): Database {
  const log = options.onQuery
    ? (event: LogEvent) => options.onQuery!(event.query.sql, event.queryDurationMillis)
    : undefined;
  if (config.kind === 'sqlite') {
    const writerHandle = openSqlite(config.filename);
    const writer = withStatementCache(writerHandle);
    // An in-memory database cannot be opened twice: it keeps the one connection.
    const dialect =
      config.filename === ':memory:'
        ? new SqliteDialect({ database: writer })
        : new SqliteReadWriteDialect(writer, withStatementCache(openSqlite(config.filename)));
    const db = new Kysely<DB>({ dialect, ...(log ? { log } : {}) });
    enableGroupCommit(db);
    if (!options.backgroundCheckpoints || config.filename === ':memory:') {
      return { db, dialect: 'sqlite', close: () => db.destroy() };
    }
    const checkpointer = startCheckpointer(
      config.filename,
      options.backgroundCheckpoints === true ? {} : options.backgroundCheckpoints,
    );
    writerHandle.pragma('wal_autocheckpoint = 0');
    // When the writer starts the WAL over it trims the file back to 64 MiB (a long busy stretch
    // may have grown it).
    writerHandle.pragma('journal_size_limit = 67108864');
    return {
      db,
      dialect: 'sqlite',
      async close() {
        await checkpointer.stop();
        await db.destroy();
      },
    };
  }
  const pool = new pg.Pool({
    connectionString: config.connectionString,
    max: options.poolSize ?? config.poolSize ?? 10,
    // Kassa's queries are short and many; a parallel plan's worker start-up
    // (milliseconds, more on a loaded 2-core till server) costs more than it
    // saves and makes latency unpredictable. JIT likewise: a catalogue search
    // whose estimated cost passed jit_above_cost spent 100–200 ms compiling
    // before a query that runs in under 10 ms (bench/catalog.bench.ts).
    options: '-c max_parallel_workers_per_gather=0 -c jit=off',
  });
  // An idle client's error (PostgreSQL restarted, connection terminated by an
  // administrator) is emitted on the pool; unhandled, it would crash the
  // process. The pool drops that client and the next query opens a new one.
  pool.on('error', (error) => options.onIdleError?.(error));
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: withPreparedStatements(pool) }),
    ...(log ? { log } : {}),
  });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

/** Tells which dialect a Kysely instance speaks (migrations need this for FTS). */
export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Cheap round trip used by readiness checks. */
export async function pingDatabase(db: Kysely<DB>): Promise<void> {
  await sql`select 1`.execute(db);
}
