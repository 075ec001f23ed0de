import { createHash } from 'node:crypto';
import { runCommand } from '../../db/run-command.ts';
import { RetryAfter, scheduleJob, type ClaimedJob, type JobHandler } from '../../jobs/index.ts';
import type { PaymentsContext } from './payments-context.ts';
import {
  findAttemptRow,
  recordPaymentEvent,
  recordPaymentIncident,
  updateAttempt,
  type AttemptRow,
  type Executor,
} from './payments.repository.ts';
import { OFFLINE_UPLOAD_WINDOW_MS } from './offline-limits.ts';
import { terminalOf } from './terminals.repository.ts';
import type { CardFacts } from './terminal-port.ts';

/**
 * The upload of offline (store-and-forward) approvals (docs/PAYMENTS.md). The terminal keeps such
 * a transaction and sends it to its acquirer once it can; Kassa follows it with transaction-status
 * queries from an outbox job per offline approval (claimed by one worker at a time, like the
 * sweep) until the terminal says it was uploaded, or that the acquirer refused it (an incident: the
 * customer left with the goods and the money did not come), or until the 24 h window has passed
 * (an incident too). The sale stays recorded either way: nothing is undone, a manager follows up.
 */
export const UPLOAD_JOB = 'payments.offline-upload';

// A check every few minutes for a day; the deadline, not the tries, ends the job.
const MAX_TRIES = 100_000;

/** The upload job's id: derived from the attempt's (one job per offline approval, a UUID like every job id). */
export function uploadJobId(attemptId: string): string {
  const hex = createHash('sha256').update(`offline-upload:${attemptId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The columns an offline approval sets on its attempt: approved-at, the deadline and the upload state the terminal reported. */
export function offlinePatch(offline: NonNullable<CardFacts['offline']>, at: string): Partial<AttemptRow> {
  return {
    offline: 1,
    offline_approved_at: at,
    upload_deadline: new Date(Date.parse(at) + OFFLINE_UPLOAD_WINDOW_MS).toISOString(),
    upload_status: 'pending',
    upload_message: offline.message ?? null,
  };
}

/** Written in the transaction that records the offline approval: whoever runs the sweep follows the upload. */
export async function scheduleUploadCheck(
  trx: Executor,
  row: Pick<AttemptRow, 'id' | 'organisation_id'>,
  at: string,
  afterMs: number,
): Promise<void> {
  await scheduleJob(
    trx,
    {
      id: uploadJobId(row.id),
      type: UPLOAD_JOB,
      payload: { attemptId: row.id },
      organisationId: row.organisation_id,
      runAt: new Date(Date.parse(at) + afterMs).toISOString(),
      maxAttempts: MAX_TRIES,
    },
    at,
  );
}

type Final = { status: 'uploaded' | 'declined' | 'expired'; message: string | null };

/** Records the end of an upload once (compare-and-set on the attempt); a refused or late upload opens an incident. */
export async function finishUpload(
  ctx: PaymentsContext,
  id: string,
  final: Final,
): Promise<AttemptRow | undefined> {
  const at = ctx.clock.now().toISOString();
  const result = await runCommand(ctx.db, async (trx) => {
    const row = await findAttemptRow(trx, id);
    if (!row || row.upload_status !== 'pending') return { ok: true as const, value: row };
    const updated = await updateAttempt(trx, row, {
      upload_status: final.status,
      upload_checked_at: at,
      upload_message: final.message,
      updated_at: at,
    });
    if (!updated) return { ok: true as const, value: row };
    await recordPaymentEvent(trx, {
      attemptId: id,
      kind: `upload.${final.status}`,
      from: row.state,
      to: row.state,
      details: { message: final.message },
      at,
    });
    if (final.status !== 'uploaded') {
      await recordPaymentIncident(
        trx,
        row,
        final.status === 'declined' ? 'PAYMENT_OFFLINE_DECLINED_AT_UPLOAD' : 'PAYMENT_OFFLINE_NOT_UPLOADED',
        {
          brand: row.brand,
          maskedPan: row.masked_pan,
          approvedAt: row.offline_approved_at,
          uploadDeadline: row.upload_deadline,
          reason: final.message,
          // Said plainly for the manager: the sale is recorded and the goods are gone, the money is not in.
          consequence:
            final.status === 'declined'
              ? 'The card was approved offline and the customer left with the goods, but the acquirer refused the payment at upload: the money was not received.'
              : 'The card was approved offline, but the terminal had not uploaded it 24 hours later: the money may never arrive. Check the terminal and its settlement report.',
        },
        at,
        false,
      );
    }
    return { ok: true as const, value: updated };
  });
  return result.ok ? result.value : undefined;
}

/**
 * Asks the terminal once where an offline approval's upload stands and records it when final.
 * Answers the attempt as it is afterwards; `pending` means ask again later (not yet past the deadline).
 */
export async function checkUpload(ctx: PaymentsContext, row: AttemptRow): Promise<AttemptRow> {
  if (row.upload_status !== 'pending') return row;
  const config = await terminalOf(ctx.db, row.terminal_id, row.register_id);
  const status = config ? await ctx.terminalFor(config).transactionStatus(row.service_id) : undefined;
  const found = status?.status === 'found' ? status.outcome : undefined;
  if (found?.status === 'approved') {
    const upload = found.card.offline?.upload ?? 'uploaded';
    if (upload === 'uploaded')
      return (await finishUpload(ctx, row.id, { status: 'uploaded', message: null })) ?? row;
    if (upload === 'declined')
      return (
        (await finishUpload(ctx, row.id, {
          status: 'declined',
          message: found.card.offline?.message ?? 'declined by the acquirer at upload',
        })) ?? row
      );
  }
  if (ctx.clock.now().getTime() >= Date.parse(row.upload_deadline ?? row.created_at)) {
    const why =
      status?.status === 'unreachable'
        ? `the terminal did not answer (${status.message})`
        : status?.status === 'not_found'
          ? 'the terminal no longer knows the transaction'
          : 'still not uploaded by the terminal';
    return (
      (await finishUpload(ctx, row.id, {
        status: 'expired',
        message: `${why} 24 hours after the offline approval`,
      })) ?? row
    );
  }
  await runCommand(ctx.db, async (trx) => {
    await trx
      .updateTable('payment_attempts')
      .set({ upload_checked_at: ctx.clock.now().toISOString() })
      .where('id', '=', row.id)
      .execute();
    return { ok: true, value: null };
  });
  return (await findAttemptRow(ctx.db, row.id)) ?? row;
}

/** The job: check, and while still pending look again in `uploadCheckMs` (never past the deadline). */
export function offlineUploadHandler(ctx: PaymentsContext): JobHandler {
  return async (job: ClaimedJob) => {
    const { attemptId } = job.payload as { attemptId: string };
    const row = await findAttemptRow(ctx.db, attemptId);
    if (!row || row.upload_status !== 'pending') return;
    const checked = await checkUpload(ctx, row);
    if (checked.upload_status !== 'pending') {
      ctx.log('offline payment upload settled', { attemptId, upload: checked.upload_status });
      return;
    }
    const untilDeadline =
      Date.parse(checked.upload_deadline ?? checked.created_at) - ctx.clock.now().getTime();
    throw new RetryAfter(
      `offline payment ${attemptId}: not uploaded yet`,
      Math.max(1, Math.min(ctx.uploadCheckMs, untilDeadline)),
    );
  };
}
