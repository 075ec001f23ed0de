import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, openSqlite } from '../src/db/database.ts';

// The server checkpoints SQLite's WAL in a thread of its own (db/sqlite-checkpointer.ts), so the
// event loop never copies pages into the database file after a commit.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kassa-checkpoint-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const ROWS_PER_TX = 100;
const TXS = 60;
const PAYLOAD = 'x'.repeat(800);

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

async function writeNotes(database: ReturnType<typeof createDatabase>): Promise<void> {
  await sql`create table notes (id integer primary key, body text not null)`.execute(database.db);
  for (let t = 0; t < TXS; t++) {
    await database.db.transaction().execute(async (trx) => {
      for (let r = 0; r < ROWS_PER_TX; r++) await sql`insert into notes (body) values (${PAYLOAD})`.execute(trx);
    });
  }
}

const DATA = TXS * ROWS_PER_TX * PAYLOAD.length;

function expectIntact(filename: string): void {
  const reopened = openSqlite(filename);
  expect(reopened.prepare('select count(*) as n from notes').get()).toEqual({ n: TXS * ROWS_PER_TX });
  expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
  reopened.close();
}

describe('background WAL checkpoints on SQLite', () => {
  it('never checkpoints in the committing connection: the pages stay in the WAL until the thread copies them', async () => {
    const filename = path.join(dir, 'idle-thread.db');
    // The thread's first round is a minute away: only a checkpoint by the writer could grow the file.
    const database = createDatabase({ kind: 'sqlite', filename }, { backgroundCheckpoints: { intervalMs: 60_000 } });
    await writeNotes(database);
    expect(fs.statSync(filename).size).toBeLessThan(DATA / 10);
    expect(fs.statSync(`${filename}-wal`).size).toBeGreaterThan(DATA);
    // Closing stops the thread after a last checkpoint.
    await database.close();
    expect(fs.statSync(filename).size).toBeGreaterThan(DATA);
    expectIntact(filename);
  });

  it('copies committed pages into the database file from its own thread while the server runs', async () => {
    const filename = path.join(dir, 'shop.db');
    const database = createDatabase({ kind: 'sqlite', filename }, { backgroundCheckpoints: { intervalMs: 50 } });
    await writeNotes(database);
    expect(await until(() => fs.statSync(filename).size > DATA, 10_000)).toBe(true);
    await database.close();
    expectIntact(filename);
  });

  it('leaves checkpoints to SQLite (in the committing connection) when not asked for', async () => {
    const filename = path.join(dir, 'plain.db');
    const database = createDatabase({ kind: 'sqlite', filename });
    await writeNotes(database);
    // 1,000 WAL pages trigger SQLite's own checkpoint at a commit.
    expect(fs.statSync(filename).size).toBeGreaterThan(DATA / 2);
    await database.close();
  });
});
