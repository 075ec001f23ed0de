import type { Kysely } from 'kysely';
import type { Product } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import { assembleProducts, selectProductRows } from './products.repository.ts';

/**
 * Streams an organisation's products in id order, a batch at a time (for CSV
 * export): memory stays flat however large the catalogue, and each batch
 * costs four queries.
 */
export async function* iterateProducts(
  db: Kysely<DB>,
  organisationId: string,
  options: { batchSize?: number; includeArchived?: boolean } = {},
): AsyncGenerator<Product> {
  const batchSize = Math.max(1, options.batchSize ?? 500);
  let after: string | null = null;
  for (;;) {
    let query = selectProductRows(db)
      .where('p.organisation_id', '=', organisationId)
      .orderBy('p.id')
      .limit(batchSize);
    if (!options.includeArchived) query = query.where('p.archived_at', 'is', null);
    if (after !== null) query = query.where('p.id', '>', after);
    const rows = await query.execute();
    if (rows.length === 0) return;
    yield* assembleProducts(rows);
    after = rows.at(-1)!.id;
    if (rows.length < batchSize) return;
  }
}
