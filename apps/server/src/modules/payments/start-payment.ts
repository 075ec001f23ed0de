import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { runCommand, type UniqueViolation } from '../../db/run-command.ts';
import { failure, type Outcome } from '../../http/errors.ts';
import { requestHash } from '../../http/idempotency.ts';
import { newServiceId, type PaymentsContext } from './payments-context.ts';
import { findAttemptRow, findOpenAttempt, recordPaymentEvent, refundedAmountOf, type AttemptRow } from './payments.repository.ts';
import { scheduleResolve } from './resolve-jobs.ts';
import { settleAttempt } from './settle-attempt.ts';
import { businessDayOf } from '../../lib/business-day.ts';
import { offlineAllowance } from './offline-limits.ts';
import { configOf, findUsableTerminal, terminalOf } from './terminals.repository.ts';
import type { ProgressEvent } from './terminal-port.ts';

/** Who asks, from the credential (never the body). */
export interface PaymentCaller {
  organisationId: string;
  staffId: string | null;
  canSeeStore(storeId: string): boolean;
}

export interface NewAttempt {
  id: string;
  kind: 'payment' | 'refund';
  saleId: string;
  registerId: string;
  terminalId: string;
  amount: number;
  currency: string;
  original?: AttemptRow;
}

const fail = (code: string, message: string, details?: Record<string, unknown>) => ({ ok: false as const, error: failure(code, message, details) });

const pending = (open: AttemptRow) =>
  fail('PAYMENTS_ATTEMPT_PENDING', `Card attempt ${open.id} of this sale is still ${open.state === 'unknown' ? 'unknown' : 'running'}: ${open.state === 'unknown' ? 'ask the terminal for its status (POST …/status)' : 'wait for it or abort it'} before starting another one.`, { attemptId: open.id, state: open.state });

function replay(row: AttemptRow, caller: PaymentCaller, hash: string): Outcome<{ row: AttemptRow; replayed: boolean }> {
  if (row.organisation_id !== caller.organisationId || row.request_hash !== hash) {
    return fail('PAYMENTS_ID_REUSED', `Payment id ${row.id} was already used for another payment: a new attempt needs a new id.`, { id: row.id });
  }
  return { ok: true, value: { row, replayed: true } };
}

/** Checks and inserts the attempt, then marks it in progress: recorded before any byte goes to the terminal. */
async function insertAttempt(
  ctx: PaymentsContext,
  trx: Transaction<DB>,
  caller: PaymentCaller,
  input: NewAttempt,
  hash: string,
  at: string,
): Promise<Outcome<{ inserted: AttemptRow } | { existing: AttemptRow }>> {
  const register = await trx
    .selectFrom('registers')
    .innerJoin('stores', 'stores.id', 'registers.store_id')
    .select(['stores.id as store_id', 'stores.organisation_id', 'stores.currency', 'stores.time_zone'])
    .where('registers.id', '=', input.registerId)
    .executeTakeFirst();
  if (!register || register.organisation_id !== caller.organisationId || !caller.canSeeStore(register.store_id)) {
    return fail('PAYMENTS_REGISTER_NOT_FOUND', `Register ${input.registerId} does not exist or is not yours.`, { field: 'registerId' });
  }
  const terminal = await findUsableTerminal(trx, caller.organisationId, register.store_id, input.registerId, input.terminalId);
  if (!terminal) {
    return fail('PAYMENTS_TERMINAL_NOT_FOUND', `Terminal ${input.terminalId} is not a terminal of this register's store: pick one from GET /api/v1/payment-terminals.`, { field: 'terminalId' });
  }
  if (input.currency !== register.currency) return fail('PAYMENTS_CURRENCY_MISMATCH', `The store takes ${register.currency}, not ${input.currency}.`, { field: 'currency' });
  const open = await findOpenAttempt(trx, input.saleId, input.kind);
  // The open attempt may be this very one, committed by a double tap between two reads: the caller replays it.
  if (open) return open.id === input.id ? { ok: true, value: { existing: open } } : pending(open);
  if (input.original) {
    // Refunds of one payment are created one at a time: the row lock (PostgreSQL; SQLite has one writer)
    // makes a racing refund wait and then count this one, so together they never exceed the payment.
    await trx.updateTable('payment_attempts').set((eb) => ({ version: eb.ref('version') })).where('id', '=', input.original.id).execute();
    const left = Number(input.original.amount) - (await refundedAmountOf(trx, input.original.id, true));
    if (input.amount > left) return fail('PAYMENTS_REFUND_EXCEEDS_PAYMENT', `Only ${left} of payment ${input.original.id} is left to refund.`, { field: 'amount', left });
  }
  const businessDay = businessDayOf(at, register.time_zone);
  // Refunds always need the acquirer; a payment may go offline only within the store's limits, on a terminal that can.
  const allowance =
    input.kind === 'payment'
      ? await offlineAllowance(trx, { storeId: register.store_id, businessDay, storeAndForward: ctx.terminalFor(configOf(terminal, input.registerId)).capabilities.storeAndForward })
      : 0;
  const row: AttemptRow = {
    id: input.id, organisation_id: caller.organisationId, store_id: register.store_id, register_id: input.registerId, terminal_id: input.terminalId, sale_id: input.saleId, kind: input.kind,
    original_attempt_id: input.original?.id ?? null, amount: input.amount, currency: input.currency, state: 'in_progress', version: 1, request_hash: hash, service_id: newServiceId(),
    progress: null, abort_requested: 0, brand: null, masked_pan: null, entry_mode: null, auth_code: null, provider_reference: null, provider_time: null, failure_reason: null, failure_message: null,
    reversal_status: null, reversal_reason: null, reversal_at: null, staff_id: caller.staffId, created_at: at, updated_at: at,
    offline_allowance: allowance, business_day: businessDay, offline: 0, offline_approved_at: null, upload_deadline: null, upload_status: null, upload_checked_at: null, upload_message: null,
  };
  await trx.insertInto('payment_attempts').values(row).execute();
  await recordPaymentEvent(trx, { attemptId: row.id, kind: 'created', from: null, to: 'created', at });
  await recordPaymentEvent(trx, { attemptId: row.id, kind: 'start', from: 'created', to: 'in_progress', details: { serviceId: row.service_id, offlineAllowance: allowance }, at });
  // If this server dies during the call, the sweep still asks the terminal once the call would have timed out.
  await scheduleResolve(trx, row, at, ctx.sweep.afterStartMs);
  return { ok: true, value: { inserted: row } };
}

async function onConflict(ctx: PaymentsContext, caller: PaymentCaller, input: NewAttempt, hash: string, violation: UniqueViolation): Promise<Outcome<{ row: AttemptRow; replayed: boolean }>> {
  const same = await findAttemptRow(ctx.db, input.id);
  if (same) return replay(same, caller, hash);
  const open = violation.columns.includes('sale_id') ? await findOpenAttempt(ctx.db, input.saleId, input.kind) : undefined;
  if (open) return pending(open);
  throw new Error(`Unexpected unique violation on ${violation.table}(${violation.columns.join(', ')})`);
}

/**
 * Creates a card attempt (idempotent by its id) and starts it on the
 * terminal in the background; the register follows it with GET (long-poll).
 * The terminal is called outside any transaction; state is recorded before
 * the call (in_progress) and after it (the outcome).
 */
export async function startAttempt(ctx: PaymentsContext, caller: PaymentCaller, input: NewAttempt): Promise<Outcome<{ row: AttemptRow; replayed: boolean }>> {
  const hash = requestHash({ ...input, original: input.original?.id ?? null });
  const stored = await findAttemptRow(ctx.db, input.id);
  if (stored) return replay(stored, caller, hash);
  const at = ctx.clock.now().toISOString();
  const created = await runCommand(
    ctx.db,
    async (trx) => {
      // A double tap: the same id may have been recorded since the read above (then it is this attempt, not another one pending).
      const same = await findAttemptRow(trx, input.id);
      if (same) return replay(same, caller, hash);
      const row = await insertAttempt(ctx, trx, caller, input, hash, at);
      if (!row.ok) return row;
      return 'existing' in row.value ? replay(row.value.existing, caller, hash) : { ok: true as const, value: { row: row.value.inserted, replayed: false } };
    },
    (violation) => onConflict(ctx, caller, input, hash, violation),
  );
  if (created.ok && !created.value.replayed) launch(ctx, created.value.row);
  return created;
}

/** Runs the terminal call for an attempt and records its outcome; progress is written as it comes. */
function launch(ctx: PaymentsContext, row: AttemptRow): void {
  const task = (async () => {
    const config = await terminalOf(ctx.db, row.terminal_id, row.register_id);
    if (!config) return;
    let writes = Promise.resolve();
    const onProgress = (event: ProgressEvent) => {
      writes = writes.then(() => writeProgress(ctx, row.id, event)).catch(() => undefined);
    };
    const terminal = ctx.terminalFor(config);
    const input = { serviceId: row.service_id, reference: row.id, amount: Number(row.amount), currency: row.currency, onProgress, offlineLimit: Number(row.offline_allowance ?? 0) };
    const original = row.original_attempt_id ? await findAttemptRow(ctx.db, row.original_attempt_id) : undefined;
    const outcome =
      row.kind === 'payment'
        ? await terminal.pay(input)
        : await terminal.refund({ ...input, ...(original?.provider_reference ? { original: { providerReference: original.provider_reference, providerTime: original.provider_time } } : {}) });
    await writes;
    await settleAttempt(ctx, row.id, 'response', outcome);
  })()
    .catch((error: unknown) => ctx.log('payment task failed', { attemptId: row.id, error: error instanceof Error ? error.message : String(error) }))
    .finally(() => ctx.tasks.delete(row.id));
  ctx.tasks.set(row.id, task);
}

/** Progress only while the attempt runs: a late progress event never overwrites the outcome. */
async function writeProgress(ctx: PaymentsContext, id: string, event: ProgressEvent): Promise<void> {
  await runCommand(ctx.db, async (trx) => {
    await trx.updateTable('payment_attempts').set({ progress: event }).where('id', '=', id).where('state', '=', 'in_progress').execute();
    return { ok: true, value: null };
  });
}
