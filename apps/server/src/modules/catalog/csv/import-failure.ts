import type { Failure } from '../../../http/errors.ts';
import type { CsvColumn } from './csv-columns.ts';
import type { CsvIssue } from './read-csv.ts';
import type { CsvProductDraft } from './rows-to-products.ts';

const COLUMN_OF_FIELD: Record<string, CsvColumn> = {
  name: 'name',
  taxClass: 'tax_class',
  categoryId: 'category',
  brand: 'brand',
  unit: 'unit',
  description: 'description',
  tags: 'tags',
  optionNames: 'option1_name',
  sku: 'sku',
  barcodes: 'barcode',
  price: 'price',
  costPrice: 'cost_price',
  options: 'option1_value',
};

interface FailedRow {
  index?: number;
  field?: string;
  reason?: string;
  message?: string;
}

/** "variants[2].barcodes[0]" → the CSV line of variant 2 and the barcode column. */
export function locateField(
  product: CsvProductDraft,
  field: string | undefined,
): { line: number; column?: CsvColumn } {
  const match = /^variants\[(\d+)\](?:\.(\w+))?/.exec(field ?? '');
  if (match) {
    const line = product.lines[Number(match[1])] ?? product.lines[0]!;
    const column = match[2] ? COLUMN_OF_FIELD[match[2]] : undefined;
    return column ? { line, column } : { line };
  }
  const column = COLUMN_OF_FIELD[(field ?? '').split(/[.[]/)[0] ?? ''];
  return column ? { line: product.lines[0]!, column } : { line: product.lines[0]! };
}

/**
 * Maps importProducts' failure back to CSV lines: `details.rows[].index` is
 * the product's position in the list we sent, `field` the place inside it.
 */
export function importFailureIssues(error: Failure, products: CsvProductDraft[]): CsvIssue[] {
  const rows = (error.details?.rows as FailedRow[] | undefined) ?? [];
  const issues = rows.flatMap((row): CsvIssue[] => {
    const product = row.index !== undefined ? products[row.index] : undefined;
    const reason = row.reason ?? row.message ?? error.message;
    return product ? [{ ...locateField(product, row.field), reason }] : [{ line: 0, reason }];
  });
  return issues.length > 0 ? issues.sort((a, b) => a.line - b.line) : [{ line: 0, reason: error.message }];
}
