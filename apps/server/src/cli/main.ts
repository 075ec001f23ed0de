import fs from 'node:fs';
import { Command, CommanderError } from 'commander';
import { KASSA_VERSION } from '../version.ts';
import { describeFailure, out } from './cli-support.ts';
import { registerBackupCommand } from './commands/backup.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerDoctorCommand } from './commands/doctor.ts';
import { registerExportCommand } from './commands/export.ts';
import { registerImportCommand } from './commands/import.ts';
import { registerMigrateCommand } from './commands/migrate.ts';
import { registerStartCommand } from './commands/start.ts';
import { registerJournalCommand } from './commands/journal.ts';
import { registerStockCommand } from './commands/stock.ts';
import { registerTerminalSimCommand } from './commands/terminal-sim.ts';
import { registerTlsCommand } from './commands/tls.ts';

/** The `kassa` command line; every command reads its database from KASSA_DATABASE_URL. */
export function buildCli(): Command {
  const program = new Command('kassa')
    .description(
      'Kassa, the open-source retail point of sale. Database: KASSA_DATABASE_URL (default ./data/kassa.db).',
    )
    .version(KASSA_VERSION)
    .showHelpAfterError('(run "kassa --help" for the commands)')
    .exitOverride();
  registerStartCommand(program);
  registerMigrateCommand(program);
  registerDemoCommand(program);
  registerImportCommand(program);
  registerExportCommand(program);
  registerBackupCommand(program);
  registerDoctorCommand(program);
  registerJournalCommand(program);
  registerStockCommand(program);
  registerTerminalSimCommand(program);
  registerTlsCommand(program);
  return program;
}

/** Runs the CLI and sets the exit code; a long-running `start` keeps the process alive itself. */
export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    const { message, exitCode } = describeFailure(error);
    out.error(message);
    process.exitCode = exitCode;
  }
}

/**
 * npm runs workspace scripts inside apps/server, but `npm start` and
 * `npm run kassa -- import products ./file.csv` are typed at the repository
 * root: relative paths (the default ./data/kassa.db, file arguments) are meant
 * from there. npm passes that directory as INIT_CWD.
 */
function useInvocationDirectory(): void {
  const dir = process.env.INIT_CWD;
  const viaNpmScript = ['start', 'kassa'].includes(process.env.npm_lifecycle_event ?? '');
  if (dir && viaNpmScript && dir !== process.cwd() && fs.existsSync(dir)) process.chdir(dir);
}

useInvocationDirectory();
await runCli(process.argv);
