import type { DatabaseConfig } from '../config.ts';
import { createDatabase } from '../db/database.ts';
import { checkDurability, formatDurabilityChecks, type DurabilityCheck } from './durability.ts';

export interface DoctorReport {
  engine: 'sqlite' | 'postgres';
  location: string;
  checks: DurabilityCheck[];
  ok: boolean;
}

/** Where the data lives, without the password of a PostgreSQL URL. */
export function describeDatabase(config: DatabaseConfig): string {
  if (config.kind === 'sqlite') return config.filename;
  const url = new URL(config.connectionString);
  if (url.password) url.password = '***';
  return url.toString();
}

/** Connects and checks the durability settings (`kassa doctor`). */
export async function runDoctor(config: DatabaseConfig): Promise<DoctorReport> {
  const database = createDatabase(config, { poolSize: 1 });
  try {
    const checks = await checkDurability(database);
    return {
      engine: database.dialect,
      location: describeDatabase(config),
      checks,
      ok: checks.every((c) => c.ok),
    };
  } finally {
    await database.close();
  }
}

/** The doctor's report as printed by the CLI. */
export function formatDoctorReport(report: DoctorReport): string {
  const engine = report.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const verdict = report.ok
    ? 'All durability settings are safe.'
    : 'Some settings can lose committed sales after a crash or power cut: change them as shown, then run kassa doctor again.';
  return [`Database: ${engine} (${report.location})`, formatDurabilityChecks(report.checks), verdict].join(
    '\n',
  );
}
