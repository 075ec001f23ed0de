import type { Kysely, Selectable, Transaction } from 'kysely';
import type { PaymentAttempt } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import type { PaymentAttemptsTable } from '../../db/schema-payments.ts';
import { uuidv7 } from '../../lib/uuidv7.ts';
import type { AttemptState } from './attempt-states.ts';

export type Executor = Kysely<DB> | Transaction<DB>;
export type AttemptRow = Selectable<PaymentAttemptsTable>;

/** A stored row → the API shape (camelCase, numbers, booleans). */
export function toAttempt(row: AttemptRow, refundedAmount: number): PaymentAttempt {
  return {
    id: row.id,
    kind: row.kind as PaymentAttempt['kind'],
    saleId: row.sale_id,
    storeId: row.store_id,
    registerId: row.register_id,
    terminalId: row.terminal_id,
    originalPaymentId: row.original_attempt_id,
    amount: Number(row.amount),
    currency: row.currency,
    state: row.state as AttemptState,
    progress: row.progress as PaymentAttempt['progress'],
    abortRequested: row.abort_requested === 1,
    card: { brand: row.brand, maskedPan: row.masked_pan, entryMode: row.entry_mode, authCode: row.auth_code, providerReference: row.provider_reference },
    failure: row.failure_reason ? { reason: row.failure_reason, message: row.failure_message ?? '' } : null,
    reversal: row.reversal_status
      ? { status: row.reversal_status as 'pending' | 'done' | 'failed', reason: row.reversal_reason ?? '', at: row.reversal_at ?? row.updated_at }
      : null,
    refundedAmount,
    offlineAllowance: Number(row.offline_allowance ?? 0),
    offline:
      row.offline === 1 && row.offline_approved_at
        ? {
            approvedAt: row.offline_approved_at,
            uploadDeadline: row.upload_deadline ?? row.offline_approved_at,
            upload: (row.upload_status ?? 'pending') as 'pending' | 'uploaded' | 'declined' | 'expired',
            uploadCheckedAt: row.upload_checked_at,
            uploadMessage: row.upload_message,
          }
        : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findAttemptRow(db: Executor, id: string): Promise<AttemptRow | undefined> {
  return db.selectFrom('payment_attempts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Approved refunds of a payment, plus (with `open`) those that may still take money back. */
export async function refundedAmountOf(db: Executor, attemptId: string, open = false): Promise<number> {
  const states = open ? ['approved', 'created', 'in_progress', 'unknown'] : ['approved'];
  const row = await db
    .selectFrom('payment_attempts')
    .select((eb) => eb.fn.sum<number>('amount').as('sum'))
    .where('original_attempt_id', '=', attemptId)
    .where('state', 'in', states)
    .where('reversal_status', 'is', null)
    .executeTakeFirst();
  return Number(row?.sum ?? 0);
}

/** The open attempt of a sale (created, in progress or unknown), if any. */
export async function findOpenAttempt(db: Executor, saleId: string, kind: string): Promise<AttemptRow | undefined> {
  return db.selectFrom('payment_attempts').selectAll().where('sale_id', '=', saleId).where('kind', '=', kind).where('state', 'in', ['created', 'in_progress', 'unknown']).executeTakeFirst();
}

/** Appends to the attempt's event trail (what happened, from which state to which, when). */
export async function recordPaymentEvent(
  db: Executor,
  event: { attemptId: string; kind: string; from: string | null; to: string | null; details?: Record<string, unknown>; at: string },
): Promise<void> {
  await db
    .insertInto('payment_events')
    .values({ id: uuidv7(), attempt_id: event.attemptId, kind: event.kind, from_state: event.from, to_state: event.to, details: JSON.stringify(event.details ?? {}), at: event.at })
    .execute();
}

/**
 * Writes a change to an attempt only if nobody changed it since it was read
 * (compare-and-set on `version`): a terminal response and a status query
 * settling the same attempt at once cannot both win.
 */
export async function updateAttempt(trx: Executor, row: AttemptRow, patch: Partial<Omit<AttemptRow, 'id' | 'version'>>): Promise<AttemptRow | undefined> {
  const result = await trx
    .updateTable('payment_attempts')
    .set({ ...patch, version: row.version + 1 })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return undefined;
  return { ...row, ...patch, version: row.version + 1 };
}

export type PaymentIncidentKind =
  | 'PAYMENT_LATE_APPROVAL_REVERSED'
  | 'PAYMENT_REVERSAL_FAILED'
  | 'PAYMENT_LATE_APPROVAL'
  // An offline approval the acquirer refused at upload: the customer left with the goods, the money did not come.
  | 'PAYMENT_OFFLINE_DECLINED_AT_UPLOAD'
  // An offline approval not uploaded within 24 h: the acquirer may refuse it, or it never left the terminal.
  | 'PAYMENT_OFFLINE_NOT_UPLOADED';

export const PAYMENT_INCIDENT_KINDS: PaymentIncidentKind[] = ['PAYMENT_LATE_APPROVAL_REVERSED', 'PAYMENT_REVERSAL_FAILED', 'PAYMENT_LATE_APPROVAL', 'PAYMENT_OFFLINE_DECLINED_AT_UPLOAD', 'PAYMENT_OFFLINE_NOT_UPLOADED'];

/** A late approval that was reversed (or could not be), or an offline payment whose money did not come, is something a manager must see. */
export async function recordPaymentIncident(
  db: Executor,
  row: AttemptRow,
  kind: PaymentIncidentKind,
  details: Record<string, unknown>,
  at: string,
  resolved: boolean,
): Promise<void> {
  await db
    .insertInto('incidents')
    .values({
      id: uuidv7(),
      organisation_id: row.organisation_id,
      store_id: row.store_id,
      register_id: row.register_id,
      kind,
      reference_id: row.id,
      details: JSON.stringify({ attemptId: row.id, saleId: row.sale_id, amount: Number(row.amount), currency: row.currency, ...details }),
      created_at: at,
      resolved_at: resolved ? at : null,
    })
    .execute();
}

export interface AttemptFilter {
  organisationId: string;
  saleId?: string;
  registerId?: string;
  state?: string;
  storeIds: 'all' | string[];
  beforeId?: string;
  limit: number;
}

/** Attempts newest first (UUIDv7 ids sort by creation), keyset-paginated by id. */
export async function listAttemptRows(db: Executor, filter: AttemptFilter): Promise<AttemptRow[]> {
  let query = db.selectFrom('payment_attempts').selectAll().where('organisation_id', '=', filter.organisationId);
  if (filter.saleId) query = query.where('sale_id', '=', filter.saleId);
  if (filter.registerId) query = query.where('register_id', '=', filter.registerId);
  if (filter.state) query = query.where('state', '=', filter.state);
  if (filter.storeIds !== 'all') query = query.where('store_id', 'in', filter.storeIds.length > 0 ? filter.storeIds : ['-']);
  if (filter.beforeId) query = query.where('id', '<', filter.beforeId);
  return query.orderBy('id', 'desc').limit(filter.limit + 1).execute();
}
