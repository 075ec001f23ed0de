import type { Transaction } from 'kysely';
import type { Product, VariantMatrixBody } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import { failure, type Outcome } from '../../http/errors.ts';
import { uuidv7 } from '../../lib/uuidv7.ts';
import { runCommand } from '../../db/run-command.ts';
import { nextCatalogChangeSeq } from './change-seq.ts';
import {
  clashProblems,
  checkDuplicatesWithin,
  failureFromProblems,
  fieldFinder,
} from './check-product-input.ts';
import type { CatalogDeps } from './create-product.ts';
import { productNotFound } from './get-product.ts';
import { conflictToFailure } from './map-conflict.ts';
import { findSkuHolders } from './product-references.ts';
import { findProductById } from './products.repository.ts';
import { insertVariantRows, replaceSearchEntry } from './product-writes.repository.ts';
import { buildSearchText, foldText } from './search-text.ts';

const MAX_VARIANTS = 1000;

export interface AddVariantMatrixCommand {
  organisationId: string;
  id: string;
  input: VariantMatrixBody;
  now: string;
}

/** Every combination of the option values, in the order given (first option varies slowest). */
export function optionCombinations(options: VariantMatrixBody['options']): Array<Record<string, string>> {
  let combos: Array<Record<string, string>> = [{}];
  for (const option of options) {
    const values = [...new Set(option.values)];
    combos = combos.flatMap((combo) => values.map((value) => ({ ...combo, [option.name]: value })));
  }
  return combos;
}

/** `prefix-VALUE-VALUE`, upper case, accents dropped, anything but letters and digits turned into single dashes. */
export function matrixSku(prefix: string, values: string[]): string {
  return foldText([prefix, ...values].join('-'))
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const comboKey = (options: Record<string, string>) =>
  JSON.stringify(Object.entries(options).sort(([a], [b]) => (a < b ? -1 : 1)));

async function addCombinations(
  trx: Transaction<DB>,
  deps: CatalogDeps,
  cmd: AddVariantMatrixCommand,
  product: Product,
  changeSeq: number,
): Promise<Outcome<Product>> {
  const { input, organisationId, now } = cmd;
  const have = new Set(product.variants.filter((v) => !v.archived).map((v) => comboKey(v.options)));
  const wanted = optionCombinations(input.options).filter((options) => !have.has(comboKey(options)));
  if (product.variants.length + wanted.length > MAX_VARIANTS) {
    return {
      ok: false,
      error: failure(
        'CATALOG_TOO_MANY_VARIANTS',
        `This would give the product ${product.variants.length + wanted.length} variants; the most is ${MAX_VARIANTS}: use fewer option values.`,
      ),
    };
  }
  const variants = wanted.map((options) => ({
    sku: matrixSku(input.skuPrefix, Object.values(options)),
    options,
    price: input.price,
  }));
  const holders = await findSkuHolders(
    trx,
    organisationId,
    variants.map((v) => v.sku),
  );
  const problems = [...checkDuplicatesWithin(variants), ...clashProblems(holders, [], fieldFinder(variants))];
  if (problems.length > 0) return { ok: false, error: failureFromProblems(problems) };
  const start = product.variants.length;
  await insertVariantRows(
    trx,
    variants.map((v, i) => ({
      id: uuidv7(),
      organisation_id: organisationId,
      product_id: product.id,
      sku: v.sku,
      options: JSON.stringify(v.options),
      price: v.price,
      cost_price: input.costPrice ?? null,
      supplier_code: null,
      position: start + i,
      archived_at: null,
      created_at: now,
      updated_at: now,
    })),
  );
  const optionNames = [...new Set([...product.optionNames, ...input.options.map((o) => o.name)])];
  const categoryName = product.categoryId
    ? ((
        await trx
          .selectFrom('categories')
          .select('name')
          .where('id', '=', product.categoryId)
          .executeTakeFirst()
      )?.name ?? null)
    : null;
  const active = [
    ...product.variants.filter((v) => !v.archived),
    ...variants.map((v) => ({ ...v, barcodes: [] })),
  ];
  const searchText = buildSearchText({
    name: product.name,
    brand: product.brand,
    categoryName,
    tags: product.tags,
    variants: active,
  });
  const updated = await trx
    .updateTable('products')
    .set({
      option_names: JSON.stringify(optionNames),
      search_text: searchText,
      version: product.version + 1,
      change_seq: changeSeq,
      updated_at: now,
    })
    .where('id', '=', product.id)
    .returning('search_id')
    .executeTakeFirstOrThrow();
  await replaceSearchEntry(trx, deps.dialect, Number(updated.search_id), searchText);
  return { ok: true, value: (await findProductById(trx, organisationId, product.id))! };
}

/** Generates the size × colour (…) variants a product lacks, in one transaction. */
export async function addVariantMatrix(
  deps: CatalogDeps,
  cmd: AddVariantMatrixCommand,
): Promise<Outcome<Product>> {
  return runCommand(
    deps.db,
    async (trx) => {
      const changeSeq = await nextCatalogChangeSeq(trx); // taken first: serialises writers before we read the version
      const product = await findProductById(trx, cmd.organisationId, cmd.id);
      if (!product) return { ok: false, error: productNotFound(cmd.id) };
      return addCombinations(trx, deps, cmd, product, changeSeq);
    },
    async (violation) => ({
      ok: false,
      error: await conflictToFailure(deps.db, cmd.organisationId, [], violation),
    }),
  );
}
