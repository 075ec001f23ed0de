import { registerErrorStatuses } from '../../http/errors.ts';

/** Error codes of the stores module and their HTTP statuses. */
export const STORES_ERRORS = {
  STORES_NOT_FOUND: 404,
  STORES_STALE_VERSION: 409,
  STORES_FAVOURITE_TWICE: 422,
  STORES_FAVOURITE_UNKNOWN_ITEM: 422,
  STORES_FAVOURITE_ARCHIVED: 422,
} as const;

registerErrorStatuses(STORES_ERRORS);
