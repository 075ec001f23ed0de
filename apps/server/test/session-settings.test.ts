import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DIALECTS, createTestDatabase } from './support/databases.ts';

// The settings every connection Kassa opens runs with (db/database.ts): on SQLite the durability
// and integrity pragmas, on PostgreSQL no parallel workers and no JIT for its short queries (a
// JIT-compiled search took 100–200 ms instead of under 10).
describe.each(DIALECTS)('the sessions Kassa opens on %s', (dialect) => {
  it('carry the settings Kassa needs, on every connection of the pool', async () => {
    const database = await createTestDatabase(dialect, { poolSize: 3 });
    try {
      if (dialect === 'sqlite') {
        const read = async (pragma: string) =>
          Object.values((await sql.raw(`pragma ${pragma}`).execute(database.db)).rows[0] as object)[0];
        expect(await read('journal_mode')).toBe('wal');
        expect(await read('synchronous')).toBe(2); // FULL
        expect(await read('foreign_keys')).toBe(1);
        return;
      }
      // Three transactions held open at once: three different connections of the pool.
      const settings = await Promise.all(
        [1, 2, 3].map(() =>
          database.db.transaction().execute(async (trx) => {
            const { rows } = await sql<{ jit: string; workers: string; pid: number }>`select
              current_setting('jit') as jit, current_setting('max_parallel_workers_per_gather') as workers,
              pg_backend_pid() as pid, pg_sleep(0.05)`.execute(trx);
            return rows[0]!;
          }),
        ),
      );
      expect(new Set(settings.map((s) => s.pid)).size).toBe(3);
      for (const s of settings) expect(s).toMatchObject({ jit: 'off', workers: '0' });
    } finally {
      await database.drop();
    }
  });
});
