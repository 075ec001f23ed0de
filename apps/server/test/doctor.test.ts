import { describe, expect, it } from 'vitest';
import { formatDoctorReport, runDoctor, describeDatabase } from '../src/ops/doctor.ts';
import { DIALECTS, createTestDatabase } from './support/databases.ts';
import { parseDatabaseUrl } from '../src/config.ts';

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
});
