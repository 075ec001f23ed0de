import type { Transaction } from 'kysely';
import { FixedSql, insertRows, runFixed } from '../../db/fixed-sql.ts';
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

/**
 * Appends one entry to its chain inside the caller's transaction and moves the
 * head kept outside the chain in the same transaction, so the two always agree
 * unless someone tampers with one of them.
 */
export async function appendJournalEntry(
  trx: Transaction<DB>,
  entry: NewJournalEntry,
): Promise<AppendedEntry> {
  const head = await lockHead(trx, entry);
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
  await insertRows(trx, 'journal_entries', ENTRY_COLUMNS, [
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
  ]);
  await runFixed(trx, MOVE_HEAD, [seq, hash, entry.recordedAt, entry.chainId]);
  return { id, seq, hash, previousHash: head.hash };
}
