import { ConfigError, loadConfig, type Config } from '../config.ts';
import { createDatabase, type Database } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { findFirstOrganisation } from '../modules/stores/index.ts';

/** A problem the person at the keyboard can fix: printed without a stack trace, exit code 1. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Output of the CLI; commands write through this so tests can read it from the child process. */
export const out = {
  line: (text = '') => process.stdout.write(`${text}\n`),
  error: (text: string) => process.stderr.write(`${text}\n`),
};

/** The configuration from the environment (see docs/OPERATIONS.md). */
export function cliConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig(process.env, overrides);
}

/** Opens the configured database, brings the schema up to date, runs `work`, and always closes it. */
export async function withDatabase<T>(work: (database: Database, config: Config) => Promise<T>): Promise<T> {
  const config = cliConfig();
  const database = createDatabase(config.database, { poolSize: 2 });
  try {
    await migrateToLatest(database.db);
    return await work(database, config);
  } finally {
    await database.close();
  }
}

/** The shop's organisation; single-shop installs have exactly one. */
export async function requireOrganisation(database: Database): Promise<{ id: string; name: string }> {
  const organisation = await findFirstOrganisation(database.db);
  if (!organisation) {
    throw new CliError(
      'This database has no shop yet. Run "kassa demo" to create the demo shop, or "kassa start --demo".',
    );
  }
  return organisation;
}

/** Whole positive number options (`--products 100000`). */
export function parseCount(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value.replaceAll('_', ''));
    if (!Number.isSafeInteger(n) || n < 0)
      throw new CliError(`${name} must be a whole number of 0 or more, got "${value}".`);
    return n;
  };
}

/** Renders an error for the terminal: known problems as one sentence, bugs with their stack. */
export function describeFailure(error: unknown): { message: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof ConfigError) return { message: `Configuration: ${error.message}`, exitCode: 1 };
  if (error instanceof Error && error.name === 'UnsafeDurabilityError')
    return { message: error.message, exitCode: 1 };
  const code = (error as { code?: string } | undefined)?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND') {
    return {
      message: `Cannot reach the database (${code}): is PostgreSQL running and KASSA_DATABASE_URL right?`,
      exitCode: 1,
    };
  }
  return { message: error instanceof Error ? (error.stack ?? error.message) : String(error), exitCode: 1 };
}
