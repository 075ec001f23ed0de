import type { Command } from 'commander';
import { verifyJournal, type JournalVerification } from '../../modules/journal/index.ts';
import { out, withDatabase } from '../cli-support.ts';

const EXPLAIN: Record<string, string> = {
  HASH_MISMATCH: 'the entry was changed after it was written',
  PREVIOUS_HASH_MISMATCH: 'the entry does not follow the one before it (removed, inserted or swapped rows)',
  SEQ_GAP: 'entries are missing before this position',
  HEAD_MISMATCH: 'the chain ends elsewhere than its recorded head (entries cut off or added at the end)',
  HEAD_MISSING: 'the chain has no recorded head',
  WRONG_CHAIN: 'the entry belongs to another chain',
};

/** Human report of a verification: one line per break, naming the chain, position and entry. */
export function formatVerification(result: JournalVerification): string {
  const head = `${result.chains} chain(s), ${result.entries} entries: ${result.ok ? 'INTACT' : `BROKEN (${result.breaks.length} problem(s))`}`;
  const lines = result.breaks.map(
    (b) =>
      `  ${b.chainId} #${b.seq}${b.entryId ? ` (entry ${b.entryId})` : ''}: ${b.reason} — ${EXPLAIN[b.reason] ?? ''}`,
  );
  return [head, ...lines].join('\n');
}

/** `kassa journal verify`: recomputes every hash chain; exit 1 and the exact places when one breaks. */
export function registerJournalCommand(program: Command): void {
  const journal = program.command('journal').description('the tamper-evident journal');
  journal
    .command('verify')
    .description('check every hash chain of the journal and report exactly where one breaks')
    .option('--json', 'print the report as JSON')
    .action(async (options: { json?: boolean }) => {
      await withDatabase(async (database) => {
        const started = Date.now();
        const result = await verifyJournal(database.db);
        out.line(
          options.json
            ? JSON.stringify(result, null, 2)
            : `${formatVerification(result)}\n(${Date.now() - started} ms)`,
        );
        if (!result.ok) process.exitCode = 1;
      });
    });
}
