import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { openSqlite } from '../db/database.ts';

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** What the PostgreSQL operator should run instead (Kassa does not wrap pg_dump). */
export function postgresBackupAdvice(connectionString: string, file: string): string {
  const url = new URL(connectionString);
  if (url.password) url.password = '***';
  return [
    'kassa backup copies SQLite databases only. For PostgreSQL use its own tools:',
    `  pg_dump --format=custom --file=${file} "${url.toString()}"`,
    '  (restore with pg_restore --clean --dbname=…), or pg_basebackup / WAL archiving for point-in-time recovery.',
    'See docs/OPERATIONS.md.',
  ].join('\n');
}

/**
 * Copies a live SQLite database with SQLite's online backup API (consistent
 * even while the server writes; `cp` of a WAL database is not), switches the
 * copy to a single self-contained file and runs PRAGMA integrity_check on it.
 */
export async function backupSqlite(
  source: string,
  target: string,
  progress?: (donePages: number, totalPages: number) => void,
): Promise<{ file: string; bytes: number }> {
  const file = path.resolve(target);
  if (!fs.existsSync(source))
    throw new BackupError(`There is no database at ${source}: check KASSA_DATABASE_URL.`);
  if (file === path.resolve(source))
    throw new BackupError('The backup file must not be the database itself: choose another path.');
  if (fs.existsSync(file))
    throw new BackupError(`${file} already exists: choose a new file name (backups never overwrite).`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const handle = openSqlite(source);
  try {
    await handle.backup(file, {
      progress: ({ totalPages, remainingPages }) => {
        progress?.(totalPages - remainingPages, totalPages);
        return 1000;
      },
    });
  } finally {
    handle.close();
  }
  verifyCopy(file);
  return { file, bytes: fs.statSync(file).size };
}

/** Makes the copy a plain rollback-journal file (no -wal sidecar to lose) and checks every page. */
function verifyCopy(file: string): void {
  const copy = new SQLite(file);
  try {
    copy.pragma('journal_mode = DELETE');
    const result = copy.pragma('integrity_check', { simple: true });
    if (result !== 'ok') {
      throw new BackupError(
        `The backup at ${file} failed its integrity check (${String(result)}): keep the old backup and investigate the disk.`,
      );
    }
  } finally {
    copy.close();
  }
}
