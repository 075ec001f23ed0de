import { canonicalJson, type JsonValue } from './canonical-json.ts';
import { sha256Hex } from './sha256.ts';

/**
 * SHA-256 of a string's UTF-8 bytes as lower-case hex. The domain's own is pure
 * TypeScript (it runs in the register too); a server may pass its platform's
 * native one, which must give the same digest (tested).
 */
export type Sha256Hex = (text: string) => string;

/** The hash that precedes the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** What the hash covers: everything that makes an entry what it is, including its place in the chain. */
export interface JournalEntryContent {
  /** The chain: one per register (or `org:<id>` for entries that belong to no register). */
  readonly chainId: string;
  /** Position in the chain, 1-based and gapless. */
  readonly seq: number;
  readonly kind: string;
  readonly occurredAt: string;
  readonly payload: JsonValue;
}

/**
 * hash(n) = SHA-256(hash(n−1) + canonical(entry n)). Changing, removing,
 * inserting or reordering any entry changes every hash after it.
 */
export function journalEntryHash(
  previousHash: string,
  entry: JournalEntryContent,
  hashHex: Sha256Hex = sha256Hex,
): string {
  const canonical = canonicalJson({
    chainId: entry.chainId,
    seq: entry.seq,
    kind: entry.kind,
    occurredAt: entry.occurredAt,
    payload: entry.payload,
  });
  return hashHex(previousHash + canonical);
}

export interface StoredJournalEntry extends JournalEntryContent {
  readonly previousHash: string;
  readonly hash: string;
}

export type ChainBreak =
  | { readonly reason: 'SEQ_GAP'; readonly seq: number; readonly expectedSeq: number }
  | { readonly reason: 'PREVIOUS_HASH_MISMATCH'; readonly seq: number }
  | { readonly reason: 'HASH_MISMATCH'; readonly seq: number }
  | { readonly reason: 'WRONG_CHAIN'; readonly seq: number }
  | { readonly reason: 'HEAD_MISMATCH'; readonly seq: number; readonly expectedHeadSeq: number };

/** Checks a chain entry by entry, so millions of entries verify in constant memory. */
export interface ChainVerifier {
  /** Feeds the next entry in stored seq order. */
  push(entry: StoredJournalEntry): void;
  /** Ends the chain against its independently recorded head (catches a cut-off tail); returns every break. */
  finish(head: { readonly seq: number; readonly hash: string } | null): ChainBreak[];
}

/** Starts verifying one chain from its genesis. */
export function createChainVerifier(chainId: string, hashHex: Sha256Hex = sha256Hex): ChainVerifier {
  const breaks: ChainBreak[] = [];
  let previousHash = GENESIS_HASH;
  let expectedSeq = 1;
  let lastSeq = 0;
  return {
    push(entry) {
      if (entry.chainId !== chainId) breaks.push({ reason: 'WRONG_CHAIN', seq: entry.seq });
      if (entry.seq !== expectedSeq) breaks.push({ reason: 'SEQ_GAP', seq: entry.seq, expectedSeq });
      if (entry.previousHash !== previousHash)
        breaks.push({ reason: 'PREVIOUS_HASH_MISMATCH', seq: entry.seq });
      if (journalEntryHash(entry.previousHash, entry, hashHex) !== entry.hash)
        breaks.push({ reason: 'HASH_MISMATCH', seq: entry.seq });
      previousHash = entry.hash;
      expectedSeq = entry.seq + 1;
      lastSeq = entry.seq;
    },
    finish(head) {
      if (head && (head.seq !== lastSeq || head.hash !== previousHash)) {
        breaks.push({ reason: 'HEAD_MISMATCH', seq: lastSeq, expectedHeadSeq: head.seq });
      }
      return breaks;
    },
  };
}

/**
 * Verifies one chain, in seq order, against its independently recorded head
 * (seq and hash kept outside the chain), so a cut-off tail is caught too.
 * Returns every break found, first one first.
 */
export function verifyJournalChain(
  chainId: string,
  entries: readonly StoredJournalEntry[],
  head: { readonly seq: number; readonly hash: string } | null,
): ChainBreak[] {
  const verifier = createChainVerifier(chainId);
  for (const entry of entries) verifier.push(entry);
  return verifier.finish(head);
}
