import path from 'node:path';

/** Which database engine a connection string points at. */
export type DatabaseConfig =
  | { kind: 'sqlite'; filename: string }
  | { kind: 'postgres'; connectionString: string };

export interface Config {
  database: DatabaseConfig;
  host: string;
  port: number;
  logLevel: string;
  /** Demo mode seeds the Dutch demo shop and prints where to open it and the logins. */
  demo: boolean;
  /** Allows starting on PostgreSQL with unsafe durability settings (fsync=off …). Never in production. */
  allowUnsafeDurability: boolean;
  /** Largest accepted request body in bytes. */
  bodyLimit: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_SQLITE_FILE = './data/kassa.db';

/**
 * Parses `KASSA_DATABASE_URL`: a file path or `sqlite:` URL selects SQLite,
 * `postgres://` / `postgresql://` selects PostgreSQL; anything else is refused.
 */
export function parseDatabaseUrl(url: string | undefined): DatabaseConfig {
  const value = (url ?? '').trim();
  if (value === '') return { kind: 'sqlite', filename: path.resolve(DEFAULT_SQLITE_FILE) };
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: 'postgres', connectionString: value };
  if (/^sqlite:/i.test(value)) {
    const rest = value.replace(/^sqlite:(\/\/)?/i, '');
    if (rest === '') throw new ConfigError('KASSA_DATABASE_URL "sqlite:" needs a file path, e.g. sqlite:./data/kassa.db');
    return { kind: 'sqlite', filename: rest === ':memory:' ? rest : path.resolve(rest) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new ConfigError(
      `KASSA_DATABASE_URL "${value.split('://')[0]}://…" is not supported: use a file path or sqlite:FILE for SQLite, or postgres://user@host:5432/db for PostgreSQL.`,
    );
  }
  return { kind: 'sqlite', filename: path.resolve(value) };
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT "${value}" is not a port number: use a whole number from 1 to 65535 (0 picks a free port).`);
  }
  return port;
}

/** Reads the configuration from environment variables (see docs/OPERATIONS.md). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  return {
    database: parseDatabaseUrl(env.KASSA_DATABASE_URL),
    host: env.HOST && env.HOST !== '' ? env.HOST : '0.0.0.0',
    port: parsePort(env.PORT),
    logLevel: env.KASSA_LOG_LEVEL ?? 'info',
    demo: env.KASSA_DEMO === '1' || env.KASSA_DEMO === 'true',
    allowUnsafeDurability: env.KASSA_ALLOW_UNSAFE_DURABILITY === '1',
    bodyLimit: 1024 * 1024,
    ...overrides,
  };
}
