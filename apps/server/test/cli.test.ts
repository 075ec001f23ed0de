import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.ts';
import { SERVER_ROOT, runKassa } from './support/cli-process.ts';
import { parseDatabaseUrl } from '../src/config.ts';
import { createDatabase } from '../src/db/database.ts';

// Each step is a real process (tsx start-up included), so allow for a busy machine.
const PROCESS_TIMEOUT = { timeout: 180_000 };

async function countProducts(url: string): Promise<number> {
  const database = createDatabase(parseDatabaseUrl(url), { poolSize: 1 });
  try {
    return (await database.db.selectFrom('products').select('id').execute()).length;
  } finally {
    await database.close();
  }
}

describe.each(DIALECTS)('the kassa CLI as a process on %s', PROCESS_TIMEOUT, (dialect) => {
  let database: TestDatabase;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    // An unmigrated database: the CLI must migrate it itself.
    database = await createTestDatabase(dialect, { migrate: false });
    await database.close();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kassa-cli-'));
    env = { KASSA_DATABASE_URL: database.url };
  });
  afterAll(async () => {
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('seeds the demo shop once, printing an owner token', async () => {
    const first = await runKassa(['demo'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Created the demo shop Huis & Haven with \d+ products/);
    expect(first.stdout).toMatch(/Owner API token .*: kassa_\S+/);
  });

  it('exports the catalogue and dry-runs a file with bad rows: line, column, reason; nothing changes', async () => {
    const before = await countProducts(database.url);
    const out = path.join(dir, 'products.csv');
    const exported = await runKassa(['export', 'products', '--out', out], env);
    expect(exported.code).toBe(0);
    const lines = fs.readFileSync(out, 'utf8').split('\r\n');
    expect(lines[0]).toMatch(/^\uFEFFhandle;name;sku;barcode;price/);
    const bad = [
      lines[0],
      'nieuw-1;Nieuwe mok;NEW-001;;12,9x;;21%;;;;;;;;;',
      lines[1], // already in the catalogue
      'nieuw-2;;NEW-002;;5,00;;21%;;;;;;;;;',
      'nieuw-3;Nieuwe kaars;NEW-003;8719876000016;5,00;;21%;;;;;;;;;',
    ].join('\r\n');
    fs.writeFileSync(path.join(dir, 'bad.csv'), bad);
    const dry = await runKassa(['import', 'products', path.join(dir, 'bad.csv'), '--dry-run'], env);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('line 2, price: "12,9x" is not an amount');
    expect(dry.stdout).toMatch(/line 3, sku: SKU HH-\S+ already belongs to product/);
    expect(dry.stdout).toContain('line 4, name: name is empty');
    expect(dry.stdout).toContain('line 5, barcode: barcode 8719876000016 has a wrong check digit');
    expect(dry.stdout).toContain('Nothing was imported.');
    expect(await countProducts(database.url)).toBe(before);
  });

  it('imports a clean file and exports it again', async () => {
    const file = path.join(dir, 'new.csv');
    fs.writeFileSync(
      file,
      'name,sku,price,tax_class,category\nZeeglas vaas,VAAS-NEW-1,24.95,21%,Wonen > Vazen\n',
    );
    const result = await runKassa(['import', 'products', file], env);
    expect(result.stdout).toContain('imported 1 products');
    expect(result.code).toBe(0);
    const check = createDatabase(parseDatabaseUrl(database.url), { poolSize: 1 });
    try {
      const row = await check.db
        .selectFrom('variants')
        .select('price')
        .where('sku', '=', 'VAAS-NEW-1')
        .executeTakeFirstOrThrow();
      expect(Number(row.price)).toBe(2495);
    } finally {
      await check.close();
    }
  });

  it('doctor reports every durability setting OK and exits 0', async () => {
    const result = await runKassa(['doctor'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('All durability settings are safe.');
    expect(result.stdout).toMatch(dialect === 'sqlite' ? /synchronous\s+FULL\s+OK/ : /fsync\s+on\s+OK/);
  });

  it('backup copies SQLite (verified) and, on PostgreSQL, says to use pg_dump and fails', async () => {
    const target = path.join(dir, 'backup.db');
    const result = await runKassa(['backup', target], env);
    if (dialect === 'sqlite') {
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('integrity check: ok');
      const copy = new SQLite(target, { readonly: true });
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((copy.prepare('select count(*) as n from products').get() as { n: number }).n).toBeGreaterThan(
        190,
      );
      copy.close();
    } else {
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('pg_dump --format=custom');
      expect(fs.existsSync(target)).toBe(false);
    }
  });
});

describe('the kassa CLI', PROCESS_TIMEOUT, () => {
  it('refuses an unsupported database URL with one clear sentence, no stack trace', async () => {
    const result = await runKassa(['doctor'], { KASSA_DATABASE_URL: 'mysql://root@localhost/kassa' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^Configuration: KASSA_DATABASE_URL "mysql:\/\/…" is not supported/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('runs through bin/kassa.mjs (npx kassa) and lists its commands', () => {
    const help = execFileSync(process.execPath, [path.join(SERVER_ROOT, 'bin', 'kassa.mjs'), '--help'], {
      encoding: 'utf8',
    });
    for (const command of ['start', 'migrate', 'demo', 'import', 'export', 'backup', 'doctor'])
      expect(help).toContain(command);
  });
});
