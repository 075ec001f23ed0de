import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { exportProductsCsv, type CsvDelimiter } from '../../modules/catalog/index.ts';
import { out, requireOrganisation, withDatabase } from '../cli-support.ts';
import { parseDelimiter } from './import.ts';

/** A write that waits for the stream to drain, so a large export never buffers in memory. */
function writerFor(stream: NodeJS.WritableStream): (chunk: string) => Promise<void> {
  return (chunk) =>
    new Promise((resolve, reject) => {
      if (stream.write(chunk)) return resolve();
      const onDrain = () => {
        stream.off('error', onError);
        resolve();
      };
      const onError = (error: Error) => {
        stream.off('drain', onDrain);
        reject(error);
      };
      stream.once('drain', onDrain).once('error', onError);
    });
}

/** `kassa export products [--out FILE] [--delimiter ;|,]`: the catalogue in the import format. */
export function registerExportCommand(program: Command): void {
  const group = program.command('export').description('export data to files');
  group
    .command('products')
    .description(
      'export active products as CSV in the import format (round-trips through kassa import products)',
    )
    .option('--out <file>', 'write to FILE instead of standard output')
    .option(
      '--delimiter <char>',
      'column separator: ";" (Dutch Excel, decimal commas, the default) or ","',
      parseDelimiter,
      ';',
    )
    .action(async (options: { out?: string; delimiter: CsvDelimiter }) => {
      await withDatabase(async (database) => {
        const organisation = await requireOrganisation(database);
        if (!options.out) {
          await exportProductsCsv(database.db, organisation.id, {
            delimiter: options.delimiter,
            write: writerFor(process.stdout),
          });
          return;
        }
        fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
        const stream = fs.createWriteStream(options.out);
        const { products } = await exportProductsCsv(database.db, organisation.id, {
          delimiter: options.delimiter,
          write: writerFor(stream),
        });
        await new Promise<void>((resolve, reject) =>
          stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
        );
        out.line(`Exported ${products} products to ${options.out}.`);
      });
    });
}
