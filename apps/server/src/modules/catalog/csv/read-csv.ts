import { parse } from 'csv-parse/sync';
import { CSV_COLUMNS, REQUIRED_COLUMNS, columnForHeading, type CsvColumn } from './csv-columns.ts';

export type CsvDelimiter = ';' | ',' | '\t';

/** One problem in a CSV file: the line (1 = the heading line), the column and what to do. */
export interface CsvIssue {
  line: number;
  column?: string;
  reason: string;
}

export interface CsvRow {
  line: number;
  values: Partial<Record<CsvColumn, string>>;
}

export interface CsvTable {
  delimiter: CsvDelimiter;
  rows: CsvRow[];
  /** Headings Kassa does not know; their columns are ignored. */
  ignoredHeadings: string[];
}

export type CsvRead = { ok: true; table: CsvTable } | { ok: false; issues: CsvIssue[] };

/**
 * Decodes the file: UTF-8 (with or without BOM), falling back to Windows-1252
 * because older Dutch Excel versions save "CSV (gescheiden door
 * lijstscheidingsteken)" in that code page.
 */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** The delimiter used in the heading line: Dutch Excel writes `;`, most other tools `,`. */
export function detectDelimiter(text: string): CsvDelimiter {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  const count = (char: string) => unquoted.split(char).length - 1;
  const candidates: CsvDelimiter[] = [';', ',', '\t'];
  return candidates.reduce((best, char) => (count(char) > count(best) ? char : best), ',' as CsvDelimiter);
}

function mapHeadings(headings: string[]): {
  columns: Array<CsvColumn | undefined>;
  issues: CsvIssue[];
  ignored: string[];
} {
  const columns = headings.map(columnForHeading);
  const issues: CsvIssue[] = [];
  for (const required of REQUIRED_COLUMNS) {
    if (!columns.includes(required)) {
      issues.push({
        line: 1,
        column: required,
        reason: `the heading line has no "${required}" column: add it (columns: ${CSV_COLUMNS.join(', ')})`,
      });
    }
  }
  const seen = new Set<CsvColumn>();
  columns.forEach((column, index) => {
    if (column && seen.has(column))
      issues.push({ line: 1, column, reason: `column "${headings[index]}" appears twice: keep one` });
    if (column) seen.add(column);
  });
  const ignored = headings.filter((h, i) => columns[i] === undefined && h.trim() !== '');
  return { columns, issues, ignored };
}

/** Parses product CSV text into rows keyed by column, with the line each row starts on. */
export function readProductCsv(text: string, options: { delimiter?: CsvDelimiter } = {}): CsvRead {
  const delimiter = options.delimiter ?? detectDelimiter(text);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    // With `info: true` csv-parse returns { record, info } pairs; its typings do not model that option.
    records = parse(text, {
      delimiter,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return {
      ok: false,
      issues: [{ line: line ?? 1, reason: `the file is not valid CSV: ${(error as Error).message}` }],
    };
  }
  const [header, ...body] = records;
  if (!header)
    return {
      ok: false,
      issues: [{ line: 1, reason: 'the file is empty: the first line must name the columns' }],
    };
  const { columns, issues, ignored } = mapHeadings(header.record);
  if (issues.length > 0) return { ok: false, issues };
  const rows = body
    .filter(({ record }) => record.some((value) => value.trim() !== ''))
    .map(({ record, info }) => {
      const values: CsvRow['values'] = {};
      columns.forEach((column, index) => {
        if (column) values[column] = (record[index] ?? '').trim();
      });
      return { line: info.lines, values };
    });
  return { ok: true, table: { delimiter, rows, ignoredHeadings: ignored } };
}
