import { registerErrorStatuses } from '../../http/errors.ts';

/** Error codes of the receipts module and their HTTP statuses. */
export const RECEIPTS_ERRORS = {
  RECEIPTS_SALE_NOT_FOUND: 404,
  RECEIPTS_PRINTER_NOT_FOUND: 404,
  RECEIPTS_REGISTER_NOT_FOUND: 404,
  RECEIPTS_ID_REUSED: 409,
  RECEIPTS_STORE_NOT_FOUND: 404,
  RECEIPTS_STALE_VERSION: 409,
  RECEIPTS_LOGO_NOT_PNG: 422,
  RECEIPTS_LOGO_TOO_LARGE: 422,
  RECEIPTS_TEXT_INVALID: 422,
  JOBS_NOT_FOUND: 404,
} as const;

registerErrorStatuses(RECEIPTS_ERRORS);
