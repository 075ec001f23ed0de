import fs from 'node:fs';
import type { Command } from 'commander';
import { importProductsCsv, type CsvDelimiter, type CsvImportReport } from '../../modules/catalog/index.ts';
import { CliError, out, requireOrganisation, withDatabase } from '../cli-support.ts';

const MAX_LISTED = 50;

/** `;`, `,` or `tab` from the command line. */
export function parseDelimiter(value: string): CsvDelimiter {
  if (value === ';' || value === ',') return value;
  if (value === 'tab' || value === '\\t' || value === '\t') return '\t';
  throw new CliError(`--delimiter must be ";" or "," (or "tab"), got "${value}".`);
}

/** The report as printed: a summary line, then each problem as "line N, column: reason". */
export function formatImportReport(report: CsvImportReport, file: string): string[] {
  const lines: string[] = [];
  if (report.ignoredHeadings.length > 0)
    lines.push(`Ignored unknown columns: ${report.ignoredHeadings.join(', ')}.`);
  const listed = report.issues
    .slice(0, MAX_LISTED)
    .map((i) => `  line ${i.line}${i.column ? `, ${i.column}` : ''}: ${i.reason}`);
  if (report.issues.length > MAX_LISTED) listed.push(`  … and ${report.issues.length - MAX_LISTED} more`);
  const badLines = new Set(report.issues.map((i) => i.line)).size;
  const size = `${report.rows} rows, ${report.products} products`;
  if (!report.ok) {
    lines.push(
      `${file}: ${report.issues.length} problem(s) on ${badLines} line(s) (${size}). Nothing was imported.`,
      ...listed,
    );
    lines.push('Fix these rows and run the import again (use --dry-run to check without importing).');
  } else if (report.dryRun) {
    lines.push(
      `${file}: ${size}, no problems found. Dry run: nothing was imported; run again without --dry-run to import.`,
    );
  } else {
    lines.push(`${file}: imported ${report.created} products (${report.variants} variants).`);
  }
  return lines;
}

/** `kassa import products FILE.csv [--dry-run] [--delimiter ;|,]`. */
export function registerImportCommand(program: Command): void {
  const group = program.command('import').description('import data from files');
  group
    .command('products')
    .description(
      'import products from a CSV file (Dutch Excel ";" with decimal commas, or "," with decimal points; see docs/CSV.md)',
    )
    .argument('<file>', 'the CSV file')
    .option('--dry-run', 'check every row and report problems; change nothing')
    .option(
      '--delimiter <char>',
      'column separator ";" or "," (default: detected from the heading line)',
      parseDelimiter,
    )
    .action(async (file: string, options: { dryRun?: boolean; delimiter?: CsvDelimiter }) => {
      if (!fs.existsSync(file)) throw new CliError(`There is no file ${file}: check the path.`);
      const bytes = fs.readFileSync(file);
      await withDatabase(async (database) => {
        const organisation = await requireOrganisation(database);
        const started = Date.now();
        const report = await importProductsCsv(database, organisation.id, bytes, {
          dryRun: options.dryRun === true,
          now: new Date().toISOString(),
          onProgress: (message) => out.line(`  ${message}`),
          ...(options.delimiter ? { delimiter: options.delimiter } : {}),
        });
        for (const line of formatImportReport(report, file)) out.line(line);
        out.line(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
        if (!report.ok) process.exitCode = 1;
      });
    });
}
