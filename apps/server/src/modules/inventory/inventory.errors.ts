import { registerErrorStatuses } from '../../http/errors.ts';

export const INVENTORY_ERRORS = {
  INVENTORY_UNKNOWN_STORE: 404,
  INVENTORY_UNKNOWN_VARIANT: 422,
  INVENTORY_ZERO_ADJUSTMENT: 422,
  INVENTORY_DUPLICATE_COUNT_LINE: 422,
} as const;

registerErrorStatuses(INVENTORY_ERRORS);
