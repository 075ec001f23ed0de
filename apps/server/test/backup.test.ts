import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupSqlite, postgresBackupAdvice } from '../src/ops/backup.ts';
import { createTestDatabase, type TestDatabase } from './support/databases.ts';
import { aDutchShop } from './support/scenarios.ts';

describe('backupSqlite', () => {
  let database: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    await aDutchShop(database.db);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kassa-backup-'));
  });
  afterAll(async () => {
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const source = () => database.url.replace(/^sqlite:/, '');

  it('copies the live database (connection still open) into one file that passes integrity_check', async () => {
    const target = path.join(dir, 'kassa-backup.db');
    const result = await backupSqlite(source(), target);
    expect(result.file).toBe(target);
    expect(fs.existsSync(`${target}-wal`)).toBe(false);
    const copy = new SQLite(target, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(copy.prepare('select name from stores order by name').all()).toEqual([
        { name: 'Outlet Houten' },
        { name: 'Utrecht Centrum' },
      ]);
    } finally {
      copy.close();
    }
  });

  it('never overwrites an existing file', async () => {
    const target = path.join(dir, 'exists.db');
    fs.writeFileSync(target, 'old backup');
    await expect(backupSqlite(source(), target)).rejects.toThrow(/already exists: choose a new file name/);
    expect(fs.readFileSync(target, 'utf8')).toBe('old backup');
  });

  it('says clearly when the database file is missing', async () => {
    await expect(backupSqlite(path.join(dir, 'nope.db'), path.join(dir, 'x.db'))).rejects.toThrow(
      /There is no database at/,
    );
  });
});

describe('postgresBackupAdvice', () => {
  it('points at pg_dump with a usable example and hides the password', () => {
    const advice = postgresBackupAdvice('postgres://kassa:geheim@db:5432/kassa', 'kassa.dump');
    expect(advice).toContain(
      'pg_dump --format=custom --file=kassa.dump "postgres://kassa:***@db:5432/kassa"',
    );
    expect(advice).toContain('pg_basebackup');
    expect(advice).not.toContain('geheim');
  });
});
