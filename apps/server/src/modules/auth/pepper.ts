import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { DatabaseConfig } from '../../config.ts';

/**
 * The server-side pepper mixed into every password and PIN hash (argon2id
 * `secret`). A stolen database alone is then useless for guessing 4-digit
 * PINs. Where it comes from, in order:
 *  1. `KASSA_SECRET` (at least 32 characters), for containers and clusters:
 *     every instance must share it;
 *  2. a file `kassa-secret` created once with mode 0600, next to the SQLite
 *     database, or in ./data for PostgreSQL.
 * Losing it invalidates every password and PIN (owners reset them with the CLI).
 */
export function loadPepper(
  options: { env?: NodeJS.ProcessEnv; database?: DatabaseConfig; directory?: string } = {},
): Buffer {
  const env = options.env ?? process.env;
  const fromEnv = env.KASSA_SECRET;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < 32)
      throw new Error(
        'KASSA_SECRET must be at least 32 characters: generate one with `openssl rand -hex 32`.',
      );
    return Buffer.from(fromEnv, 'utf8');
  }
  const file = path.join(secretDirectory(options), 'kassa-secret');
  try {
    return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('hex');
  try {
    // 'wx' fails if another process created it meanwhile; then we read theirs.
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return Buffer.from(secret, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'utf8');
  }
}

function secretDirectory(options: { database?: DatabaseConfig; directory?: string }): string {
  if (options.directory) return options.directory;
  const database = options.database;
  if (database?.kind === 'sqlite' && database.filename !== ':memory:') return path.dirname(database.filename);
  return path.resolve('./data');
}
