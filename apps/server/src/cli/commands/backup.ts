import type { Command } from 'commander';
import { backupSqlite, postgresBackupAdvice } from '../../ops/backup.ts';
import { CliError, cliConfig, out } from '../cli-support.ts';

/** `kassa backup FILE`: an online, verified copy of the SQLite database. */
export function registerBackupCommand(program: Command): void {
  program
    .command('backup')
    .description('write a consistent copy of the SQLite database to FILE (safe while the server runs)')
    .argument('<file>', 'where to write the copy (must not exist yet)')
    .action(async (file: string) => {
      const config = cliConfig();
      if (config.database.kind === 'postgres')
        throw new CliError(postgresBackupAdvice(config.database.connectionString, file));
      const result = await backupSqlite(config.database.filename, file, (done, total) => {
        if (total > 10_000 && done < total) out.line(`  copied ${Math.round((done / total) * 100)} %`);
      });
      out.line(
        `Backup written to ${result.file} (${(result.bytes / 1024 / 1024).toFixed(1)} MB); integrity check: ok.`,
      );
    });
}
