import type { Command } from 'commander';
import { createDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { cliConfig, out } from '../cli-support.ts';

/** `kassa migrate`: brings the database schema up to date (start does this too). */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('bring the database schema up to date')
    .action(async () => {
      const database = createDatabase(cliConfig().database, { poolSize: 1 });
      try {
        const applied = await migrateToLatest(database.db);
        out.line(
          applied.length === 0 ? 'The database schema is up to date.' : `Applied: ${applied.join(', ')}.`,
        );
      } finally {
        await database.close();
      }
    });
}
