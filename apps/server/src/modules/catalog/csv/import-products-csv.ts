import type { CreateProductBody } from '@kassa/contracts';
import type { Kysely } from 'kysely';
import type { DialectName } from '../../../db/database.ts';
import type { DB } from '../../../db/schema.ts';
import { importProducts } from '../import-products.ts';
import { categoryKey, ensureCategoryPaths, removeCategories } from './category-paths.ts';
import { decodeCsv, readProductCsv, type CsvDelimiter, type CsvIssue } from './read-csv.ts';
import { importFailureIssues } from './import-failure.ts';
import { rowsToProducts, type CsvProductDraft } from './rows-to-products.ts';

type ImportDeps = { db: Kysely<DB>; dialect: DialectName };

export interface CsvImportOptions {
  dryRun: boolean;
  delimiter?: CsvDelimiter;
  now: string;
  /** Progress lines for large files (every 5,000 rows). */
  onProgress?: (message: string) => void;
}

export interface CsvImportReport {
  ok: boolean;
  dryRun: boolean;
  delimiter?: CsvDelimiter;
  rows: number;
  products: number;
  variants: number;
  /** Products written: 0 on a dry run or when anything was wrong (all or nothing). */
  created: number;
  issues: CsvIssue[];
  ignoredHeadings: string[];
}

const PROGRESS_EVERY = 5000;
const thousands = (n: number) => n.toLocaleString('en');

/** Reports written products every 5,000 (importProducts calls back after each chunk it writes). */
function writeProgress(options: CsvImportOptions): ((done: number, total: number) => void) | undefined {
  if (!options.onProgress) return undefined;
  let reported = 0;
  return (done, total) => {
    if (done - reported < PROGRESS_EVERY && done < total) return;
    reported = done;
    options.onProgress?.(`written ${thousands(done)} of ${thousands(total)} products`);
  };
}

/**
 * The catalogue's own checks (tax classes, SKUs and barcodes already taken,
 * the API's field rules) as a dry run of importProducts, for the products the
 * file itself found nothing wrong with; issues already reported for a line and
 * column are not repeated.
 */
async function catalogIssues(
  deps: ImportDeps,
  organisationId: string,
  products: CsvProductDraft[],
  known: CsvIssue[],
  now: string,
): Promise<CsvIssue[]> {
  const badLines = new Set(known.map((issue) => issue.line));
  const clean = products.filter((p) => !p.lines.some((line) => badLines.has(line)));
  if (clean.length === 0) return [];
  const outcome = await importProducts(
    deps.db,
    deps.dialect,
    organisationId,
    clean.map((p) => p.body),
    { now, dryRun: true },
  );
  if (outcome.ok) return [];
  const seen = new Set(known.map((issue) => `${issue.line}:${issue.column ?? ''}`));
  return importFailureIssues(outcome.error, clean).filter(
    (issue) => !seen.has(`${issue.line}:${issue.column ?? ''}`),
  );
}

/**
 * Imports products from CSV (docs/CSV.md). Every problem is reported with its
 * line and column — the file's own (prices, check digits, duplicates) and the
 * catalogue's (SKUs or barcodes already taken). A dry run changes nothing; a
 * real import writes everything or nothing.
 */
export async function importProductsCsv(
  deps: ImportDeps,
  organisationId: string,
  file: Uint8Array | string,
  options: CsvImportOptions,
): Promise<CsvImportReport> {
  const text = typeof file === 'string' ? file : decodeCsv(file);
  const read = readProductCsv(text, options.delimiter ? { delimiter: options.delimiter } : {});
  const empty = {
    dryRun: options.dryRun,
    rows: 0,
    products: 0,
    variants: 0,
    created: 0,
    ignoredHeadings: [],
  };
  if (!read.ok) return { ...empty, ok: false, issues: read.issues };
  const { rows, delimiter, ignoredHeadings } = read.table;
  options.onProgress?.(`read ${thousands(rows.length)} rows; checking them`);
  const { products, issues } = rowsToProducts(rows);
  issues.push(...(await catalogIssues(deps, organisationId, products, issues, options.now)));
  issues.sort((a, b) => a.line - b.line);
  const counts = { rows: rows.length, products: products.length, variants: rows.length };
  const report = { ...empty, ...counts, delimiter, ignoredHeadings, issues, ok: issues.length === 0 };
  if (!report.ok || options.dryRun || products.length === 0) return report;
  return writeProducts(deps, organisationId, products, options, report);
}

async function writeProducts(
  deps: ImportDeps,
  organisationId: string,
  products: CsvProductDraft[],
  options: CsvImportOptions,
  report: CsvImportReport,
): Promise<CsvImportReport> {
  const { now } = options;
  const paths = products.map((p) => p.categoryPath).filter((path) => path.length > 0);
  const categories = await ensureCategoryPaths(deps.db, organisationId, paths, now);
  const inputs: CreateProductBody[] = products.map((p) =>
    p.categoryPath.length > 0
      ? { ...p.body, categoryId: categories.idByKey.get(categoryKey(p.categoryPath))! }
      : p.body,
  );
  const onProgress = writeProgress(options);
  const outcome = await importProducts(deps.db, deps.dialect, organisationId, inputs, {
    now,
    ...(onProgress ? { onProgress } : {}),
  });
  if (outcome.ok) return { ...report, created: outcome.value.created };
  // Compensation: the categories made for this import hold no products; take them away again.
  await removeCategories(deps.db, categories.created);
  return { ...report, ok: false, issues: importFailureIssues(outcome.error, products) };
}
