// The tamper-evident journal: canonical entries hash-chained per register.
export { sha256Hex, utf8Bytes } from './sha256.ts';
export { canonicalJson, type JsonValue } from './canonical-json.ts';
export {
  GENESIS_HASH,
  journalEntryHash,
  verifyJournalChain,
  createChainVerifier,
  type ChainBreak,
  type ChainVerifier,
  type JournalEntryContent,
  type Sha256Hex,
  type StoredJournalEntry,
} from './journal-chain.ts';
