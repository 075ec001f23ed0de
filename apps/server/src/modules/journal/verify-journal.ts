import type { Kysely } from 'kysely';
import { createChainVerifier, type ChainBreak, type JsonValue } from '@kassa/domain';
import type { DB } from '../../db/schema.ts';
import { nativeSha256Hex } from '../../lib/sha256.ts';

export interface JournalBreak {
  chainId: string;
  seq: number;
  reason: ChainBreak['reason'] | 'HEAD_MISSING';
  /** The stored entry at that position, when there is one. */
  entryId: string | null;
}

export interface JournalVerification {
  ok: boolean;
  chains: number;
  entries: number;
  breaks: JournalBreak[];
}

const PAGE = 5000;

async function* readChain(db: Kysely<DB>, chainId: string) {
  let afterSeq = 0;
  for (;;) {
    const rows = await db
      .selectFrom('journal_entries')
      .select(['id', 'chain_id', 'seq', 'kind', 'occurred_at', 'payload', 'previous_hash', 'hash'])
      .where('chain_id', '=', chainId)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const row of rows) yield row;
    if (rows.length < PAGE) return;
    afterSeq = Number(rows[rows.length - 1]!.seq);
  }
}

function parsePayload(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    // An edited payload that is no longer JSON still has to fail the hash, not crash the verifier.
    return { unreadablePayload: text };
  }
}

/** Verifies one chain; keeps memory constant by streaming entries in pages. */
async function verifyChain(db: Kysely<DB>, chainId: string, head: { seq: number; hash: string } | null) {
  const verifier = createChainVerifier(chainId, nativeSha256Hex);
  const idBySeq = new Map<number, string>();
  let entries = 0;
  for await (const row of readChain(db, chainId)) {
    entries++;
    const seq = Number(row.seq);
    idBySeq.set(seq, row.id);
    verifier.push({
      chainId: row.chain_id,
      seq,
      kind: row.kind,
      occurredAt: row.occurred_at,
      payload: parsePayload(row.payload),
      previousHash: row.previous_hash,
      hash: row.hash,
    });
  }
  const breaks: JournalBreak[] = verifier
    .finish(head)
    .map((b) => ({ chainId, seq: b.seq, reason: b.reason, entryId: idBySeq.get(b.seq) ?? null }));
  if (!head) breaks.push({ chainId, seq: 0, reason: 'HEAD_MISSING', entryId: null });
  return { entries, breaks };
}

/**
 * Checks every chain of the journal against its hashes and its head: an
 * edited byte, a deleted, inserted or swapped row and a cut-off tail all show
 * as breaks naming the chain and position.
 */
export async function verifyJournal(
  db: Kysely<DB>,
  options: { organisationId?: string; storeIds?: 'all' | string[] } = {},
): Promise<JournalVerification> {
  let headsQuery = db.selectFrom('journal_heads').select(['chain_id', 'seq', 'hash']);
  let chainsQuery = db.selectFrom('journal_entries').select('chain_id').distinct();
  if (options.organisationId) {
    headsQuery = headsQuery.where('organisation_id', '=', options.organisationId);
    chainsQuery = chainsQuery.where('organisation_id', '=', options.organisationId);
  }
  const storeIds = options.storeIds;
  // Staff of some stores verify the chains of those stores' registers only.
  if (Array.isArray(storeIds))
    chainsQuery = chainsQuery.where('store_id', 'in', storeIds.length ? storeIds : ['-']);
  const chainsWithEntries = (await chainsQuery.execute()).map((r) => r.chain_id);
  const heads = new Map(
    (await headsQuery.execute()).map((h) => [h.chain_id, { seq: Number(h.seq), hash: h.hash }]),
  );
  const chainIds = new Set(
    Array.isArray(storeIds) ? chainsWithEntries : [...heads.keys(), ...chainsWithEntries],
  );
  const result: JournalVerification = { ok: true, chains: chainIds.size, entries: 0, breaks: [] };
  for (const chainId of [...chainIds].sort()) {
    const { entries, breaks } = await verifyChain(db, chainId, heads.get(chainId) ?? null);
    result.entries += entries;
    result.breaks.push(...breaks);
  }
  result.ok = result.breaks.length === 0;
  return result;
}
