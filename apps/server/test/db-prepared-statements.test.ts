import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAN_EACH_TIME } from '../src/db/prepared-statements.ts';
import { createTestDatabase, type TestDatabase } from './support/databases.ts';

// Named prepared statements are a PostgreSQL connection feature
// (db/prepared-statements.ts); SQLite's twin is the statement cache, which
// every SQLite test goes through.
describe('prepared statements on postgres', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('postgres', { poolSize: 1 });
  });
  afterAll(async () => database?.drop());

  const prepared = async () =>
    (
      await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(database.db)
    ).rows.map((r) => r.statement);

  it('prepares a query with parameters once per connection and reuses it', async () => {
    const query = (n: number) => sql<{ n: number }>`select ${n}::int + 1 as n`.execute(database.db);
    expect((await query(1)).rows[0]!.n).toBe(2);
    expect((await query(41)).rows[0]!.n).toBe(42);
    expect((await prepared()).filter((s) => s.includes('::int + 1'))).toHaveLength(1);
  });

  it('sends text without parameters unnamed, so statements without values and DDL still run', async () => {
    await sql`create table prepared_probe (id int); insert into prepared_probe values (7)`.execute(
      database.db,
    );
    const rows = await sql<{ id: number }>`select id from prepared_probe`.execute(database.db);
    expect(rows.rows).toEqual([{ id: 7 }]);
    expect((await prepared()).some((s) => s.includes('prepared_probe'))).toBe(false);
  });

  it('leaves huge parameter lists unnamed', async () => {
    const values = Array.from({ length: 1000 }, (_, i) => i);
    const rows = await sql<{ n: number }>`select count(*)::int as n from (values ${sql.join(
      values.map((v) => sql`(${v})`),
    )}) v(x)`.execute(database.db);
    expect(rows.rows[0]!.n).toBe(1000);
    expect((await prepared()).some((s) => s.includes('values ($1)'))).toBe(false);
  });

  it("names a statement of a few hundred values (a sale's writes in one statement)", async () => {
    const values = Array.from({ length: 300 }, (_, i) => i);
    const rows = await sql<{ n: number }>`select count(*)::int as n from (values ${sql.join(
      values.map((v) => sql`(${v}, 'three hundred')`),
    )}) v(x, y)`.execute(database.db);
    expect(rows.rows[0]!.n).toBe(300);
    expect((await prepared()).filter((s) => s.includes("'three hundred'"))).toHaveLength(1);
  });

  it('plans a query marked PLAN_EACH_TIME for its values every time (never a named, generic-plan statement)', async () => {
    const marked = (n: number) =>
      sql<{ n: number }>`${sql.raw(PLAN_EACH_TIME)} select ${n}::int * 3 as n`.execute(database.db);
    for (let i = 0; i < 7; i++) expect((await marked(i)).rows[0]!.n).toBe(i * 3);
    expect((await prepared()).some((s) => s.includes('* 3'))).toBe(false);
  });
});
