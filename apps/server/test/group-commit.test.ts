import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../src/db/run-command.ts';
import { failure } from '../src/http/errors.ts';
import { createTestDatabase, type TestDatabase } from './support/databases.ts';

// SQLite group commit (db/group-commit.ts): concurrent commands share one
// transaction, each in its own savepoint, and are answered after the commit.
describe('group commit on sqlite', () => {
  let database: TestDatabase;
  const commits: number[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('sqlite', {
      onQuery: (sql) => (sql === 'commit' ? commits.push(1) : undefined),
    });
  });
  afterAll(async () => database?.drop());

  const insertCounter = (name: string) => (trx: Parameters<Parameters<typeof runCommand>[1]>[0]) =>
    trx.insertInto('counters').values({ name, value: 1 }).execute();

  it('commits the good commands of a batch and rolls back only the failing ones', async () => {
    commits.length = 0;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        runCommand(database.db, async (trx) => {
          await insertCounter(`c${i}`)(trx);
          if (i % 3 === 1) return { ok: false, error: failure('TEST_REFUSED', `command ${i} refused`) };
          if (i % 3 === 2) throw new Error(`command ${i} crashed`);
          return { ok: true, value: i };
        }),
      ),
    );
    const rows = await database.db
      .selectFrom('counters')
      .select('name')
      .where('name', 'like', 'c%')
      .where('name', '!=', 'catalog_change')
      .execute();
    expect(rows.map((r) => r.name).sort()).toEqual(Array.from({ length: 10 }, (_, k) => `c${k * 3}`).sort());
    expect(outcomes.filter((o) => o.status === 'fulfilled' && o.value.ok)).toHaveLength(10);
    expect(outcomes.filter((o) => o.status === 'fulfilled' && !o.value.ok)).toHaveLength(10);
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(10);
    // 30 concurrent commands, far fewer commits (fsyncs) than commands.
    expect(commits.length).toBeLessThan(10);
  });

  it('turns a unique violation against an earlier command of the same batch into onConflict, after that one committed', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        runCommand(
          database.db,
          async (trx) => {
            await insertCounter('same')(trx);
            return { ok: true, value: 'inserted' };
          },
          async () => {
            const row = await database.db
              .selectFrom('counters')
              .select('name')
              .where('name', '=', 'same')
              .executeTakeFirst();
            return { ok: true, value: row ? 'already there' : 'missing' };
          },
        ),
      ),
    );
    expect(answers.map((a) => (a.ok ? a.value : a.error.code)).sort()).toEqual([
      'already there',
      'already there',
      'already there',
      'already there',
      'inserted',
    ]);
  });

  it('batches commands whose requests read first, outside any transaction (an API token, an idempotency look-up)', async () => {
    commits.length = 0;
    const results = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        await new Promise((resolve) => setImmediate(resolve)); // arrive as separate requests do
        const before = await database.db.selectFrom('counters').select('name').where('name', '=', `r${i}`).execute();
        return runCommand(database.db, async (trx) => {
          await insertCounter(`r${i}`)(trx);
          return { ok: true, value: before.length };
        });
      }),
    );
    expect(results.every((r) => r.ok && r.value === 0)).toBe(true);
    expect(commits.length).toBeGreaterThan(0);
    expect(commits.length).toBeLessThan(10);
  });

  it('answers a read outside the transaction while a write transaction is open, from what is committed', async () => {
    const seen = await database.db.transaction().execute(async (trx) => {
      await trx.insertInto('counters').values({ name: 'uncommitted', value: 1 }).execute();
      // On one connection behind a mutex this read would wait for the transaction it runs in.
      const outside = await database.db.selectFrom('counters').select('name').where('name', '=', 'uncommitted').execute();
      const inside = await trx.selectFrom('counters').select('name').where('name', '=', 'uncommitted').execute();
      return { outside: outside.length, inside: inside.length };
    });
    expect(seen).toEqual({ outside: 0, inside: 1 });
    const after = await database.db.selectFrom('counters').select('name').where('name', '=', 'uncommitted').execute();
    expect(after).toHaveLength(1);
  });

  it('runs a write outside a transaction on the writer, after the open transaction, never beside it', async () => {
    const order: string[] = [];
    await Promise.all([
      database.db.transaction().execute(async (trx) => {
        await trx.insertInto('counters').values({ name: 'w-in-trx', value: 1 }).execute();
        await new Promise((resolve) => setTimeout(resolve, 50));
        order.push('transaction');
      }),
      (async () => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        await database.db.insertInto('counters').values({ name: 'w-outside', value: 1 }).execute();
        order.push('outside write');
      })(),
    ]);
    expect(order).toEqual(['transaction', 'outside write']);
  });

  it('runs DDL on the writer only: an index dropped and made again under its name, outside a transaction', async () => {
    await sql`create index counters_probe_ix on counters (value)`.execute(database.db);
    // The reader connection reads the schema as it is now…
    await database.db.selectFrom('counters').select('name').limit(1).execute();
    await sql`drop index counters_probe_ix`.execute(database.db);
    // …and still holds the dropped index: preparing this there would fail with "already exists".
    await sql`create index counters_probe_ix on counters (name)`.execute(database.db);
    const index = await sql<{ sql: string }>`select sql from sqlite_master where name = 'counters_probe_ix'`.execute(database.db);
    expect(index.rows[0]?.sql).toContain('(name)');
    await sql`drop index counters_probe_ix`.execute(database.db);
  });
});
