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

/** One multi-row insert of a batch (made by insertPart, which checks it against its table). */
export interface InsertPart {
  table: string;
  columns: readonly string[];
  rows: readonly object[];
  /** After the values, for example an `on conflict … returning …` clause (the last part only). */
  tail?: string;
}

/** Rows into a table, the columns in the order given; type-checked against the table. */
export function insertPart<T extends keyof DB & string>(
  table: T,
  columns: ReadonlyArray<keyof Insertable<DB[T]> & string>,
  rows: ReadonlyArray<Insertable<DB[T]>>,
  tail?: string,
): InsertPart {
  return { table, columns, rows, ...(tail ? { tail } : {}) };
}

function valuesOf(part: InsertPart): string {
  const row = `(${part.columns.map(() => '?').join(', ')})`;
  return `insert into "${part.table}" (${part.columns.map((c) => `"${c}"`).join(', ')}) values ${Array.from(part.rows, () => row).join(', ')}`;
}

function parametersOf(parts: InsertPart[]): unknown[] {
  const parameters: unknown[] = [];
  for (const part of parts) {
    for (const row of part.rows) {
      const values = row as Record<string, unknown>;
      for (const column of part.columns) parameters.push(values[column] ?? null);
    }
  }
  return parameters;
}

/** The statement for these parts' shape (tables, columns, row counts, tail), made once and kept. */
function statementFor(parts: InsertPart[], together: boolean): FixedSql {
  const key = `${together}|${parts.map((p) => `${p.table}|${p.columns.join(',')}|${p.rows.length}|${p.tail ?? ''}`).join('||')}`;
  let statement = inserts.get(key);
  if (!statement) {
    const last = parts.at(-1)!;
    const lastSql = `${valuesOf(last)}${last.tail ? ` ${last.tail}` : ''}`;
    const before = parts.slice(0, -1).map((p, i) => `i${i} as (${valuesOf(p)})`);
    statement = new FixedSql(before.length > 0 ? `with ${before.join(', ')} ${lastSql}` : lastSql);
    // Shapes are few (row counts of real sales); a bound keeps a pathological caller from growing it.
    if (inserts.size >= MAX_INSERT_SHAPES) inserts.delete(inserts.keys().next().value!);
    inserts.set(key, statement);
  }
  return statement;
}

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
  return insertTogether<R>(db, [insertPart(table, columns, rows, tail)]);
}

/**
 * Several multi-row inserts as one round trip where the engine allows it:
 * on PostgreSQL one statement (data-modifying CTEs; foreign keys between the
 * parts hold, they are checked at the end of the statement), on SQLite — no
 * round trips, no data-modifying CTEs — one statement per part. Parts without
 * rows are left out. Returns the rows the last part returns.
 */
export async function insertTogether<R = Record<string, unknown>>(
  db: Executor,
  parts: InsertPart[],
): Promise<R[]> {
  const present = parts.filter((p) => p.rows.length > 0);
  if (present.length === 0) return [];
  if (dialectOf(db) === 'postgres') {
    return runFixed<R>(db, statementFor(present, true), parametersOf(present));
  }
  let rows: R[] = [];
  for (const part of present) rows = await runFixed<R>(db, statementFor([part], false), parametersOf([part]));
  return rows;
}

/** `?, ?, ?` for an `in (…)` list of `count` values. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}
