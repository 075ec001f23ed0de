import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { RetryAfter, type ClaimedJob, type JobHandler, type JobHandlerLoaders } from '../../jobs/index.ts';
import { systemClock, type Clock } from '../../lib/clock.ts';
import { isOpen, type AttemptState } from './attempt-states.ts';
import { createPaymentsContext, type PaymentSettings, type PaymentsContext } from './payments-context.ts';
import { findAttemptRow, type AttemptRow } from './payments.repository.ts';
import { resolveAttempt } from './resolve-payment.ts';
import { RESOLVE_JOB } from './resolve-jobs.ts';
import { offlineUploadHandler, UPLOAD_JOB } from './offline-uploads.ts';

const unresolved = (row: AttemptRow) =>
  isOpen(row.state as AttemptState) || row.reversal_status === 'pending';

/**
 * The background sweep (docs/PAYMENTS.md): resolves an attempt nobody asked
 * about with the same status query a register sends (resolveAttempt), so an
 * unknown attempt is settled, a late approval of an abandoned one is reversed
 * once, and a pending reversal is retried. Each attempt is one outbox job,
 * claimed by one worker at a time (FOR UPDATE SKIP LOCKED on PostgreSQL), so
 * several server instances never ask twice at once; the attempt's
 * compare-and-set decides if a register asks at the same moment. Throwing
 * means "ask again later": soon when the terminal is still at it (RetryAfter),
 * with the worker's backoff when it did not answer.
 */
export function paymentSweepHandler(ctx: PaymentsContext): JobHandler {
  return async (job: ClaimedJob) => {
    const { attemptId } = job.payload as { attemptId: string };
    const row = await findAttemptRow(ctx.db, attemptId);
    // Approved and nothing to give back, or a late approval already reversed (or reported as not reversible): done.
    if (
      !row ||
      (row.state === 'approved' && row.reversal_status !== 'pending') ||
      row.reversal_status === 'done' ||
      row.reversal_status === 'failed'
    )
      return;
    if (ctx.tasks.has(row.id)) {
      throw new RetryAfter(
        `payment ${row.id}: the terminal call is still running here`,
        ctx.sweep.afterUnknownMs,
      );
    }
    const resolved = await resolveAttempt(ctx, row);
    // A settled decline or cancel is asked about once, for a late approval; a terminal that does not answer then is let be.
    if (!resolved.ok) {
      if (!unresolved(row)) return;
      throw new Error(`payment ${row.id} is still ${row.state}: ${resolved.error.message}`);
    }
    // The terminal answered but is still at it (the cardholder, or another server's call): look again soon.
    if (isOpen(resolved.value.state as AttemptState)) {
      throw new RetryAfter(
        `payment ${row.id} is still ${resolved.value.state} at the terminal`,
        ctx.sweep.afterUnknownMs,
      );
    }
    // Settled unpaid just now (declined, or "not found" while the request may still be on its way): asked once more later, for a late approval.
    if (
      isOpen(row.state as AttemptState) &&
      !resolved.value.reversal_status &&
      resolved.value.state !== 'approved'
    ) {
      throw new RetryAfter(
        `payment ${row.id} settled as ${resolved.value.state}: one more look later, for a late approval`,
        ctx.sweep.afterStartMs,
      );
    }
    // An unknown reversal: the terminal did not answer it, so back off like any failure.
    if (resolved.value.reversal_status === 'pending')
      throw new Error(`payment ${row.id}: its reversal is still pending`);
    ctx.log('payment resolved by the sweep', {
      attemptId: row.id,
      from: row.state,
      state: resolved.value.state,
      reversal: resolved.value.reversal_status,
    });
  };
}

/** The sweep's handlers for a JobWorker (server.ts starts one beside the receipts' worker): unresolved attempts, and offline approvals' uploads. */
export function paymentJobHandlers(deps: {
  db: Kysely<DB>;
  settings: PaymentSettings;
  clock?: Clock;
  log?: PaymentsContext['log'];
}): JobHandlerLoaders {
  const ctx = createPaymentsContext({
    db: deps.db,
    clock: deps.clock ?? systemClock,
    settings: deps.settings,
    log: deps.log ?? (() => undefined),
  });
  const handler = paymentSweepHandler(ctx);
  const uploads = offlineUploadHandler(ctx);
  return { [RESOLVE_JOB]: async () => handler, [UPLOAD_JOB]: async () => uploads };
}
