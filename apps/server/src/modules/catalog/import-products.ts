import { sql, type Kysely, type Transaction } from 'kysely';
import type { CreateProductBody } from '@kassa/contracts';
import type { DialectName } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { failure, type Failure } from '../../http/errors.ts';
import { uuidv7 } from '../../lib/uuidv7.ts';
import { chunk, runCommand } from '../../db/run-command.ts';
import { reserveCatalogChangeSeqs } from './change-seq.ts';
import { validateImport, type ImportProblem } from './import-validation.ts';
import { planNewProduct } from './plan-product.ts';
import { loadCatalogReferences, resolveBrandIds, type CatalogReferences } from './product-references.ts';
import { insertPlannedProducts, reserveSearchIds } from './product-writes.repository.ts';

export type { ImportProblem } from './import-validation.ts';

export interface ImportOptions {
  now: string;
  /** Validate only; nothing is written and `created` is 0. */
  dryRun?: boolean;
  /** Called after each written chunk with products written so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

// Products per write round: big enough that multi-row inserts dominate,
// small enough that progress is reported often.
const PRODUCTS_PER_ROUND = 2000;

// From this many products an import is a bulk load worth a vacuum (PostgreSQL).
const BULK_IMPORT = 1000;

/**
 * PostgreSQL, after a bulk import: one-word search reads the term table
 * index-only (search-index.postgres.ts), but until a vacuum marks the new
 * pages all-visible every index entry also fetches its heap row (1,000 heap
 * fetches, about a thousand buffers, for a broad prefix). Autovacuum would get
 * there eventually (if it runs at all); a freshly imported catalogue should
 * search at full speed at once. ANALYZE gives the planner the catalogue's
 * word frequencies, which search plans each query by. Runs outside the
 * import's transaction (VACUUM cannot run in one) and after its commit.
 *
 * The barcode look-up reads barcodes and store prices index-only likewise
 * (migration 0014): without the vacuum each scan also fetches those heap
 * pages, one or two more first reads per scan on a catalogue larger than
 * shared_buffers. Products and variants are read through their heap anyway
 * (no index-only plan reads them): ANALYZE is all they need.
 */
async function settleAfterBulkImport(db: Kysely<DB>, dialect: DialectName, count: number): Promise<void> {
  if (dialect !== 'postgres' || count < BULK_IMPORT) return;
  await sql`vacuum (analyze) product_search_terms, barcodes, store_prices`.execute(db);
  await sql`analyze products, variants`.execute(db);
}

function invalid(problems: ImportProblem[], total: number): Failure {
  const rows = new Set(problems.map((p) => p.index)).size;
  return failure(
    'CATALOG_IMPORT_INVALID',
    `${rows} of ${total} rows have problems, so nothing was imported: fix the rows listed in details.rows and import again.`,
    { rows: problems },
  );
}

async function writeAll(
  trx: Transaction<DB>,
  dialect: DialectName,
  organisationId: string,
  inputs: CreateProductBody[],
  refs: CatalogReferences,
  options: ImportOptions,
): Promise<void> {
  const brands = await resolveBrandIds(
    trx,
    organisationId,
    inputs.flatMap((p) => (p.brand ? [p.brand] : [])),
    options.now,
    uuidv7,
  );
  const firstSeq = await reserveCatalogChangeSeqs(trx, inputs.length);
  const firstSearchId = await reserveSearchIds(trx, inputs.length);
  let done = 0;
  for (const round of chunk(inputs, PRODUCTS_PER_ROUND)) {
    const plans = round.map((input, i) =>
      planNewProduct(
        input,
        {
          id: input.id ?? uuidv7(),
          organisationId,
          taxClassId: refs.taxClassIdByCode.get(input.taxClass)!,
          brandId: input.brand ? (brands.get(input.brand) ?? null) : null,
          categoryName: input.categoryId ? (refs.categoryNameById.get(input.categoryId) ?? null) : null,
          now: options.now,
          changeSeq: firstSeq + done + i,
          searchId: firstSearchId + done + i,
        },
        uuidv7,
      ),
    );
    await insertPlannedProducts(trx, dialect, plans);
    done += round.length;
    options.onProgress?.(done, inputs.length);
  }
}

/**
 * Imports many products at once (CSV import, demo data). Everything is
 * validated first and every problem is returned with its row; only a clean
 * batch is written, in one transaction with multi-row inserts, so an import
 * is all or nothing.
 */
export async function importProducts(
  db: Kysely<DB>,
  dialect: DialectName,
  organisationId: string,
  inputs: CreateProductBody[],
  options: ImportOptions,
): Promise<{ ok: true; value: { created: number } } | { ok: false; error: Failure }> {
  const refs = await loadCatalogReferences(db, organisationId);
  const problems = await validateImport(db, organisationId, inputs, refs);
  if (problems.length > 0) return { ok: false, error: invalid(problems, inputs.length) };
  if (options.dryRun || inputs.length === 0) return { ok: true, value: { created: 0 } };
  const outcome = await runCommand(
    db,
    async (trx) => {
      await writeAll(trx, dialect, organisationId, inputs, refs, options);
      return { ok: true, value: { created: inputs.length } };
    },
    async (violation) => ({
      ok: false,
      error: failure(
        'CATALOG_IMPORT_INVALID',
        `Another write took a ${violation.columns.join('/')} of this file while it was importing, so nothing was imported: import again to see which rows clash.`,
      ),
    }),
  );
  if (outcome.ok) await settleAfterBulkImport(db, dialect, inputs.length);
  return outcome;
}
