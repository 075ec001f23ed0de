import { sql, type Kysely, type Transaction } from 'kysely';
import { CompiledOnce } from '../../db/fixed-sql.ts';
import type { DB } from '../../db/schema.ts';

/**
 * Takes the next catalogue change number. The counter row is updated inside the
 * writing transaction, so it is row-locked until commit: catalogue writers are
 * serialised and change numbers become visible in commit order. That is what
 * lets a register's change-feed cursor never skip a late-committing change
 * (a plain sequence would). Catalogue writes are rare next to reads, so the
 * serialisation costs nothing that matters.
 */
export async function nextCatalogChangeSeq(trx: Transaction<DB>): Promise<number> {
  const row = await trx
    .updateTable('counters')
    .set({ value: sql`value + 1` })
    .where('name', '=', 'catalog_change')
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

/** Reserves `count` consecutive change numbers at once (bulk imports); returns the first. */
export async function reserveCatalogChangeSeqs(trx: Transaction<DB>, count: number): Promise<number> {
  const row = await trx
    .updateTable('counters')
    .set({ value: sql`value + ${count}` })
    .where('name', '=', 'catalog_change')
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value) - count + 1;
}

// Every search and every scan answered from memory reads it: built once (db/fixed-sql.ts).
const LATEST = new CompiledOnce(
  (db) => db.selectFrom('counters').select('value').where('name', '=', 'catalog_change'),
  [] as const,
);

/** The catalogue's latest change number (one key look-up). */
export async function latestCatalogChangeSeq(db: Kysely<DB>): Promise<number> {
  const [row] = await LATEST.run<{ value: number | string }>(db, {});
  if (!row) throw new Error('the catalog_change counter is missing: run the migrations');
  return Number(row.value);
}
