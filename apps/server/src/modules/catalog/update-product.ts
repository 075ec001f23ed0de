import type { Transaction } from 'kysely';
import type { Product, UpdateProductBody, VariantInput } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import { failure, type Outcome } from '../../http/errors.ts';
import { uuidv7 } from '../../lib/uuidv7.ts';
import { runCommand } from '../../db/run-command.ts';
import { nextCatalogChangeSeq } from './change-seq.ts';
import {
  checkProductInput,
  clashProblems,
  failureFromProblems,
  fieldFinder,
  type InputProblem,
} from './check-product-input.ts';
import type { CatalogDeps } from './create-product.ts';
import { productNotFound } from './get-product.ts';
import { conflictToFailure } from './map-conflict.ts';
import { productColumns, variantChildren, variantColumns } from './plan-product.ts';
import {
  findBarcodeHolders,
  findSkuHolders,
  loadCatalogReferences,
  resolveBrandIds,
  type CatalogReferences,
} from './product-references.ts';
import { findProductById } from './products.repository.ts';
import {
  insertBarcodeRows,
  insertStorePriceRows,
  insertVariantRows,
  replaceSearchEntry,
} from './product-writes.repository.ts';

export interface UpdateProductCommand {
  organisationId: string;
  id: string;
  input: UpdateProductBody;
  now: string;
}

type ExistingVariant = { id: string; sku: string; archived_at: string | null };

/** The 409 for an edit based on an old read (API.md, Concurrency). */
export const staleVersion = (what: string, id: string, sent: number, current: number) =>
  failure(
    'CATALOG_STALE_VERSION',
    `${what} ${id} was changed by someone else since you read it (you sent version ${sent}, it is now at version ${current}): reload it and apply your change again.`,
    { id, sentVersion: sent, currentVersion: current },
  );

/** Pairs each input variant with the existing variant it updates: by id, else by SKU (so CSV updates without ids work). */
function matchVariants(
  inputs: VariantInput[],
  existing: ExistingVariant[],
): { matches: Array<ExistingVariant | undefined>; problems: InputProblem[] } {
  const byId = new Map(existing.map((v) => [v.id, v]));
  const bySku = new Map(existing.map((v) => [v.sku, v]));
  const claimed = new Set(inputs.map((v) => v.id).filter((id) => id !== undefined));
  const problems: InputProblem[] = [];
  const matches = inputs.map((v, i) => {
    if (v.id === undefined) {
      const bySkuMatch = bySku.get(v.sku);
      return bySkuMatch && !claimed.has(bySkuMatch.id) ? bySkuMatch : undefined;
    }
    const found = byId.get(v.id);
    if (!found) {
      problems.push({
        code: 'CATALOG_UNKNOWN_VARIANT',
        field: `variants[${i}].id`,
        reason: `Variant ${v.id} is not a variant of this product: leave the id out to add a new variant.`,
        details: { variantId: v.id },
      });
    }
    return found;
  });
  return { matches, problems };
}

/** Clears barcodes and store prices (the body is the whole truth about them) and archives variants left out. */
async function clearChildrenAndArchiveDropped(
  trx: Transaction<DB>,
  existing: ExistingVariant[],
  matches: Array<ExistingVariant | undefined>,
  now: string,
): Promise<void> {
  const allIds = existing.map((v) => v.id);
  if (allIds.length === 0) return;
  await trx.deleteFrom('barcodes').where('variant_id', 'in', allIds).execute();
  await trx.deleteFrom('store_prices').where('variant_id', 'in', allIds).execute();
  const kept = new Set(matches.filter((m) => m !== undefined).map((m) => m.id));
  const dropped = existing.filter((v) => !kept.has(v.id) && v.archived_at === null).map((v) => v.id);
  // Variants left out are archived, never deleted: past sales still point at them.
  if (dropped.length === 0) return;
  await trx
    .updateTable('variants')
    .set({ archived_at: now, updated_at: now })
    .where('id', 'in', dropped)
    .execute();
}

async function writeVariants(
  trx: Transaction<DB>,
  cmd: UpdateProductCommand,
  existing: ExistingVariant[],
  matches: Array<ExistingVariant | undefined>,
): Promise<void> {
  const { organisationId, id: productId, now, input } = cmd;
  await clearChildrenAndArchiveDropped(trx, existing, matches, now);
  const inserts = [];
  const children = [];
  for (const [i, variant] of input.variants.entries()) {
    const match = matches[i];
    const variantId = match?.id ?? uuidv7();
    const columns = variantColumns(variant, i);
    if (match) {
      await trx
        .updateTable('variants')
        .set({ ...columns, archived_at: null, updated_at: now })
        .where('id', '=', variantId)
        .execute();
    } else {
      const owner = { id: variantId, organisation_id: organisationId, product_id: productId };
      inserts.push({ ...owner, ...columns, archived_at: null, created_at: now, updated_at: now });
    }
    children.push(variantChildren(organisationId, variantId, variant));
  }
  await insertVariantRows(trx, inserts);
  await insertBarcodeRows(
    trx,
    children.flatMap((c) => c.barcodes),
  );
  await insertStorePriceRows(
    trx,
    children.flatMap((c) => c.storePrices),
  );
}

async function checkAgainstOthers(
  trx: Transaction<DB>,
  cmd: UpdateProductCommand,
  refs: CatalogReferences,
  existing: ExistingVariant[],
) {
  const { input, organisationId, id } = cmd;
  const matched = matchVariants(input.variants, existing);
  const problems = [...checkProductInput(input, refs), ...matched.problems];
  if (problems.length === 0) {
    const skus = await findSkuHolders(
      trx,
      organisationId,
      input.variants.map((v) => v.sku),
      id,
    );
    const codes = await findBarcodeHolders(
      trx,
      organisationId,
      input.variants.flatMap((v) => v.barcodes ?? []),
      id,
    );
    problems.push(...clashProblems(skus, codes, fieldFinder(input.variants)));
  }
  return { matches: matched.matches, problems };
}

async function applyUpdate(
  trx: Transaction<DB>,
  deps: CatalogDeps,
  cmd: UpdateProductCommand,
): Promise<Outcome<Product>> {
  const { input, organisationId, id, now } = cmd;
  const changeSeq = await nextCatalogChangeSeq(trx); // serialises catalogue writers before the version check
  const current = await trx
    .selectFrom('products')
    .select(['version', 'search_id'])
    .where('id', '=', id)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  if (!current) return { ok: false, error: productNotFound(id) };
  if (current.version !== input.version)
    return { ok: false, error: staleVersion('Product', id, input.version, current.version) };
  const refs = await loadCatalogReferences(trx, organisationId);
  const existing = await trx
    .selectFrom('variants')
    .select(['id', 'sku', 'archived_at'])
    .where('product_id', '=', id)
    .execute();
  const { matches, problems } = await checkAgainstOthers(trx, cmd, refs, existing);
  if (problems.length > 0) return { ok: false, error: failureFromProblems(problems) };
  const brandId = input.brand
    ? ((await resolveBrandIds(trx, organisationId, [input.brand], now, uuidv7)).get(input.brand) ?? null)
    : null;
  const categoryName = input.categoryId ? (refs.categoryNameById.get(input.categoryId) ?? null) : null;
  const columns = productColumns(input, {
    organisationId,
    taxClassId: refs.taxClassIdByCode.get(input.taxClass)!,
    brandId,
    categoryName,
    now,
  });
  const updated = await trx
    .updateTable('products')
    .set({ ...columns, version: input.version + 1, change_seq: changeSeq, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', input.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1)
    return { ok: false, error: staleVersion('Product', id, input.version, input.version + 1) };
  await writeVariants(trx, cmd, existing, matches);
  await replaceSearchEntry(trx, deps.dialect, Number(current.search_id), columns.search_text);
  return { ok: true, value: (await findProductById(trx, organisationId, id))! };
}

/** Updates a product and its variants in one transaction, refusing a stale version. */
export async function updateProduct(deps: CatalogDeps, cmd: UpdateProductCommand): Promise<Outcome<Product>> {
  return runCommand(
    deps.db,
    (trx) => applyUpdate(trx, deps, cmd),
    async (violation) => ({
      ok: false,
      error: await conflictToFailure(deps.db, cmd.organisationId, cmd.input.variants, violation, cmd.id),
    }),
  );
}
