import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { formatDoctorReport, runDoctor, describeDatabase } from '../src/ops/doctor.ts';
import { DIALECTS, createTestDatabase } from './support/databases.ts';
import { parseDatabaseUrl } from '../src/config.ts';
import { performanceChecks } from '../src/ops/performance-advice.ts';

describe.each(DIALECTS)('kassa doctor on %s', (dialect) => {
  it('finds the settings Kassa runs with safe', async () => {
    const database = await createTestDatabase(dialect);
    try {
      const report = await runDoctor(parseDatabaseUrl(database.url));
      expect(report.ok).toBe(true);
      const settings = report.checks.map((c) => c.setting);
      expect(settings).toEqual(
        dialect === 'sqlite'
          ? ['journal_mode', 'synchronous']
          : ['fsync', 'synchronous_commit', 'full_page_writes'],
      );
      expect(formatDoctorReport(report)).toContain('All durability settings are safe.');
      // PostgreSQL also gets advice on its cache and autovacuum, read off the server; SQLite none.
      expect(report.performance.map((c) => c.setting)).toEqual(dialect === 'sqlite' ? [] : ['shared_buffers', 'autovacuum']);
      if (dialect === 'postgres') {
        const { rows } = await sql<{ bytes: number }>`select setting::bigint * current_setting('block_size')::bigint as bytes from pg_settings where name = 'shared_buffers'`.execute(database.db);
        expect(report.performance[0]!.value).toBe(`${Math.round(Number(rows[0]!.bytes) / 1024 / 1024)} MB`);
        // A fresh test database is far smaller than any shared_buffers.
        expect(report.performance[0]!.ok).toBe(true);
      }
    } finally {
      await database.drop();
    }
  });
});

describe('the doctor report', () => {
  it('marks an unsafe setting UNSAFE with what to change', () => {
    const text = formatDoctorReport({
      engine: 'postgres',
      location: 'postgres://kassa@db/kassa',
      ok: false,
      performance: [],
      checks: [
        { setting: 'fsync', value: 'off', ok: false, advice: 'Set fsync = on in postgresql.conf.' },
        { setting: 'synchronous_commit', value: 'on', ok: true, advice: '' },
      ],
    });
    expect(text).toMatch(/fsync\s+off\s+UNSAFE — Set fsync = on/);
    expect(text).toMatch(/synchronous_commit\s+on\s+OK/);
    expect(text).toContain('change them as shown');
  });

  it('never prints a PostgreSQL password', () => {
    expect(
      describeDatabase({ kind: 'postgres', connectionString: 'postgres://kassa:geheim@db:5432/kassa' }),
    ).toBe('postgres://kassa:***@db:5432/kassa');
  });

  it('advises on a catalogue larger than shared_buffers and on autovacuum off, without failing the report', () => {
    const checks = performanceChecks({ sharedBuffersBytes: 128 * 1024 * 1024, databaseBytes: 436 * 1024 * 1024, autovacuum: false });
    expect(checks).toEqual([
      expect.objectContaining({ setting: 'shared_buffers', value: '128 MB', ok: false }),
      expect.objectContaining({ setting: 'autovacuum', value: 'off', ok: false }),
    ]);
    expect(checks[0]!.advice).toContain('The database takes 436 MB');
    const text = formatDoctorReport({ engine: 'postgres', location: 'postgres://kassa@db/kassa', ok: true, checks: [], performance: checks });
    expect(text).toContain('All durability settings are safe.');
    expect(text).toMatch(/shared_buffers\s+128 MB\s+ADVICE — The database takes 436 MB/);
    expect(text).toMatch(/autovacuum\s+off\s+ADVICE — Set autovacuum = on/);
    const enough = performanceChecks({ sharedBuffersBytes: 2 * 1024 ** 3, databaseBytes: 436 * 1024 * 1024, autovacuum: true });
    expect(enough.map((c) => [c.value, c.ok])).toEqual([['2.0 GB', true], ['on', true]]);
  });
});
