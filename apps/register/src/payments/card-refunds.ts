import type { ApiClient, ApiResult } from '../sync/api.ts';
import { queryAttemptStatus, readAttempt, type Attempt } from './card-attempts.ts';

export interface RefundInput {
  /** The refund attempt's own id: sending it again after a lost answer starts nothing new. */
  id: string;
  amount: number;
  saleId: string;
  registerId: string;
}

/**
 * A referenced refund of an approved card payment through the terminal
 * (POST /api/v1/payments/{id}/refunds, PAYMENTS.md): followed like a payment afterwards.
 * Needs `sales.refund` (a cashier brings a manager's approval in the headers).
 */
export function refundCardPayment(
  api: ApiClient,
  token: string,
  paymentId: string,
  input: RefundInput,
  headers?: Record<string, string>,
): Promise<ApiResult<Attempt>> {
  return api.call<Attempt>('POST', `/api/v1/payments/${paymentId}/refunds`, { token, body: input, ...(headers ? { headers } : {}) });
}

const FINAL = new Set<Attempt['state']>(['approved', 'declined', 'cancelled']);

/**
 * Follows an attempt (a refund) to the terminal's outcome by long-polling, asking the terminal once
 * when the outcome is unknown. Null when the server stayed unreachable; an `unknown` attempt when
 * the terminal could not tell either (the same attempt is followed again later, never a new one).
 */
export async function followToOutcome(
  api: ApiClient,
  token: string,
  id: string,
  onProgress: (attempt: Attempt) => void = () => {},
): Promise<Attempt | null> {
  for (let failures = 0; failures < 30; ) {
    const answer = await readAttempt(api, token, id, 1000);
    if (!answer.ok) {
      failures += 1;
      await new Promise((r) => setTimeout(r, Math.min(5000, 500 * failures)));
      continue;
    }
    const attempt = answer.value;
    if (FINAL.has(attempt.state)) return attempt;
    if (attempt.state === 'unknown') {
      const asked = await queryAttemptStatus(api, token, id);
      return asked.ok ? asked.value : attempt;
    }
    onProgress(attempt);
  }
  return null;
}

export const isFinal = (attempt: Attempt) => FINAL.has(attempt.state);
