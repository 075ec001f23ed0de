import { CompiledQuery, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { DB } from './schema.ts';
import { dialectOf } from './database.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * SQL of the hot paths (recording a sale), written once as text.
 *
 * Kysely builds, freezes and compiles a query tree on every call and hands the
 * driver a new SQL string each time; on the sale path that cost more than the
 * statements themselves (CPU profile of `npm run bench -- sales`). A fixed
 * statement is compiled once: the same string object every time, so the
 * prepared-statement caches of both engines (statement-cache.ts,
 * prepared-statements.ts) find it without rebuilding or rehashing it. It still
 * runs through Kysely's connection (same transaction, logging, plugins-free).
 *
 * Written with `?` placeholders; the PostgreSQL spelling ($1, $2, …) is made
 * once. The text must not contain a literal `?` for that reason.
 */
export class FixedSql {
  readonly postgres: string;

  constructor(readonly sqlite: string) {
    let n = 0;
    this.postgres = sqlite.replace(/\?/g, () => `$${++n}`);
  }
}

/** Runs a fixed statement in the executor's connection (or transaction); the rows it returns. */
export async function runFixed<R = Record<string, unknown>>(
  db: Executor,
  statement: FixedSql,
  parameters: readonly unknown[],
): Promise<R[]> {
  const text = dialectOf(db) === 'postgres' ? statement.postgres : statement.sqlite;
  const result = await db.executeQuery<R>(CompiledQuery.raw(text, parameters as unknown[]));
  return result.rows;
}

const inserts = new Map<string, FixedSql>();
const MAX_INSERT_SHAPES = 200;

/**
 * A multi-row insert of `rows` into `table`, the columns in the order given;
 * the SQL is made once per table, columns, row count and tail (for example an
 * `on conflict … returning …` clause) and reused.
 */
export async function insertRows<T extends keyof DB & string, R = Record<string, unknown>>(
  db: Executor,
  table: T,
  columns: ReadonlyArray<keyof Insertable<DB[T]> & string>,
  rows: ReadonlyArray<Insertable<DB[T]>>,
  tail = '',
): Promise<R[]> {
  if (rows.length === 0) return [];
  const key = `${table}|${columns.join(',')}|${rows.length}|${tail}`;
  let statement = inserts.get(key);
  if (!statement) {
    const row = `(${columns.map(() => '?').join(', ')})`;
    statement = new FixedSql(
      `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${Array.from(rows, () => row).join(', ')}${tail ? ` ${tail}` : ''}`,
    );
    // Shapes are few (row counts of real sales); a bound keeps a pathological caller from growing it.
    if (inserts.size >= MAX_INSERT_SHAPES) inserts.delete(inserts.keys().next().value!);
    inserts.set(key, statement);
  }
  const parameters: unknown[] = [];
  for (const row of rows) {
    const values = row as Record<string, unknown>;
    for (const column of columns) parameters.push(values[column] ?? null);
  }
  return runFixed<R>(db, statement, parameters);
}

/** `?, ?, ?` for an `in (…)` list of `count` values. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}
