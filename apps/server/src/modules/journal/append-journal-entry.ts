import { sql, type Transaction } from 'kysely';
import { GENESIS_HASH, journalEntryHash, type JsonValue } from '@kassa/domain';
import type { DB } from '../../db/schema.ts';
import { dialectOf } from '../../db/database.ts';
import { uuidv7 } from '../../lib/uuidv7.ts';

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

/**
 * Locks the chain's head for the rest of the transaction. PostgreSQL: a row
 * lock (concurrent appends to one chain queue here; other chains don't wait).
 * SQLite: the single writer already serialises transactions.
 */
async function lockHead(
  trx: Transaction<DB>,
  entry: NewJournalEntry,
): Promise<{ seq: number; hash: string }> {
  await trx
    .insertInto('journal_heads')
    .values({
      chain_id: entry.chainId,
      organisation_id: entry.organisationId,
      seq: 0,
      hash: GENESIS_HASH,
      updated_at: entry.recordedAt,
    })
    .onConflict((oc) => oc.column('chain_id').doNothing())
    .execute();
  let query = trx.selectFrom('journal_heads').select(['seq', 'hash']).where('chain_id', '=', entry.chainId);
  if (dialectOf(trx) === 'postgres') query = query.forUpdate();
  const head = await query.executeTakeFirstOrThrow();
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
  const hash = journalEntryHash(head.hash, {
    chainId: entry.chainId,
    seq,
    kind: entry.kind,
    occurredAt: entry.occurredAt,
    payload: entry.payload,
  });
  const id = uuidv7();
  await trx
    .insertInto('journal_entries')
    .values({
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
    })
    .execute();
  await trx
    .updateTable('journal_heads')
    .set({ seq: sql`${seq}`, hash, updated_at: entry.recordedAt })
    .where('chain_id', '=', entry.chainId)
    .execute();
  return { id, seq, hash, previousHash: head.hash };
}
