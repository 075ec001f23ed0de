export {
  appendJournalEntry,
  chainIdFor,
  headAlreadyLocked,
  type NewJournalEntry,
  type AppendedEntry,
} from './append-journal-entry.ts';
export { verifyJournal, type JournalVerification, type JournalBreak } from './verify-journal.ts';
export { registerJournalRoutes } from './journal.routes.ts';
