import { registerErrorStatuses } from '../../http/errors.ts';

/** Error codes of the payments module and their HTTP statuses. */
export const PAYMENTS_ERRORS = {
  PAYMENTS_NOT_FOUND: 404,
  PAYMENTS_ID_REUSED: 409,
  PAYMENTS_ATTEMPT_PENDING: 409,
  PAYMENTS_ALREADY_APPROVED: 409,
  PAYMENTS_REGISTER_NOT_FOUND: 422,
  PAYMENTS_TERMINAL_NOT_FOUND: 422,
  PAYMENTS_CURRENCY_MISMATCH: 422,
  PAYMENTS_NOT_REFUNDABLE: 422,
  PAYMENTS_REFUND_EXCEEDS_PAYMENT: 422,
  PAYMENTS_TERMINAL_UNREACHABLE: 503,
  PAYMENTS_TERMINAL_ID_REUSED: 409,
  PAYMENTS_STORE_NOT_FOUND: 422,
  PAYMENTS_TERMINAL_KEY_UNKNOWN: 422,
  // Offline (store-and-forward) limits of a store.
  PAYMENTS_SETTINGS_INVALID: 422,
  PAYMENTS_SETTINGS_STALE_VERSION: 409,
  PAYMENTS_SETTINGS_STORE_NOT_FOUND: 404,
  // Two writers kept changing the same attempt (retried five times first).
  PAYMENTS_CONCURRENT_CHANGE: 409,
  // Raised by the sale check (recordSale) through verifyCardTenders: a sale
  // is never recorded as paid by card without an approved attempt.
  SALES_CARD_NOT_APPROVED: 422,
  SALES_CARD_AMOUNT_MISMATCH: 422,
  SALES_CARD_PAYMENT_OF_OTHER_SALE: 422,
  // Money back for a card payment goes back through the terminal, to that card (voids and returns).
  SALES_CARD_REFUND_REQUIRED: 422,
  SALES_CARD_REFUND_UNMATCHED: 422,
  SALES_CARD_REFUND_OF_OTHER_PAYMENT: 422,
  SALES_CARD_REFUND_NOT_TO_ORIGINAL_CARD: 422,
} as const;

registerErrorStatuses(PAYMENTS_ERRORS);
