import type { Product } from '@kassa/contracts';
import { stringify } from 'csv-stringify/sync';
import { formatCsvAmount } from './csv-amounts.ts';
import { CSV_COLUMNS, type CsvColumn } from './csv-columns.ts';
import type { CsvDelimiter } from './read-csv.ts';

export interface CsvWriteOptions {
  delimiter: CsvDelimiter;
  /** Category id → "Wonen > Mokken". */
  categoryPaths: Map<string, string>;
}

/** A handle per product: the name as a slug, numbered when two products share a name. */
function handleMaker(): (name: string) => string {
  const used = new Set<string>();
  return (name) => {
    const slug =
      name
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'product';
    let handle = slug;
    for (let n = 2; used.has(handle); n++) handle = `${slug}-${n}`;
    used.add(handle);
    return handle;
  };
}

function productRows(
  product: Product,
  handle: string,
  options: CsvWriteOptions,
): Array<Record<CsvColumn, string>> {
  const decimal = options.delimiter === ';' ? ',' : '.';
  const [option1 = '', option2 = ''] = product.optionNames;
  return product.variants
    .filter((variant) => !variant.archived)
    .map((variant, index) => {
      const firstRow = index === 0;
      return {
        handle,
        name: product.name,
        sku: variant.sku,
        barcode: variant.barcodes.join('|'),
        price: formatCsvAmount(variant.price, decimal),
        cost_price: variant.costPrice === null ? '' : formatCsvAmount(variant.costPrice, decimal),
        tax_class: firstRow ? product.taxClass : '',
        category: firstRow && product.categoryId ? (options.categoryPaths.get(product.categoryId) ?? '') : '',
        brand: firstRow ? (product.brand ?? '') : '',
        unit: firstRow ? product.unit : '',
        option1_name: option1,
        option1_value: option1 ? (variant.options[option1] ?? '') : '',
        option2_name: option2,
        option2_value: option2 ? (variant.options[option2] ?? '') : '',
        description: firstRow ? product.description : '',
        tags: firstRow ? product.tags.join('|') : '',
      };
    });
}

/** Writes the file piece by piece (exports of 100,000 products never sit in memory as one string). */
export interface CsvWriter {
  /** The BOM (for `;` files) and the heading line. */
  header(): string;
  /** The rows of these products; handles stay unique across calls. */
  products(list: Product[]): string;
}

/**
 * The import format: one row per variant, product columns on the first row of
 * each product. With `;` the file is Dutch Excel style: a BOM (so Excel reads
 * UTF-8) and decimal commas.
 */
export function createCsvWriter(options: CsvWriteOptions): CsvWriter {
  const nextHandle = handleMaker();
  const base = {
    columns: [...CSV_COLUMNS],
    delimiter: options.delimiter,
    record_delimiter: 'windows' as const,
  };
  return {
    header: () => stringify([], { ...base, header: true, bom: options.delimiter === ';' }),
    products: (list) => {
      const rows = list
        .filter((p) => !p.archived)
        .flatMap((product) => productRows(product, nextHandle(product.name), options));
      return rows.length === 0 ? '' : stringify(rows, { ...base, header: false });
    },
  };
}

/** The whole file for a list of products. */
export function productsToCsv(products: Product[], options: CsvWriteOptions): string {
  const writer = createCsvWriter(options);
  return writer.header() + writer.products(products);
}
