import type { Kysely } from 'kysely';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { CreateProductBody } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import { IN_LIST_CHUNK, chunk } from '../../db/run-command.ts';
import { checkProductInput } from './check-product-input.ts';
import { findBarcodeHolders, findSkuHolders, type CatalogReferences } from './product-references.ts';

/** One problem of one input row: which row (0-based), which field, and what to do. */
export interface ImportProblem {
  index: number;
  field: string;
  reason: string;
}

const schema = TypeCompiler.Compile(CreateProductBody);

/** Shape problems (the same rules the HTTP API applies), so a CSV row is held to the API's standard. */
function shapeProblems(inputs: unknown[]): ImportProblem[] {
  const problems: ImportProblem[] = [];
  inputs.forEach((input, index) => {
    if (schema.Check(input)) return;
    for (const e of schema.Errors(input)) {
      problems.push({
        index,
        field: e.path.replace(/^\//, '').replaceAll('/', '.') || '(row)',
        reason: `${e.message}.`,
      });
    }
  });
  return problems;
}

type Located = { value: string; index: number; field: string };

function locations(inputs: CreateProductBody[]): { skus: Located[]; barcodes: Located[] } {
  const skus: Located[] = [];
  const barcodes: Located[] = [];
  inputs.forEach((input, index) =>
    input.variants.forEach((v, i) => {
      skus.push({ value: v.sku, index, field: `variants[${i}].sku` });
      (v.barcodes ?? []).forEach((code, j) =>
        barcodes.push({ value: code, index, field: `variants[${i}].barcodes[${j}]` }),
      );
    }),
  );
  return { skus, barcodes };
}

/** Values used by more than one row of the batch (duplicates inside one row are reported by the row check). */
function batchDuplicates(located: Located[], what: string): ImportProblem[] {
  const firstRow = new Map<string, number>();
  const problems: ImportProblem[] = [];
  for (const l of located) {
    const first = firstRow.get(l.value);
    if (first === undefined) firstRow.set(l.value, l.index);
    else if (first !== l.index)
      problems.push({
        index: l.index,
        field: l.field,
        reason: `${what} ${l.value} is also used in row ${first}: every ${what} may appear in one row only.`,
      });
  }
  return problems;
}

async function databaseClashes(
  db: Kysely<DB>,
  organisationId: string,
  inputs: CreateProductBody[],
  located: { skus: Located[]; barcodes: Located[] },
): Promise<ImportProblem[]> {
  const skuHolders = new Map(
    (
      await findSkuHolders(
        db,
        organisationId,
        located.skus.map((l) => l.value),
      )
    ).map((h) => [h.value, h]),
  );
  const codeHolders = new Map(
    (
      await findBarcodeHolders(
        db,
        organisationId,
        located.barcodes.map((l) => l.value),
      )
    ).map((h) => [h.value, h]),
  );
  const problems: ImportProblem[] = [];
  for (const [list, holders, what] of [
    [located.skus, skuHolders, 'SKU'],
    [located.barcodes, codeHolders, 'Barcode'],
  ] as const) {
    for (const l of list) {
      const h = holders.get(l.value);
      if (h)
        problems.push({
          index: l.index,
          field: l.field,
          reason: `${what} ${l.value} already belongs to product "${h.productName}" (${h.productId}): change it in the file or edit that product.`,
        });
    }
  }
  const ids = inputs.map((p) => p.id).filter((id): id is string => id !== undefined);
  for (const part of chunk(ids, IN_LIST_CHUNK)) {
    const taken = new Set(
      (await db.selectFrom('products').select('id').where('id', 'in', part).execute()).map((r) => r.id),
    );
    inputs.forEach((p, index) => {
      if (p.id && taken.has(p.id))
        problems.push({
          index,
          field: 'id',
          reason: `Product id ${p.id} already exists: leave the id empty to create a new product.`,
        });
    });
  }
  return problems;
}

/** Every problem of the batch at once: shape, references, check digits, duplicates in the batch and against the database. */
export async function validateImport(
  db: Kysely<DB>,
  organisationId: string,
  inputs: CreateProductBody[],
  refs: CatalogReferences,
): Promise<ImportProblem[]> {
  const shape = shapeProblems(inputs);
  if (shape.length > 0) return shape;
  const rowProblems = inputs.flatMap((input, index) =>
    checkProductInput(input, refs).map((p) => ({ index, field: p.field, reason: p.reason })),
  );
  const located = locations(inputs);
  const ids = inputs.flatMap((p, index) => (p.id ? [{ value: p.id, index, field: 'id' }] : []));
  const problems = [
    ...rowProblems,
    ...batchDuplicates(located.skus, 'SKU'),
    ...batchDuplicates(located.barcodes, 'Barcode'),
    ...batchDuplicates(ids, 'Product id'),
    ...(await databaseClashes(db, organisationId, inputs, located)),
  ];
  return problems.sort((a, b) => a.index - b.index);
}
