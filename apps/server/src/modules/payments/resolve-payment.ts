import { runCommand } from '../../db/run-command.ts';
import { failure, type Outcome } from '../../http/errors.ts';
import { isOpen, type AttemptState } from './attempt-states.ts';
import type { PaymentsContext } from './payments-context.ts';
import { findAttemptRow, recordPaymentEvent, updateAttempt, type AttemptRow } from './payments.repository.ts';
import { checkUpload } from './offline-uploads.ts';
import { scheduleResolve } from './resolve-jobs.ts';
import { reverseLateApproval, settleAttempt } from './settle-attempt.ts';
import type { PaymentCaller } from './start-payment.ts';
import { terminalOf } from './terminals.repository.ts';

const notFound = (id: string) => ({ ok: false as const, error: failure('PAYMENTS_NOT_FOUND', `Payment ${id} does not exist or is not visible to you.`) });

/** The attempt if the caller may see it (another organisation's or store's attempt is "not found"). */
export async function visibleAttempt(ctx: PaymentsContext, caller: PaymentCaller, id: string): Promise<Outcome<AttemptRow>> {
  const row = await findAttemptRow(ctx.db, id);
  if (!row || row.organisation_id !== caller.organisationId || !caller.canSeeStore(row.store_id)) return notFound(id);
  return { ok: true, value: row };
}

/**
 * Asks the terminal what became of an attempt: the only way out of
 * `unknown`, and how a crash during authorisation is cleaned up. On a settled
 * decline or cancel it still asks, so a late approval is found and reversed.
 */
export async function checkAttemptStatus(ctx: PaymentsContext, caller: PaymentCaller, id: string): Promise<Outcome<AttemptRow>> {
  const visible = await visibleAttempt(ctx, caller, id);
  return visible.ok ? resolveAttempt(ctx, visible.value) : visible;
}

/** The status query itself, for a register that asks and for the background sweep alike. */
export async function resolveAttempt(ctx: PaymentsContext, row: AttemptRow): Promise<Outcome<AttemptRow>> {
  const id = row.id;
  if (row.reversal_status === 'pending') return { ok: true, value: await reverseLateApproval(ctx, row) };
  // An offline approval: asking means asking where its upload stands.
  if (row.state === 'approved' && row.upload_status === 'pending') return { ok: true, value: await checkUpload(ctx, row) };
  // The call is still running in this process: it will settle the attempt itself.
  if (row.state === 'approved' || ctx.tasks.has(id)) return { ok: true, value: row };
  const config = await terminalOf(ctx.db, row.terminal_id, row.register_id);
  if (!config) return notFound(id);
  const status = await ctx.terminalFor(config).transactionStatus(row.service_id);
  if (status.status === 'unreachable') {
    return { ok: false, error: failure('PAYMENTS_TERMINAL_UNREACHABLE', `The terminal did not answer the status query (${status.message}): check that it is on and connected, then ask again.`, { attemptId: id, state: row.state }) };
  }
  if (status.status === 'found') return settleAttempt(ctx, id, 'status', status.outcome);
  if (status.status === 'not_found' && isOpen(row.state as AttemptState)) {
    // The terminal never received the request (e.g. the server died before sending it): nothing was charged.
    const settled = await settleAttempt(ctx, id, 'status', { status: 'cancelled', message: 'the terminal never received this payment' });
    // Unless it was still on its way: the sweep asks once more later, and a late approval is reversed.
    await scheduleResolve(ctx.db, row, ctx.clock.now().toISOString(), ctx.sweep.afterStartMs);
    return settled;
  }
  return { ok: true, value: (await findAttemptRow(ctx.db, id)) ?? row };
}

/**
 * The register gives up on an attempt: the terminal is told to stop, and
 * the attempt is marked abandoned so that an approval that still arrives is
 * reversed instead of paying the sale. An approved attempt cannot be aborted
 * (refund it instead).
 */
export async function abortAttempt(ctx: PaymentsContext, caller: PaymentCaller, id: string): Promise<Outcome<AttemptRow>> {
  const visible = await visibleAttempt(ctx, caller, id);
  if (!visible.ok) return visible;
  if (visible.value.state === 'approved') {
    return { ok: false, error: failure('PAYMENTS_ALREADY_APPROVED', `Payment ${id} is already approved: refund it instead (POST /api/v1/payments/${id}/refunds).`, { attemptId: id }) };
  }
  if (!isOpen(visible.value.state as AttemptState)) return { ok: true, value: visible.value };
  const at = ctx.clock.now().toISOString();
  const marked = await runCommand(ctx.db, async (trx) => {
    const row = await findAttemptRow(trx, id);
    if (!row || row.abort_requested === 1 || !isOpen(row.state as AttemptState)) return { ok: true as const, value: row ?? visible.value };
    const updated = await updateAttempt(trx, row, { abort_requested: 1, updated_at: at });
    if (!updated) return { ok: true as const, value: row };
    await recordPaymentEvent(trx, { attemptId: id, kind: 'abort_requested', from: row.state, to: row.state, at });
    return { ok: true as const, value: updated };
  });
  if (!marked.ok) return marked;
  const config = await terminalOf(ctx.db, marked.value.terminal_id, marked.value.register_id);
  if (config) await ctx.terminalFor(config).abort(marked.value.service_id).catch(() => undefined);
  return { ok: true, value: (await findAttemptRow(ctx.db, id)) ?? marked.value };
}

/** Waits (bounded) for the terminal call of an attempt running in this process: the register's long-poll. */
export async function waitForAttempt(ctx: PaymentsContext, id: string, waitMs: number): Promise<void> {
  const task = ctx.tasks.get(id);
  if (!task || waitMs <= 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([task, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
  clearTimeout(timer);
}
