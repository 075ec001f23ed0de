import type { Transaction } from 'kysely';
import { FixedSql, insertPart, runFixed } from '../../db/fixed-sql.ts';
import { WriteBatch } from '../../db/write-batch.ts';
import { GENESIS_HASH, journalEntryHash, type JsonValue } from '@kassa/domain';
import type { DB } from '../../db/schema.ts';
import { dialectOf } from '../../db/database.ts';
import { uuidv7 } from '../../lib/uuidv7.ts';
import { nativeSha256Hex } from '../../lib/sha256.ts';

export interface NewJournalEntry {
  organisationId: string;
  /** One chain per register; `org:<organisationId>` for entries that belong to no register. */
  chainId: string;
  storeId: string | null;
  registerId: string | null;
  kind: string;
  documentId: string | null;
  occurredAt: string;
  recordedAt: string;
  payload: JsonValue;
}

export interface AppendedEntry {
  id: string;
  seq: number;
  hash: string;
  previousHash: string;
}

/** The chain of a register, or the organisation's own chain for entries outside any register. */
export function chainIdFor(organisationId: string, registerId: string | null): string {
  return registerId ? `register:${registerId}` : `org:${organisationId}`;
}

const HEAD = new FixedSql('select "seq", "hash" from "journal_heads" where "chain_id" = ?');
const HEAD_FOR_UPDATE = new FixedSql(`${HEAD.sqlite} for update`);
const NEW_HEAD = new FixedSql(
  'insert into "journal_heads" ("chain_id", "organisation_id", "seq", "hash", "updated_at") values (?, ?, 0, ?, ?) on conflict ("chain_id") do nothing',
);
const ENTRY_COLUMNS = [
  'id',
  'chain_id',
  'seq',
  'organisation_id',
  'store_id',
  'register_id',
  'kind',
  'document_id',
  'occurred_at',
  'recorded_at',
  'payload',
  'previous_hash',
  'hash',
] as const;
const MOVE_HEAD = new FixedSql(
  'update "journal_heads" set "seq" = ?, "hash" = ?, "updated_at" = ? where "chain_id" = ?',
);

/**
 * Locks the chain's head for the rest of the transaction. PostgreSQL: a row
 * lock (concurrent appends to one chain queue here; other chains don't wait).
 * SQLite: the single writer already serialises transactions. A chain's first
 * entry creates its head (concurrent first appends: one insert wins, both then
 * lock the same row); every later entry reads it in one statement.
 */
async function lockHead(
  trx: Transaction<DB>,
  entry: NewJournalEntry,
): Promise<{ seq: number; hash: string }> {
  const read = dialectOf(trx) === 'postgres' ? HEAD_FOR_UPDATE : HEAD;
  let [head] = await runFixed<{ seq: number | string; hash: string }>(trx, read, [entry.chainId]);
  if (!head) {
    await runFixed(trx, NEW_HEAD, [entry.chainId, entry.organisationId, GENESIS_HASH, entry.recordedAt]);
    [head] = await runFixed<{ seq: number | string; hash: string }>(trx, read, [entry.chainId]);
  }
  if (!head) throw new Error(`The journal head of chain ${entry.chainId} could not be created.`);
  return { seq: Number(head.seq), hash: head.hash };
}

// The head of a chain after the entries a batch holds but has not sent yet.
const pendingHeads = new WeakMap<WriteBatch, Map<string, { seq: number; hash: string }>>();

/**
 * Tells a batch that its command already holds the chain's head, locked and read in an earlier
 * statement of the same transaction (the sale's context read on PostgreSQL): its first append
 * then follows that head instead of locking it again.
 */
export function headAlreadyLocked(batch: WriteBatch, chainId: string, head: { seq: number; hash: string }): void {
  const heads = pendingHeads.get(batch) ?? new Map<string, { seq: number; hash: string }>();
  if (!heads.has(chainId)) heads.set(chainId, head);
  pendingHeads.set(batch, heads);
}

/**
 * Appends one entry to its chain inside the caller's transaction and moves the
 * head kept outside the chain in the same transaction, so the two always agree
 * unless someone tampers with one of them.
 *
 * With a batch, the entry and the head's move join the command's other writes
 * (sent at its end, one round trip on PostgreSQL); the head stays locked from
 * the first append, and later appends to the chain in the same batch follow
 * the entries still waiting in it. Without, they are written at once.
 */
export async function appendJournalEntry(
  trx: Transaction<DB>,
  entry: NewJournalEntry,
  batch?: WriteBatch,
): Promise<AppendedEntry> {
  const writes = batch ?? new WriteBatch();
  const heads = pendingHeads.get(writes) ?? new Map<string, { seq: number; hash: string }>();
  pendingHeads.set(writes, heads);
  const head = heads.get(entry.chainId) ?? (await lockHead(trx, entry));
  const seq = head.seq + 1;
  const hash = journalEntryHash(
    head.hash,
    {
      chainId: entry.chainId,
      seq,
      kind: entry.kind,
      occurredAt: entry.occurredAt,
      payload: entry.payload,
    },
    nativeSha256Hex,
  );
  const id = uuidv7();
  writes.add(
    insertPart('journal_entries', ENTRY_COLUMNS, [
      {
        id,
        chain_id: entry.chainId,
        seq,
        organisation_id: entry.organisationId,
        store_id: entry.storeId,
        register_id: entry.registerId,
        kind: entry.kind,
        document_id: entry.documentId,
        occurred_at: entry.occurredAt,
        recorded_at: entry.recordedAt,
        payload: JSON.stringify(entry.payload),
        previous_hash: head.hash,
        hash,
      },
    ]),
  );
  writes.put(`journal-head:${entry.chainId}`, {
    statement: MOVE_HEAD,
    parameters: [seq, hash, entry.recordedAt, entry.chainId],
  });
  heads.set(entry.chainId, { seq, hash });
  if (!batch) await writes.flush(trx);
  return { id, seq, hash, previousHash: head.hash };
}
