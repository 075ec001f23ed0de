import type { PaymentAttempt, PaymentTerminalConfig } from '@kassa/contracts';
import type { RegisterDatabase } from '../db/database.ts';
import type { ApiClient, ApiResult } from '../sync/api.ts';

/**
 * The register's side of card payments (PAYMENTS.md): the server talks to the terminal, the
 * register starts an attempt for the sale and follows it. Nothing here decides an outcome: the
 * attempt's state on the server is the only truth, also after a reload.
 */
export type Attempt = PaymentAttempt;
export type Terminal = PaymentTerminalConfig;

const TERMINALS_KEY = 'paymentTerminals';

/** The terminals this register may use (its own first), refreshed when online and kept for offline starts. */
export async function refreshTerminals(db: RegisterDatabase, api: ApiClient, token: string, registerId: string): Promise<Terminal[] | null> {
  const answer = await api.call<{ items: Terminal[] }>('GET', `/api/v1/registers/${registerId}/payment-terminals`, { token });
  if (!answer.ok) return null;
  await db.meta.put({ key: TERMINALS_KEY, value: answer.value.items });
  return answer.value.items;
}

export async function knownTerminals(db: RegisterDatabase): Promise<Terminal[]> {
  return ((await db.meta.get(TERMINALS_KEY))?.value as Terminal[] | undefined) ?? [];
}

export interface StartInput {
  id: string;
  saleId: string;
  registerId: string;
  terminalId: string;
  amount: number;
  currency: string;
}

/** Creates and starts the attempt (idempotent by its id: sending it again after a lost answer is safe). */
export function startAttempt(api: ApiClient, token: string, input: StartInput): Promise<ApiResult<Attempt>> {
  return api.call<Attempt>('POST', '/api/v1/payments', { token, body: input });
}

/** Long-poll: answers when the terminal call ends or after `waitMs`. */
export function readAttempt(api: ApiClient, token: string, id: string, waitMs: number): Promise<ApiResult<Attempt>> {
  return api.call<Attempt>('GET', `/api/v1/payments/${id}?waitMs=${waitMs}`, { token, timeoutMs: waitMs + 10_000 });
}

export function abortAttempt(api: ApiClient, token: string, id: string): Promise<ApiResult<Attempt>> {
  return api.call<Attempt>('POST', `/api/v1/payments/${id}/abort`, { token });
}

/** The transaction-status query: the only way out of `unknown` (503 when the terminal does not answer). */
export function queryAttemptStatus(api: ApiClient, token: string, id: string): Promise<ApiResult<Attempt>> {
  return api.call<Attempt>('POST', `/api/v1/payments/${id}/status`, { token, timeoutMs: 30_000 });
}

/** The attempt still open on this sale (a 409 PAYMENTS_ATTEMPT_PENDING names it). */
export function pendingAttemptOf(error: { code: string; details?: Record<string, unknown> }): string | null {
  if (error.code !== 'PAYMENTS_ATTEMPT_PENDING') return null;
  const id = error.details?.attemptId;
  return typeof id === 'string' ? id : null;
}

export const FINAL_STATES = new Set<Attempt['state']>(['approved', 'declined', 'cancelled']);
