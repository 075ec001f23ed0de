import { runCommand } from '../../db/run-command.ts';
import { failure, type Outcome } from '../../http/errors.ts';
import { transition, type AttemptEvent, type AttemptState } from './attempt-states.ts';
import type { PaymentsContext } from './payments-context.ts';
import { newServiceId } from './payments-context.ts';
import { findAttemptRow, recordPaymentEvent, recordPaymentIncident, updateAttempt, type AttemptRow } from './payments.repository.ts';
import { offlinePatch, scheduleUploadCheck } from './offline-uploads.ts';
import { scheduleResolve } from './resolve-jobs.ts';
import { terminalOf } from './terminals.repository.ts';
import type { TerminalOutcome } from './terminal-port.ts';

type Settled = { row: AttemptRow; reverse: boolean };
const RETRY = 'PAYMENTS_CONCURRENT_CHANGE';

function eventFor(via: 'response' | 'status', outcome: TerminalOutcome): AttemptEvent {
  if (outcome.status === 'unknown') return 'response.lost';
  return `${via}.${outcome.status}`;
}

function patchFor(outcome: TerminalOutcome, next: AttemptState, at: string, row?: AttemptRow): Partial<AttemptRow> {
  const base = { state: next, updated_at: at };
  if (outcome.status === 'approved') {
    const c = outcome.card;
    // An offline approval is recorded once, when it first arrives (a later status query repeats it).
    const offline = c.offline && row && row.offline !== 1 ? offlinePatch(c.offline, at) : {};
    return { ...base, progress: 'approved', brand: c.brand, masked_pan: c.maskedPan, entry_mode: c.entryMode, auth_code: c.authCode, provider_reference: c.providerReference, provider_time: c.providerTime, ...offline };
  }
  if (outcome.status === 'declined') return { ...base, progress: 'declined', failure_reason: outcome.reason, failure_message: outcome.message };
  if (outcome.status === 'cancelled') return { ...base, progress: 'cancelled', failure_reason: 'cancelled', failure_message: outcome.message };
  return { ...base, failure_reason: 'unknown', failure_message: `${outcome.message}: ask the terminal for the transaction status before trying again` };
}

/** One settling step in one transaction: read, apply the transition table, compare-and-set, trail. */
async function settleOnce(ctx: PaymentsContext, id: string, via: 'response' | 'status', outcome: TerminalOutcome): Promise<Outcome<Settled>> {
  const at = ctx.clock.now().toISOString();
  return runCommand(ctx.db, async (trx) => {
    const row = await findAttemptRow(trx, id);
    if (!row) return { ok: false, error: failure('PAYMENTS_NOT_FOUND', `Payment ${id} does not exist.`) };
    const event = eventFor(via, outcome);
    const t = transition(row.state as AttemptState, event, row.abort_requested === 1);
    if (!t.ok) {
      await recordPaymentEvent(trx, { attemptId: id, kind: 'ignored', from: row.state, to: row.state, details: { event, reason: t.reason }, at });
      return { ok: true, value: { row, reverse: false } };
    }
    if (t.reverse && row.reversal_status) return { ok: true, value: { row, reverse: false } };
    const patch = t.reverse
      ? { ...patchFor(outcome, t.next, at), state: t.next, progress: row.progress, reversal_status: 'pending', reversal_reason: row.abort_requested ? 'approved after the register gave up' : `approved after it was ${row.state}`, reversal_at: at }
      : patchFor(outcome, t.next, at, row);
    const updated = await updateAttempt(trx, row, patch);
    if (!updated) return { ok: false, error: failure(RETRY, 'changed meanwhile') };
    const offline = updated.offline === 1 && row.offline !== 1;
    await recordPaymentEvent(trx, { attemptId: id, kind: event, from: row.state, to: t.next, details: { reverse: t.reverse, ...(offline ? { offline: true } : {}) }, at });
    // An offline approval: its upload is followed until it is final or 24 h have passed (offline-uploads.ts).
    if (offline) await scheduleUploadCheck(trx, updated, at, ctx.uploadCheckMs);
    // Nobody may ask for an unknown attempt soon (the register crashed, the cardholder left): the sweep will.
    if (t.next === 'unknown') await scheduleResolve(trx, row, at, ctx.sweep.afterUnknownMs);
    return { ok: true, value: { row: updated, reverse: t.reverse } };
  });
}

/**
 * Records what the terminal said about an attempt. A late approval of an
 * attempt that is not (or no longer) wanted is reversed through the terminal
 * at once, outside the transaction, and reported as an incident.
 */
export async function settleAttempt(ctx: PaymentsContext, id: string, via: 'response' | 'status', outcome: TerminalOutcome): Promise<Outcome<AttemptRow>> {
  for (let attempt = 0; ; attempt++) {
    const settled = await settleOnce(ctx, id, via, outcome);
    if (!settled.ok && settled.error.code === RETRY && attempt < 5) continue;
    if (!settled.ok) return settled;
    ctx.log('payment settled', { attemptId: id, via, state: settled.value.row.state, brand: settled.value.row.brand, maskedPan: settled.value.row.masked_pan });
    if (settled.value.reverse) return { ok: true, value: await reverseLateApproval(ctx, settled.value.row) };
    return { ok: true, value: settled.value.row };
  }
}

/** Gives the money of an unwanted approval back (a nexo reversal of the original transaction). */
export async function reverseLateApproval(ctx: PaymentsContext, row: AttemptRow): Promise<AttemptRow> {
  const config = await terminalOf(ctx.db, row.terminal_id, row.register_id);
  if (!config || !row.provider_reference) return finishReversal(ctx, row, 'failed', 'no terminal or provider reference to reverse with');
  const outcome = await ctx.terminalFor(config).refund({
    serviceId: newServiceId(),
    reference: row.id,
    amount: Number(row.amount),
    currency: row.currency,
    original: { providerReference: row.provider_reference, providerTime: row.provider_time },
  });
  // An unknown reversal stays pending: the sweep (or the next status query) tries again; the terminal refuses to reverse twice.
  if (outcome.status === 'unknown') {
    await scheduleResolve(ctx.db, row, ctx.clock.now().toISOString(), ctx.sweep.afterUnknownMs);
    return row;
  }
  return finishReversal(ctx, row, outcome.status === 'approved' ? 'done' : 'failed', outcome.status === 'approved' ? 'reversed' : outcome.message);
}

async function finishReversal(ctx: PaymentsContext, row: AttemptRow, status: 'done' | 'failed', message: string): Promise<AttemptRow> {
  const at = ctx.clock.now().toISOString();
  const result = await runCommand(ctx.db, async (trx) => {
    const fresh = await findAttemptRow(trx, row.id);
    if (!fresh || fresh.reversal_status !== 'pending') return { ok: true as const, value: fresh ?? row };
    const updated = await updateAttempt(trx, fresh, { reversal_status: status, updated_at: at });
    if (!updated) return { ok: true as const, value: fresh };
    await recordPaymentEvent(trx, { attemptId: row.id, kind: `reversal.${status}`, from: fresh.state, to: fresh.state, details: { message }, at });
    const details = { providerReference: fresh.provider_reference, reason: fresh.reversal_reason, result: message };
    // Left open either way: a manager looks at every late approval, reversed or not.
    await recordPaymentIncident(trx, fresh, status === 'done' ? 'PAYMENT_LATE_APPROVAL_REVERSED' : 'PAYMENT_REVERSAL_FAILED', details, at, false);
    return { ok: true as const, value: updated };
  });
  return result.ok ? result.value : row;
}
