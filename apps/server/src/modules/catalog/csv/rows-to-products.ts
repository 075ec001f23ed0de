import type { CreateProductBody, VariantInput } from '@kassa/contracts';
import { validateBarcode } from '@kassa/domain';
import { parseCsvAmount } from './csv-amounts.ts';
import { normaliseTaxClass, normaliseUnit, type CsvColumn } from './csv-columns.ts';
import type { CsvIssue, CsvRow } from './read-csv.ts';

/** A product read from the file: its body (without a category id yet), category path and source lines. */
export interface CsvProductDraft {
  body: Omit<CreateProductBody, 'categoryId'>;
  categoryPath: string[];
  /** The CSV line of each variant, in order (used to point errors at lines). */
  lines: number[];
}

const PRODUCT_COLUMNS: CsvColumn[] = [
  'name',
  'tax_class',
  'category',
  'brand',
  'unit',
  'description',
  'tags',
  'option1_name',
  'option2_name',
];

/** Splits "a | b" lists (barcodes, tags); tags may also be separated by commas. */
export function splitList(text: string | undefined, separators = /\|/): string[] {
  return (text ?? '')
    .split(separators)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** "Wonen > Mokken" → ['Wonen', 'Mokken']. */
export function splitCategoryPath(text: string | undefined): string[] {
  return splitList(text, />/);
}

function readAmount(row: CsvRow, column: 'price' | 'cost_price', issues: CsvIssue[]): number | null {
  const text = row.values[column] ?? '';
  if (text === '') {
    if (column === 'price')
      issues.push({
        line: row.line,
        column,
        reason: 'price is empty: every variant needs a price, e.g. 12,95',
      });
    return null;
  }
  const parsed = parseCsvAmount(text);
  if (parsed.ok) return parsed.value;
  issues.push({ line: row.line, column, reason: parsed.reason });
  return null;
}

function readBarcodes(row: CsvRow, issues: CsvIssue[]): string[] {
  const codes = splitList(row.values.barcode);
  for (const code of codes) {
    const checked = validateBarcode(code);
    if (checked.ok) continue;
    const reason =
      checked.error.code === 'BARCODE_CHECK_DIGIT'
        ? `barcode ${code} has a wrong check digit (${checked.error.details.actual}, expected ${checked.error.details.expected}): check the code on the product`
        : `barcode "${code}" contains characters a scanner cannot send: use digits or plain ASCII`;
    issues.push({ line: row.line, column: 'barcode', reason });
  }
  return codes;
}

function readOptions(row: CsvRow, names: string[], issues: CsvIssue[]): Record<string, string> | undefined {
  const options: Record<string, string> = {};
  (['option1', 'option2'] as const).forEach((option, index) => {
    const value = row.values[`${option}_value`] ?? '';
    if (value === '') return;
    const name = names[index];
    if (!name)
      issues.push({
        line: row.line,
        column: `${option}_name`,
        reason: `${option}_value "${value}" has no ${option}_name: name the option, e.g. Maat`,
      });
    else options[name] = value;
  });
  return Object.keys(options).length > 0 ? options : undefined;
}

function readVariant(row: CsvRow, optionNames: string[], issues: CsvIssue[]): VariantInput {
  const sku = row.values.sku ?? '';
  if (sku === '')
    issues.push({ line: row.line, column: 'sku', reason: 'sku is empty: every variant needs its own SKU' });
  const price = readAmount(row, 'price', issues);
  const costPrice = readAmount(row, 'cost_price', issues);
  const barcodes = readBarcodes(row, issues);
  const options = readOptions(row, optionNames, issues);
  return {
    sku,
    price: price ?? 0,
    ...(costPrice !== null ? { costPrice } : {}),
    ...(barcodes.length > 0 ? { barcodes } : {}),
    ...(options ? { options } : {}),
  };
}

function readProduct(first: CsvRow, issues: CsvIssue[]): CsvProductDraft {
  const v = first.values;
  if (!v.name)
    issues.push({ line: first.line, column: 'name', reason: 'name is empty: give the product a name' });
  const taxClass = normaliseTaxClass(v.tax_class ?? '');
  if (taxClass === '')
    issues.push({
      line: first.line,
      column: 'tax_class',
      reason: 'tax_class is empty: use standard (21%), reduced (9%) or zero (0%)',
    });
  const unit = normaliseUnit(v.unit ?? '');
  if (!unit)
    issues.push({
      line: first.line,
      column: 'unit',
      reason: `unit "${v.unit}" is not known: use piece (stuk) or weight (kg)`,
    });
  const optionNames = [v.option1_name, v.option2_name].filter((n): n is string => !!n);
  const tags = splitList(v.tags, /[|,]/);
  const body: CsvProductDraft['body'] = {
    name: v.name ?? '',
    taxClass,
    unit: unit ?? 'piece',
    ...(v.brand ? { brand: v.brand } : {}),
    ...(v.description ? { description: v.description } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    ...(optionNames.length > 0 ? { optionNames } : {}),
    variants: [],
  };
  return { body, categoryPath: splitCategoryPath(v.category), lines: [] };
}

/** Later rows of a product may leave product columns empty, but may not contradict the first row. */
function checkConsistent(first: CsvRow, row: CsvRow, issues: CsvIssue[]): void {
  for (const column of PRODUCT_COLUMNS) {
    const value = row.values[column] ?? '';
    const expected = first.values[column] ?? '';
    if (value !== '' && value !== expected) {
      issues.push({
        line: row.line,
        column,
        reason: `${column} "${value}" differs from line ${first.line} ("${expected}") of the same product: make them equal or leave it empty`,
      });
    }
  }
}

/** Rows with the same handle (or, without a handle, the same name) are one product with several variants. */
function groupRows(rows: CsvRow[]): CsvRow[][] {
  const groups = new Map<string, CsvRow[]>();
  rows.forEach((row, index) => {
    const key = row.values.handle
      ? `h:${row.values.handle}`
      : row.values.name
        ? `n:${row.values.name}`
        : `row:${index}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  });
  return [...groups.values()];
}

function checkUniqueInFile(products: CsvProductDraft[], issues: CsvIssue[]): void {
  const skuLine = new Map<string, number>();
  const barcodeLine = new Map<string, number>();
  for (const product of products) {
    product.body.variants.forEach((variant, i) => {
      const line = product.lines[i]!;
      const firstSku = skuLine.get(variant.sku);
      if (variant.sku && firstSku !== undefined)
        issues.push({
          line,
          column: 'sku',
          reason: `SKU ${variant.sku} is also on line ${firstSku}: give each variant its own SKU`,
        });
      else skuLine.set(variant.sku, line);
      for (const code of variant.barcodes ?? []) {
        const first = barcodeLine.get(code);
        if (first !== undefined && first !== line)
          issues.push({
            line,
            column: 'barcode',
            reason: `barcode ${code} is also on line ${first}: a barcode identifies one variant`,
          });
        else if (first === undefined) barcodeLine.set(code, line);
      }
    });
  }
}

/** Turns CSV rows into product drafts, listing every problem found on the way (nothing stops at the first). */
export function rowsToProducts(rows: CsvRow[]): { products: CsvProductDraft[]; issues: CsvIssue[] } {
  const issues: CsvIssue[] = [];
  const products = groupRows(rows).map((group) => {
    const first = group[0]!;
    const product = readProduct(first, issues);
    for (const row of group) {
      if (row !== first) checkConsistent(first, row, issues);
      product.body.variants.push(readVariant(row, product.body.optionNames ?? [], issues));
      product.lines.push(row.line);
    }
    return product;
  });
  checkUniqueInFile(products, issues);
  issues.sort((a, b) => a.line - b.line);
  return { products, issues };
}
