import { scheduleJob } from '../../jobs/index.ts';
import type { AttemptRow, Executor } from './payments.repository.ts';

/** The sweep's job type: one job per attempt (its id is the attempt's), run by the outbox worker. */
export const RESOLVE_JOB = 'payments.resolve';

// Backoff doubles up to 10 minutes (jobs.repository.ts): 40 tries keep asking a switched-off terminal for hours.
const MAX_TRIES = 40;

/**
 * Makes sure the sweep looks at an attempt `afterMs` from `at` unless someone resolves it first:
 * written in the same transaction as the change that may leave it unresolved (its start, `unknown`),
 * so a server that dies right after still has it checked, by whichever instance claims the job.
 */
export async function scheduleResolve(
  trx: Executor,
  row: Pick<AttemptRow, 'id' | 'organisation_id'>,
  at: string,
  afterMs: number,
): Promise<void> {
  const runAt = new Date(Date.parse(at) + afterMs).toISOString();
  await scheduleJob(
    trx,
    {
      id: row.id,
      type: RESOLVE_JOB,
      payload: { attemptId: row.id },
      organisationId: row.organisation_id,
      runAt,
      maxAttempts: MAX_TRIES,
    },
    at,
  );
}
