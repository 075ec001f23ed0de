import type { ApiClient, ApiResult } from '../sync/api.ts';
import type { Attempt } from './card-attempts.ts';

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
