import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { iterateProducts } from '../iterate-products.ts';
import { loadCategoryPaths } from './category-paths.ts';
import type { CsvDelimiter } from './read-csv.ts';
import { createCsvWriter } from './write-csv.ts';

const BATCH = 1000;

/**
 * Streams the organisation's active products as CSV through `write` (a file
 * or stdout), in batches so memory stays flat. Returns the number of products.
 */
export async function exportProductsCsv(
  db: Kysely<DB>,
  organisationId: string,
  options: { delimiter: CsvDelimiter; write: (chunk: string) => Promise<void> | void },
): Promise<{ products: number }> {
  const { pathById } = await loadCategoryPaths(db, organisationId);
  const writer = createCsvWriter({ delimiter: options.delimiter, categoryPaths: pathById });
  await options.write(writer.header());
  let batch = [];
  let count = 0;
  for await (const product of iterateProducts(db, organisationId, { batchSize: BATCH })) {
    batch.push(product);
    count++;
    if (batch.length === BATCH) {
      await options.write(writer.products(batch));
      batch = [];
    }
  }
  if (batch.length > 0) await options.write(writer.products(batch));
  return { products: count };
}
