import type { Database } from '../db/database.ts';
import { importProducts } from '../modules/catalog/index.ts';
import { generateDemoProducts } from './generate-products.ts';

// Each batch is one import (validated, then written in one transaction), so a
// 100,000-product benchmark catalogue shows progress and stays within memory.
const BATCH = 10_000;

/** Adds `count` generated products (kassa demo --products N); returns how many were written. */
export async function addGeneratedProducts(
  database: Database,
  organisationId: string,
  options: { count: number; seed: number; now: string; onProgress?: (done: number, total: number) => void },
): Promise<number> {
  const products = generateDemoProducts(options.count, options.seed);
  let done = 0;
  for (let start = 0; start < products.length; start += BATCH) {
    const batch = products.slice(start, start + BATCH);
    const outcome = await importProducts(database.db, database.dialect, organisationId, batch, {
      now: options.now,
    });
    if (!outcome.ok) {
      const first = (outcome.error.details?.rows as Array<{ reason: string }> | undefined)?.[0]?.reason;
      throw new Error(
        `Generated products did not import (${outcome.error.message}${first ? ` First problem: ${first}` : ''}). ` +
          'Were they generated before with the same --seed? Use another --seed.',
      );
    }
    done += outcome.value.created;
    options.onProgress?.(done, products.length);
  }
  return done;
}
