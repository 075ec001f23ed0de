import { registerErrorStatuses } from '../../http/errors.ts';

/** Error codes of the cash module and their HTTP statuses. */
export const CASH_ERRORS = {
  CASH_ID_REUSED: 409,
  CASH_SHIFT_ALREADY_OPEN: 409,
  CASH_UNKNOWN_REGISTER: 404,
  CASH_UNKNOWN_STORE: 404,
  CASH_SHIFT_NOT_FOUND: 404,
  CASH_Z_REPORT_NOT_FOUND: 404,
  CASH_SHIFT_CLOSED: 422,
  CASH_SHIFT_TOO_OLD: 422,
  CASH_INVALID_COUNT: 422,
  CASH_TENDER_UNKNOWN: 422,
  CASH_TENDER_NAME_TAKEN: 409,
} as const;

registerErrorStatuses(CASH_ERRORS);
