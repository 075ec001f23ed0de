import type { DatabaseConfig } from '../config.ts';
import { createDatabase } from '../db/database.ts';
import { checkDurability, formatDurabilityChecks, type DurabilityCheck } from './durability.ts';
import { checkPerformance, formatPerformanceChecks, type PerformanceCheck } from './performance-advice.ts';

export interface DoctorReport {
  engine: 'sqlite' | 'postgres';
  location: string;
  checks: DurabilityCheck[];
  /** Advice only: never makes the report fail (PostgreSQL: cache size, autovacuum). */
  performance: PerformanceCheck[];
  ok: boolean;
}

/** Where the data lives, without the password of a PostgreSQL URL. */
export function describeDatabase(config: DatabaseConfig): string {
  if (config.kind === 'sqlite') return config.filename;
  const url = new URL(config.connectionString);
  if (url.password) url.password = '***';
  return url.toString();
}

/** Connects and checks the durability settings, and gives performance advice (`kassa doctor`). */
export async function runDoctor(config: DatabaseConfig): Promise<DoctorReport> {
  const database = createDatabase(config, { poolSize: 1 });
  try {
    const checks = await checkDurability(database);
    const performance = await checkPerformance(database);
    return {
      engine: database.dialect,
      location: describeDatabase(config),
      checks,
      performance,
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
  const lines = [`Database: ${engine} (${report.location})`, formatDurabilityChecks(report.checks), verdict];
  if (report.performance.length > 0) lines.push('Performance:', formatPerformanceChecks(report.performance));
  return lines.join('\n');
}
