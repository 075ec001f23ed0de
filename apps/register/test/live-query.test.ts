import { afterEach, describe, expect, it, vi } from 'vitest';
import { openRegisterDatabase, type RegisterDatabase } from '../src/db/database.ts';
import { watchLiveQuery } from '../src/lib/use-live-query.ts';

// A screen's live query (a staff list, the parked sales) must not stay empty for good because one
// read of IndexedDB failed: it reads again, and follows later writes as before.

let db: RegisterDatabase | undefined;
afterEach(() => db?.close());

const staffMember = (id: string, name: string) => ({ id, name }) as never;

describe('a live query whose read fails', () => {
  it('reads again, then follows the writes after it', async () => {
    db = openRegisterDatabase(`live-${Math.random()}`);
    const database = db;
    await database.staff.put(staffMember('s1', 'Sanne Kassa'));
    let failures = 1;
    const seen: string[][] = [];
    const stop = watchLiveQuery(
      async () => {
        const rows = await database.staff.orderBy('name').toArray();
        if (failures-- > 0) throw new Error('the database is busy');
        return rows.map((s) => s.name);
      },
      (names) => seen.push(names),
      10,
    );
    try {
      await vi.waitFor(() => expect(seen).toEqual([['Sanne Kassa']]));
      await database.staff.put(staffMember('s2', 'Mark Manager'));
      await vi.waitFor(() => expect(seen.at(-1)).toEqual(['Mark Manager', 'Sanne Kassa']));
    } finally {
      stop();
    }
  });

  it('reads no more once stopped, even with a retry pending', async () => {
    db = openRegisterDatabase(`live-${Math.random()}`);
    const database = db;
    let reads = 0;
    const stop = watchLiveQuery(
      async () => {
        reads += 1;
        await database.staff.count();
        throw new Error('the database is busy');
      },
      () => undefined,
      10,
    );
    await vi.waitFor(() => expect(reads).toBeGreaterThanOrEqual(2));
    stop();
    const after = reads;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(reads).toBe(after);
  });
});
