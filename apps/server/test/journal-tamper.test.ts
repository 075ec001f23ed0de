import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Transaction } from 'kysely';
import fc from 'fast-check';
import { journalEntryHash } from '@kassa/domain';
import type { DB } from '../src/db/schema.ts';
import { appendJournalEntry, verifyJournal, type JournalVerification } from '../src/modules/journal/index.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.ts';
import { aDutchShop, type ShopScenario } from './support/scenarios.ts';

const ENTRIES = 60;
const CHAINS = 2;

class Rollback extends Error {}

/** Lets a test play the attacker: history triggers off, inside a transaction that is rolled back afterwards. */
async function withTriggersOff(database: TestDatabase, trx: Transaction<DB>): Promise<void> {
  if (database.dialect === 'postgres') {
    await sql`set local session_replication_role = replica`.execute(trx);
    return;
  }
  const triggers = await sql<{
    name: string;
  }>`select name from sqlite_master where type = 'trigger' and tbl_name = 'journal_entries'`.execute(trx);
  for (const t of triggers.rows) await sql.raw(`drop trigger ${t.name}`).execute(trx);
}

type Tampering = (trx: Transaction<DB>, chainId: string, seq: number) => Promise<void>;

const tamperings: Record<string, Tampering> = {
  'edit a payload byte': async (trx, chainId, seq) => {
    const row = await trx
      .selectFrom('journal_entries')
      .select(['id', 'payload'])
      .where('chain_id', '=', chainId)
      .where('seq', '=', seq)
      .executeTakeFirstOrThrow();
    const payload = row.payload.replace(/\d/, (d) => String((Number(d) + 1) % 10));
    await trx.updateTable('journal_entries').set({ payload }).where('id', '=', row.id).execute();
  },
  'edit the kind': async (trx, chainId, seq) => {
    await trx
      .updateTable('journal_entries')
      .set({ kind: 'sale.voided' })
      .where('chain_id', '=', chainId)
      .where('seq', '=', seq)
      .execute();
  },
  'edit the time': async (trx, chainId, seq) => {
    await trx
      .updateTable('journal_entries')
      .set({ occurred_at: '2020-01-01T00:00:00.000Z' })
      .where('chain_id', '=', chainId)
      .where('seq', '=', seq)
      .execute();
  },
  'delete a row': async (trx, chainId, seq) => {
    await trx.deleteFrom('journal_entries').where('chain_id', '=', chainId).where('seq', '=', seq).execute();
  },
  'insert a well-hashed row and renumber the rest': async (trx, chainId, seq) => {
    const rows = await trx
      .selectFrom('journal_entries')
      .selectAll()
      .where('chain_id', '=', chainId)
      .where('seq', '>=', seq)
      .orderBy('seq', 'desc')
      .execute();
    for (const r of rows)
      await trx
        .updateTable('journal_entries')
        .set({ seq: Number(r.seq) + 1 })
        .where('id', '=', r.id)
        .execute();
    const previous = await trx
      .selectFrom('journal_entries')
      .select('hash')
      .where('chain_id', '=', chainId)
      .where('seq', '=', seq - 1)
      .executeTakeFirst();
    const previousHash = previous?.hash ?? '0'.repeat(64);
    const content = {
      chainId,
      seq,
      kind: 'sale.completed',
      occurredAt: '2026-11-27T10:00:00.000Z',
      payload: { total: 1 },
    };
    const base = rows[rows.length - 1]!;
    await trx
      .insertInto('journal_entries')
      .values({
        ...base,
        id: uuidv7(),
        seq,
        kind: content.kind,
        occurred_at: content.occurredAt,
        payload: '{"total":1}',
        previous_hash: previousHash,
        hash: journalEntryHash(previousHash, content),
      })
      .execute();
  },
  'swap two rows': async (trx, chainId, seq) => {
    const other = seq === ENTRIES ? seq - 1 : seq + 1;
    const a = await trx
      .selectFrom('journal_entries')
      .selectAll()
      .where('chain_id', '=', chainId)
      .where('seq', '=', seq)
      .executeTakeFirstOrThrow();
    const b = await trx
      .selectFrom('journal_entries')
      .selectAll()
      .where('chain_id', '=', chainId)
      .where('seq', '=', other)
      .executeTakeFirstOrThrow();
    await trx.updateTable('journal_entries').set({ seq: 1_000_000 }).where('id', '=', a.id).execute();
    await trx.updateTable('journal_entries').set({ seq }).where('id', '=', b.id).execute();
    await trx.updateTable('journal_entries').set({ seq: other }).where('id', '=', a.id).execute();
  },
  'cut off the tail': async (trx, chainId, seq) => {
    await trx.deleteFrom('journal_entries').where('chain_id', '=', chainId).where('seq', '>=', seq).execute();
  },
  'rewrite the tail and its hashes consistently': async (trx, chainId, seq) => {
    // The attacker recomputes every hash from the edit on: only the head kept outside the chain betrays it.
    const rows = await trx
      .selectFrom('journal_entries')
      .selectAll()
      .where('chain_id', '=', chainId)
      .where('seq', '>=', seq)
      .orderBy('seq')
      .execute();
    let previousHash = rows[0]!.previous_hash;
    for (const [i, r] of rows.entries()) {
      const payload = i === 0 ? { total: 0 } : (JSON.parse(r.payload) as { total: number });
      const hash = journalEntryHash(previousHash, {
        chainId,
        seq: Number(r.seq),
        kind: r.kind,
        occurredAt: r.occurred_at,
        payload,
      });
      await trx
        .updateTable('journal_entries')
        .set({ payload: JSON.stringify(payload), previous_hash: previousHash, hash })
        .where('id', '=', r.id)
        .execute();
      previousHash = hash;
    }
  },
};

describe.each(DIALECTS)('kassa journal verify on %s', (dialect) => {
  let database: TestDatabase;
  let shop: ShopScenario;
  const chainIds: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    shop = await aDutchShop(database.db);
    for (let c = 0; c < CHAINS; c++) chainIds.push(`register:${shop.stores[c]!.registerIds[0]}`);
    await database.db.transaction().execute(async (trx) => {
      for (let seq = 1; seq <= ENTRIES; seq++) {
        for (const chainId of chainIds) {
          await appendJournalEntry(trx, {
            organisationId: shop.organisationId,
            chainId,
            storeId: null,
            registerId: chainId.slice('register:'.length),
            kind: 'sale.completed',
            documentId: uuidv7(),
            occurredAt: `2026-11-27T10:${String(seq % 60).padStart(2, '0')}:00.000Z`,
            recordedAt: new Date().toISOString(),
            payload: { total: seq * 137, lines: [{ quantityMilli: 1000, unitPrice: seq * 137 }] },
          });
        }
      }
    });
  });
  afterAll(async () => database?.drop());

  it('finds an untouched journal intact', async () => {
    expect(await verifyJournal(database.db)).toEqual({
      ok: true,
      chains: CHAINS,
      entries: CHAINS * ENTRIES,
      breaks: [],
    });
  });

  async function verifyAfter(
    tampering: Tampering,
    chainId: string,
    seq: number,
  ): Promise<JournalVerification> {
    let verification: JournalVerification | undefined;
    await database.db
      .transaction()
      .execute(async (trx) => {
        await withTriggersOff(database, trx);
        await tampering(trx, chainId, seq);
        verification = await verifyJournal(trx);
        throw new Rollback();
      })
      .catch((error) => {
        if (!(error instanceof Rollback)) throw error;
      });
    return verification!;
  }

  it('detects every kind of tampering, anywhere in any chain, and names the chain', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(tamperings)),
        fc.integer({ min: 0, max: CHAINS - 1 }),
        fc.integer({ min: 1, max: ENTRIES }),
        async (name, chain, seq) => {
          const result = await verifyAfter(tamperings[name]!, chainIds[chain]!, seq);
          expect(result.ok, `${name} at ${chainIds[chain]}#${seq}`).toBe(false);
          expect(result.breaks.every((b) => b.chainId === chainIds[chain])).toBe(true);
          expect(Math.min(...result.breaks.map((b) => b.seq))).toBeGreaterThanOrEqual(seq - 1);
        },
      ),
      { numRuns: 40 },
    );
    expect(await verifyJournal(database.db)).toMatchObject({ ok: true });
  });

  it('points at the edited entry itself', async () => {
    const result = await verifyAfter(tamperings['edit a payload byte']!, chainIds[0]!, 17);
    expect(result.breaks[0]).toMatchObject({ chainId: chainIds[0], seq: 17, reason: 'HASH_MISMATCH' });
    expect(result.breaks[0]!.entryId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('catches a cut-off tail through the head kept outside the chain', async () => {
    const result = await verifyAfter(tamperings['cut off the tail']!, chainIds[1]!, ENTRIES - 4);
    expect(result.breaks).toEqual([
      { chainId: chainIds[1], seq: ENTRIES - 5, reason: 'HEAD_MISMATCH', entryId: expect.any(String) },
    ]);
  });
});
