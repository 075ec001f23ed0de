import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.ts';
import { groupCommitterOf } from './group-commit.ts';
import type { Failure, Outcome } from '../http/errors.ts';

/** Thrown inside a command's transaction to roll it back with a business failure. */
class CommandAborted extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

/** Which unique constraint a write ran into, the same on both engines. */
export interface UniqueViolation {
  table: string;
  columns: string[];
}

/**
 * Recognises a unique or primary-key violation from better-sqlite3
 * ("UNIQUE constraint failed: variants.organisation_id, variants.sku") and from
 * pg (SQLSTATE 23505 with table and "Key (organisation_id, sku)=(…)").
 */
export function uniqueViolationOf(error: unknown): UniqueViolation | null {
  if (!(error instanceof Error)) return null;
  const { code, table, detail } = error as Error & { code?: string; table?: string; detail?: string };
  if (code === '23505') {
    const columns =
      /Key \(([^)]*)\)=/
        .exec(detail ?? '')?.[1]
        ?.split(',')
        .map((c) => c.trim()) ?? [];
    return { table: table ?? '', columns };
  }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const list = /constraint failed: (.*)$/.exec(error.message)?.[1] ?? '';
    const qualified = list.split(',').map((c) => c.trim());
    return { table: qualified[0]?.split('.')[0] ?? '', columns: qualified.map((c) => c.split('.')[1] ?? c) };
  }
  return null;
}

/**
 * Runs one command in one transaction (on SQLite possibly shared with other
 * commands through group commit, each in its own savepoint): a failed outcome rolls everything
 * back (nothing half-written), and a unique violation that slipped past the
 * pre-checks (a concurrent writer) is turned into a 409 by `onConflict`.
 */
export async function runCommand<T>(
  db: Kysely<DB>,
  command: (trx: Transaction<DB>) => Promise<Outcome<T>>,
  onConflict?: (violation: UniqueViolation) => Promise<Outcome<T>>,
): Promise<Outcome<T>> {
  const inTransaction = async (trx: Transaction<DB>) => {
    const outcome = await command(trx);
    if (!outcome.ok) throw new CommandAborted(outcome.error);
    return outcome;
  };
  const committer = groupCommitterOf(db);
  try {
    return committer ? await committer.run(inTransaction) : await db.transaction().execute(inTransaction);
  } catch (error) {
    if (error instanceof CommandAborted) return { ok: false, error: error.failure };
    const violation = uniqueViolationOf(error);
    if (violation && onConflict) return onConflict(violation);
    throw error;
  }
}

/** Splits a list into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// SQLite binds at most 32766 variables per statement, PostgreSQL 65535; staying
// under 30000 keeps one chunk size valid on both.
const MAX_PARAMETERS = 30_000;

/** How many rows of `columns` columns one multi-row insert may carry. */
export function rowsPerInsert(columns: number): number {
  return Math.max(1, Math.min(2000, Math.floor(MAX_PARAMETERS / columns)));
}

/** Lists in `where x in (…)` stay well inside both engines' parameter limits. */
export const IN_LIST_CHUNK = 5000;
