import { sql } from 'kysely';
import type { Database } from '../db/database.ts';

/** A setting that does not put sales at risk but makes Kassa slower than it needs to be. */
export interface PerformanceCheck {
  setting: string;
  value: string;
  ok: boolean;
  /** What to change when not ok (empty when ok). */
  advice: string;
}

/** What `performanceChecks` reads off PostgreSQL. */
export interface PostgresFigures {
  sharedBuffersBytes: number;
  databaseBytes: number;
  autovacuum: boolean;
}

const MIB = 1024 * 1024;

function size(bytes: number): string {
  return bytes >= 1024 * MIB ? `${(bytes / (1024 * MIB)).toFixed(1)} GB` : `${Math.round(bytes / MIB)} MB`;
}

/**
 * PostgreSQL settings that decide how fast a scan and a search answer (docs/OPERATIONS.md,
 * Memory for a large catalogue): a database larger than shared_buffers makes a product's first
 * scan read its pages from outside PostgreSQL's cache (p99 past 1 ms where p50 is 0.14 ms), and
 * without autovacuum the barcode and store-price look-ups stop being index-only after edits.
 */
export function performanceChecks(figures: PostgresFigures): PerformanceCheck[] {
  return [
    {
      setting: 'shared_buffers',
      value: size(figures.sharedBuffersBytes),
      ok: figures.sharedBuffersBytes >= figures.databaseBytes,
      advice: `The database takes ${size(figures.databaseBytes)}: raise shared_buffers toward that (about a quarter of the machine's memory at most) in postgresql.conf and restart PostgreSQL, so scans and searches read from PostgreSQL's cache.`,
    },
    {
      setting: 'autovacuum',
      value: figures.autovacuum ? 'on' : 'off',
      ok: figures.autovacuum,
      advice: 'Set autovacuum = on: without it, catalogue edits make barcode look-ups read table pages again and tables bloat.',
    },
  ];
}

/** Reads the figures off the connected database; SQLite has no such settings (none to check). */
export async function checkPerformance(database: Database): Promise<PerformanceCheck[]> {
  if (database.dialect !== 'postgres') return [];
  const { rows } = await sql<{ name: string; setting: string }>`
    select name, setting from pg_settings where name in ('shared_buffers', 'block_size', 'autovacuum')`.execute(database.db);
  const setting = (name: string) => rows.find((r) => r.name === name)?.setting ?? '';
  const [{ bytes }] = (await sql<{ bytes: string | number }>`select pg_database_size(current_database()) as bytes`.execute(database.db)).rows as [{ bytes: string | number }];
  return performanceChecks({
    // shared_buffers is counted in blocks (block_size bytes each).
    sharedBuffersBytes: Number(setting('shared_buffers')) * Number(setting('block_size')),
    databaseBytes: Number(bytes),
    autovacuum: setting('autovacuum') === 'on',
  });
}

/** Formats checks as aligned lines: `autovacuum  off  ADVICE — …` / `… OK`. */
export function formatPerformanceChecks(checks: PerformanceCheck[]): string {
  const width = Math.max(...checks.map((c) => c.setting.length));
  return checks
    .map((c) => `  ${c.setting.padEnd(width)}  ${c.value.padEnd(8)}  ${c.ok ? 'OK' : `ADVICE — ${c.advice}`}`)
    .join('\n');
}
