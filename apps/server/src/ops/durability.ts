import { sql } from 'kysely';
import type { Database } from '../db/database.ts';

/** One durability setting as found in the running database, with what to do when it is unsafe. */
export interface DurabilityCheck {
  setting: string;
  value: string;
  ok: boolean;
  /** What to change when not ok (empty when ok). */
  advice: string;
}

const SAFE_SQLITE_SYNCHRONOUS = new Set(['2', '3']); // FULL, EXTRA

/**
 * SQLite: WAL and synchronous=FULL, because NORMAL can lose the last committed
 * sales on power loss (DOMAIN.md, Durability).
 */
async function checkSqlite(database: Database): Promise<DurabilityCheck[]> {
  const journal =
    (await sql<{ journal_mode: string }>`pragma journal_mode`.execute(database.db)).rows[0]?.journal_mode ??
    '?';
  const synchronous = String(
    (await sql<{ synchronous: number }>`pragma synchronous`.execute(database.db)).rows[0]?.synchronous ?? '?',
  );
  const names: Record<string, string> = { '0': 'OFF', '1': 'NORMAL', '2': 'FULL', '3': 'EXTRA' };
  return [
    {
      setting: 'journal_mode',
      value: journal,
      ok: journal.toLowerCase() === 'wal',
      advice:
        'Kassa sets WAL when it opens the file; another program switched it: run "PRAGMA journal_mode=WAL".',
    },
    {
      setting: 'synchronous',
      value: names[synchronous] ?? synchronous,
      ok: SAFE_SQLITE_SYNCHRONOUS.has(synchronous),
      advice: 'Use synchronous=FULL: NORMAL or OFF can lose committed sales on power loss.',
    },
  ];
}

/** PostgreSQL: fsync, synchronous_commit and full_page_writes must stay on or a crash can lose or corrupt sales. */
async function checkPostgres(database: Database): Promise<DurabilityCheck[]> {
  const { rows } = await sql<{ name: string; setting: string }>`
    select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'full_page_writes')`.execute(
    database.db,
  );
  const value = (name: string) => rows.find((r) => r.name === name)?.setting ?? '?';
  return [
    {
      setting: 'fsync',
      value: value('fsync'),
      ok: value('fsync') === 'on',
      advice: 'Set fsync = on in postgresql.conf: with fsync off a power cut can corrupt the whole database.',
    },
    {
      setting: 'synchronous_commit',
      value: value('synchronous_commit'),
      ok: value('synchronous_commit') !== 'off',
      advice: 'Set synchronous_commit = on: with off, sales the server confirmed can vanish after a crash.',
    },
    {
      setting: 'full_page_writes',
      value: value('full_page_writes'),
      ok: value('full_page_writes') === 'on',
      advice: 'Set full_page_writes = on: without it a crash mid-write can leave torn, unrecoverable pages.',
    },
  ];
}

/** Reads the durability settings of the connected database. */
export async function checkDurability(database: Database): Promise<DurabilityCheck[]> {
  return database.dialect === 'sqlite' ? checkSqlite(database) : checkPostgres(database);
}

/** Formats checks as aligned lines: `fsync  on  OK` / `… UNSAFE — advice`. */
export function formatDurabilityChecks(checks: DurabilityCheck[]): string {
  const width = Math.max(...checks.map((c) => c.setting.length));
  return checks
    .map((c) => `  ${c.setting.padEnd(width)}  ${c.value.padEnd(8)}  ${c.ok ? 'OK' : `UNSAFE — ${c.advice}`}`)
    .join('\n');
}
