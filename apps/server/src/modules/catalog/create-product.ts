import type { Kysely, Transaction } from 'kysely';
import type { CreateProductBody, Product } from '@kassa/contracts';
import type { DialectName } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { failure, type Failure, type Outcome } from '../../http/errors.ts';
import { uuidv7 } from '../../lib/uuidv7.ts';
import { runCommand } from '../../db/run-command.ts';
import { nextCatalogChangeSeq } from './change-seq.ts';
import { checkProductInput, clashProblems, failureFromProblems, fieldFinder } from './check-product-input.ts';
import {
  findStoredResponse,
  requestHash,
  storeResponse,
  type IdempotencyKey,
  type StoredResponse,
} from '../../http/idempotency.ts';
import { conflictToFailure } from './map-conflict.ts';
import { planNewProduct } from './plan-product.ts';
import {
  findBarcodeHolders,
  findSkuHolders,
  loadCatalogReferences,
  resolveBrandIds,
  type CatalogReferences,
} from './product-references.ts';
import { findProductById } from './products.repository.ts';
import { insertPlannedProducts, reserveSearchIds } from './product-writes.repository.ts';
import type { SearchMemory } from './search-memory.ts';

/** The database a catalogue use case works on. */
export interface CatalogDeps {
  db: Kysely<DB>;
  dialect: DialectName;
  /** Catalogue search from memory (search-memory.ts); without it search runs on SQL alone. */
  searchMemory?: SearchMemory | undefined;
}

export interface CreateProductCommand {
  organisationId: string;
  input: CreateProductBody;
  idempotencyKey?: string | undefined;
  now: string;
}

/** A created product, or the first response when the request was a replay. */
export interface CreatedProduct {
  statusCode: number;
  product: Product;
}

function keysOf(cmd: CreateProductCommand): IdempotencyKey[] {
  const keys: IdempotencyKey[] = [];
  const org = cmd.organisationId;
  if (cmd.idempotencyKey)
    keys.push({
      scope: `${org}:POST /api/v1/products`,
      key: cmd.idempotencyKey,
      label: `Idempotency-Key "${cmd.idempotencyKey}"`,
    });
  if (cmd.input.id)
    keys.push({ scope: `${org}:product-id`, key: cmd.input.id, label: `Product id ${cmd.input.id}` });
  return keys;
}

const replayed = (stored: StoredResponse): Outcome<CreatedProduct> => ({
  ok: true,
  value: { statusCode: stored.statusCode, product: stored.body as Product },
});

/** Every reason not to create this product: input problems, a taken id, SKUs or barcodes held elsewhere. */
async function refusal(
  trx: Transaction<DB>,
  cmd: CreateProductCommand,
  refs: CatalogReferences,
): Promise<Failure | null> {
  const { input, organisationId } = cmd;
  const problems = checkProductInput(input, refs);
  if (problems.length > 0) return failureFromProblems(problems);
  if (
    input.id &&
    (await trx.selectFrom('products').select('id').where('id', '=', input.id).executeTakeFirst())
  ) {
    const message = `Product id ${input.id} is already used by another product: send another id, or none.`;
    return failure('CATALOG_PRODUCT_EXISTS', message, { id: input.id });
  }
  const skus = await findSkuHolders(
    trx,
    organisationId,
    input.variants.map((v) => v.sku),
  );
  const codes = await findBarcodeHolders(
    trx,
    organisationId,
    input.variants.flatMap((v) => v.barcodes ?? []),
  );
  if (skus.length + codes.length === 0) return null;
  return failureFromProblems(clashProblems(skus, codes, fieldFinder(input.variants)));
}

async function insertProduct(
  trx: Transaction<DB>,
  deps: CatalogDeps,
  cmd: CreateProductCommand,
): Promise<Outcome<Product>> {
  const { input, organisationId, now } = cmd;
  const refs = await loadCatalogReferences(trx, organisationId);
  const refused = await refusal(trx, cmd, refs);
  if (refused) return { ok: false, error: refused };
  const brandIds = input.brand
    ? await resolveBrandIds(trx, organisationId, [input.brand], now, uuidv7)
    : new Map<string, string>();
  const id = input.id ?? uuidv7();
  const context = {
    id,
    organisationId,
    taxClassId: refs.taxClassIdByCode.get(input.taxClass)!,
    brandId: input.brand ? (brandIds.get(input.brand) ?? null) : null,
    categoryName: input.categoryId ? (refs.categoryNameById.get(input.categoryId) ?? null) : null,
    now,
    changeSeq: await nextCatalogChangeSeq(trx),
    searchId: await reserveSearchIds(trx, 1),
  };
  await insertPlannedProducts(trx, deps.dialect, [planNewProduct(input, context, uuidv7)]);
  return { ok: true, value: (await findProductById(trx, organisationId, id))! };
}

/**
 * Creates a product with its variants in one transaction. A retry with the
 * same Idempotency-Key or client id and the same body returns the first
 * response; with another body it is a 409.
 */
export async function createProduct(
  deps: CatalogDeps,
  cmd: CreateProductCommand,
): Promise<Outcome<CreatedProduct>> {
  const keys = keysOf(cmd);
  const hash = requestHash(cmd.input);
  return runCommand(
    deps.db,
    async (trx) => {
      const stored = await findStoredResponse(trx, keys, hash);
      if (!stored.ok) return stored;
      if (stored.value) return replayed(stored.value);
      const created = await insertProduct(trx, deps, cmd);
      if (!created.ok) return created;
      await storeResponse(trx, keys, hash, { statusCode: 201, body: created.value }, cmd.now);
      return { ok: true, value: { statusCode: 201, product: created.value } };
    },
    async (violation) => {
      // A concurrent request with the same key committed first: answer with its response.
      if (violation.table === 'idempotency_keys') {
        const stored = await findStoredResponse(deps.db, keys, hash);
        if (stored.ok && stored.value) return replayed(stored.value);
        if (!stored.ok) return stored;
      }
      return {
        ok: false,
        error: await conflictToFailure(deps.db, cmd.organisationId, cmd.input.variants, violation),
      };
    },
  );
}
