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
let statementIds = 0;

export class FixedSql {
  readonly postgres: string;
  /** Names this statement in the keys of composed statements (cheaper than its text). */
  readonly id = ++statementIds;

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

const composed = new Map<string, FixedSql>();
const MAX_COMPOSED_SHAPES = 200;

/** One multi-row insert of a batch (made by insertPart, which checks it against its table). */
export interface InsertPart {
  table: string;
  columns: readonly string[];
  rows: readonly object[];
  /** After the values, for example an `on conflict … returning …` clause (the last part only). */
  tail?: string;
}

/** A write (or, as the read before a batch, a select) whose SQL is fixed, with its parameters. */
export interface StatementPart {
  statement: FixedSql;
  parameters: readonly unknown[];
}

export type WritePart = InsertPart | StatementPart;

/** Rows into a table, the columns in the order given; type-checked against the table. */
export function insertPart<T extends keyof DB & string>(
  table: T,
  columns: ReadonlyArray<keyof Insertable<DB[T]> & string>,
  rows: ReadonlyArray<Insertable<DB[T]>>,
  tail?: string,
): InsertPart {
  return { table, columns, rows, ...(tail ? { tail } : {}) };
}

const isStatement = (part: WritePart): part is StatementPart => 'statement' in part;

function sqlOf(part: WritePart): string {
  if (isStatement(part)) return part.statement.sqlite;
  const row = `(${part.columns.map(() => '?').join(', ')})`;
  const values = `insert into "${part.table}" (${part.columns.map((c) => `"${c}"`).join(', ')}) values ${Array.from(part.rows, () => row).join(', ')}`;
  return part.tail ? `${values} ${part.tail}` : values;
}

function shapeOf(part: WritePart): string {
  return isStatement(part)
    ? `#${part.statement.id}`
    : `${part.table}|${part.columns.join(',')}|${part.rows.length}|${part.tail ?? ''}`;
}

function parametersOf(parts: readonly WritePart[]): unknown[] {
  const parameters: unknown[] = [];
  for (const part of parts) {
    if (isStatement(part)) {
      parameters.push(...part.parameters);
      continue;
    }
    for (const row of part.rows) {
      const values = row as Record<string, unknown>;
      for (const column of part.columns) parameters.push(values[column] ?? null);
    }
  }
  return parameters;
}

/** A statement made once per shape (tables, columns, row counts, statements) and kept. */
function statementFor(key: string, make: () => string): FixedSql {
  let statement = composed.get(key);
  if (!statement) {
    statement = new FixedSql(make());
    // Shapes are few (row counts of real sales); a bound keeps a pathological caller from growing it.
    if (composed.size >= MAX_COMPOSED_SHAPES) composed.delete(composed.keys().next().value!);
    composed.set(key, statement);
  }
  return statement;
}

/** One part on its own (SQLite runs parts one by one). */
function singleStatement(part: WritePart): FixedSql {
  return isStatement(part) ? part.statement : statementFor(shapeOf(part), () => sqlOf(part));
}

/**
 * PostgreSQL: the writes as data-modifying CTEs of one statement. With a read `before`, the
 * statement answers that read's rows, which see the database as it was before the writes (every
 * part of one statement shares its snapshot); without, the last write answers (its returning).
 */
function oneStatement(writes: readonly WritePart[], before?: StatementPart): FixedSql {
  const key = `${before ? shapeOf(before) : ''}>${writes.map(shapeOf).join('||')}`;
  return statementFor(key, () => {
    const ctes = writes.map((p, i) => `w${i} as (${sqlOf(p)})`);
    if (before) return `with r as (${before.statement.sqlite}), ${ctes.join(', ')} select * from r`;
    const last = sqlOf(writes.at(-1)!);
    return ctes.length > 1 ? `with ${ctes.slice(0, -1).join(', ')} ${last}` : last;
  });
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
 * Several writes as one round trip where the engine allows it: on PostgreSQL
 * one statement (data-modifying CTEs; foreign keys between the parts hold,
 * they are checked at the end of the statement; the parts touch different
 * rows, so their order inside the statement does not matter), on SQLite — no
 * round trips, no data-modifying CTEs — one statement per part, in order.
 * Inserts without rows are left out. Returns the rows the last part returns.
 */
export async function insertTogether<R = Record<string, unknown>>(
  db: Executor,
  parts: readonly WritePart[],
): Promise<R[]> {
  return writeTogether<R>(db, parts);
}

/**
 * Like insertTogether; with `before`, a read run ahead of the writes whose rows are returned: it
 * sees the database as it was before them, on both engines.
 */
export async function writeTogether<R = Record<string, unknown>>(
  db: Executor,
  parts: readonly WritePart[],
  before?: StatementPart,
): Promise<R[]> {
  const present = parts.filter((p) => isStatement(p) || p.rows.length > 0);
  if (present.length === 0) return before ? runFixed<R>(db, before.statement, before.parameters) : [];
  if (dialectOf(db) === 'postgres') {
    const all = before ? [before, ...present] : present;
    return runFixed<R>(db, oneStatement(present, before), parametersOf(all));
  }
  let rows: R[] = before ? await runFixed<R>(db, before.statement, before.parameters) : [];
  for (const part of present) {
    const written = await runFixed<R>(db, singleStatement(part), parametersOf([part]));
    if (!before) rows = written;
  }
  return rows;
}

/** `?, ?, ?` for an `in (…)` list of `count` values. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

/**
 * A query built with Kysely's builder once and then run with other values: Kysely builds, freezes
 * and compiles a query tree on every call (more than the query itself costs on a hot read, and
 * garbage for every call). Built with `marks` in place of the values; each run swaps the marks in
 * the compiled parameters for the values given under the same names. One per dialect.
 */
export class CompiledOnce<Names extends string> {
  private readonly compiled = new Map<string, CompiledQuery>();
  private readonly marks: Record<Names, string>;

  constructor(
    private readonly build: (db: Kysely<DB>, marks: Record<Names, string>) => { compile(): CompiledQuery },
    private readonly names: readonly Names[],
  ) {
    this.marks = Object.fromEntries(names.map((name) => [name, `\u0000mark:${name}`])) as Record<Names, string>;
  }

  async run<R>(db: Kysely<DB>, values: Record<Names, unknown>): Promise<R[]> {
    const dialect = dialectOf(db);
    let query = this.compiled.get(dialect);
    if (!query) {
      query = this.build(db, this.marks).compile();
      this.compiled.set(dialect, query);
    }
    const parameters = query.parameters.map((p) => {
      const name = this.names.find((n) => this.marks[n] === p);
      return name === undefined ? p : values[name];
    });
    return (await db.executeQuery<R>(CompiledQuery.raw(query.sql, parameters))).rows;
  }
}
