import type { CreateProductBody, VariantInput } from '@kassa/contracts';
import { failure, type Failure } from '../../http/errors.ts';
import { checkBarcode } from './barcode-check.ts';
import type { CatalogErrorCode } from './catalog.errors.ts';
import type { CatalogReferences, Holder } from './product-references.ts';

/** One thing wrong with a product input: which field, why, and the code it maps to. */
export interface InputProblem {
  code: CatalogErrorCode;
  field: string;
  reason: string;
  details?: Record<string, unknown>;
}

type ProductFields = Omit<CreateProductBody, 'id'>;

function checkReferences(input: ProductFields, refs: CatalogReferences): InputProblem[] {
  const problems: InputProblem[] = [];
  if (!refs.taxClassIdByCode.has(input.taxClass)) {
    const valid = [...refs.taxClassIdByCode.keys()];
    problems.push({
      code: 'CATALOG_UNKNOWN_TAX_CLASS',
      field: 'taxClass',
      reason: `Tax class "${input.taxClass}" does not exist: use one of ${valid.join(', ')}.`,
      details: { taxClass: input.taxClass, validCodes: valid },
    });
  }
  if (input.categoryId && !refs.categoryNameById.has(input.categoryId)) {
    problems.push({
      code: 'CATALOG_UNKNOWN_CATEGORY',
      field: 'categoryId',
      reason: `Category ${input.categoryId} does not exist or is archived: create it first (POST /api/v1/categories) or leave categoryId empty.`,
      details: { categoryId: input.categoryId },
    });
  }
  return problems;
}

function checkVariant(
  variant: VariantInput,
  at: string,
  optionNames: string[] | undefined,
  refs: CatalogReferences,
): InputProblem[] {
  const problems: InputProblem[] = [];
  (variant.barcodes ?? []).forEach((code, j) => {
    const check = checkBarcode(code);
    if (check.ok) return;
    problems.push({
      code: 'CATALOG_INVALID_BARCODE',
      field: `${at}.barcodes[${j}]`,
      reason: `Barcode ${code} is not a valid ${check.kind}: its check digit is ${check.actual} but should be ${check.expected}. Check the code or scan it again.`,
      details: { barcode: code, kind: check.kind, expected: check.expected, actual: check.actual },
    });
  });
  const seenStores = new Set<string>();
  (variant.storePrices ?? []).forEach((sp, j) => {
    const field = `${at}.storePrices[${j}].storeId`;
    if (!refs.storeIds.has(sp.storeId)) {
      problems.push({
        code: 'CATALOG_UNKNOWN_STORE',
        field,
        reason: `Store ${sp.storeId} is not one of your organisation's stores: use one of your store ids.`,
        details: { storeId: sp.storeId },
      });
    } else if (seenStores.has(sp.storeId)) {
      problems.push({
        code: 'CATALOG_DUPLICATE_STORE_PRICE',
        field,
        reason: `Store ${sp.storeId} has two prices for SKU ${variant.sku}: give one price per store.`,
        details: { storeId: sp.storeId },
      });
    }
    seenStores.add(sp.storeId);
  });
  if (optionNames) {
    for (const name of Object.keys(variant.options ?? {})) {
      if (optionNames.includes(name)) continue;
      problems.push({
        code: 'CATALOG_UNKNOWN_OPTION',
        field: `${at}.options.${name}`,
        reason: `Variant ${variant.sku} uses option "${name}", which is not in optionNames (${optionNames.join(', ') || 'none'}): add it to optionNames or remove it from the variant.`,
        details: { option: name, optionNames },
      });
    }
  }
  return problems;
}

/** Finds values used twice within one list, naming both places. */
function duplicatesWithin(
  entries: Array<{ value: string; field: string }>,
): Array<{ value: string; first: string; field: string }> {
  const firstSeen = new Map<string, string>();
  const out: Array<{ value: string; first: string; field: string }> = [];
  for (const { value, field } of entries) {
    const first = firstSeen.get(value);
    if (first === undefined) firstSeen.set(value, field);
    else out.push({ value, first, field });
  }
  return out;
}

/** SKUs and barcodes given twice inside one request body. */
export function checkDuplicatesWithin(variants: VariantInput[], prefix = ''): InputProblem[] {
  const skus = variants.map((v, i) => ({ value: v.sku, field: `${prefix}variants[${i}].sku` }));
  const codes = variants.flatMap((v, i) =>
    (v.barcodes ?? []).map((code, j) => ({ value: code, field: `${prefix}variants[${i}].barcodes[${j}]` })),
  );
  return [
    ...duplicatesWithin(skus).map((d) => ({
      code: 'CATALOG_DUPLICATE_SKU' as const,
      field: d.field,
      reason: `SKU ${d.value} is given twice (${d.first} and ${d.field}): give each variant its own SKU.`,
      details: { sku: d.value },
    })),
    ...duplicatesWithin(codes).map((d) => ({
      code: 'CATALOG_DUPLICATE_BARCODE' as const,
      field: d.field,
      reason: `Barcode ${d.value} is given twice (${d.first} and ${d.field}): a barcode identifies exactly one variant.`,
      details: { barcode: d.value },
    })),
  ];
}

/** Everything that can be checked without touching other products: references, check digits, duplicates in the body. */
export function checkProductInput(input: ProductFields, refs: CatalogReferences): InputProblem[] {
  return [
    ...checkReferences(input, refs),
    ...input.variants.flatMap((v, i) => checkVariant(v, `variants[${i}]`, input.optionNames, refs)),
    ...checkDuplicatesWithin(input.variants),
  ];
}

/** 409 problems for SKUs and barcodes that other products already hold. */
export function clashProblems(
  skuHolders: Holder[],
  barcodeHolders: Holder[],
  fieldOf: (kind: 'sku' | 'barcode', value: string) => string,
): InputProblem[] {
  return [
    ...skuHolders.map((h) => ({
      code: 'CATALOG_SKU_TAKEN' as const,
      field: fieldOf('sku', h.value),
      reason: `SKU ${h.value} already belongs to product "${h.productName}" (${h.productId}): choose another SKU or edit that product.`,
      details: { sku: h.value, productId: h.productId, productName: h.productName },
    })),
    ...barcodeHolders.map((h) => ({
      code: 'CATALOG_BARCODE_TAKEN' as const,
      field: fieldOf('barcode', h.value),
      reason: `Barcode ${h.value} already belongs to product "${h.productName}" (${h.productId}): remove it there first or check the code.`,
      details: { barcode: h.value, productId: h.productId, productName: h.productName },
    })),
  ];
}

/** The field that carries a SKU or barcode in a variants list. */
export function fieldFinder(variants: VariantInput[]): (kind: 'sku' | 'barcode', value: string) => string {
  return (kind, value) => {
    for (const [i, v] of variants.entries()) {
      if (kind === 'sku' && v.sku === value) return `variants[${i}].sku`;
      const j = (v.barcodes ?? []).indexOf(value);
      if (kind === 'barcode' && j >= 0) return `variants[${i}].barcodes[${j}]`;
    }
    return 'variants';
  };
}

/** One failure for a request: the first problem's code and sentence, every problem in details. */
export function failureFromProblems(problems: InputProblem[]): Failure {
  const [first] = problems as [InputProblem, ...InputProblem[]];
  const more = problems.length > 1 ? ` (${problems.length - 1} more problem(s) in details.problems)` : '';
  return failure(first.code, `${first.reason}${more}`, {
    field: first.field,
    ...first.details,
    problems: problems.map((p) => ({ code: p.code, field: p.field, reason: p.reason })),
  });
}
