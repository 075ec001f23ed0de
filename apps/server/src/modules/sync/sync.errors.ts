import { registerErrorStatuses } from '../../http/errors.ts';

export const SYNC_ERRORS = {
  SYNC_UNKNOWN_REGISTER: 404,
  SYNC_WRONG_REGISTER: 422,
  SYNC_ITEM_REUSED: 409,
  SYNC_REGISTER_IN_USE: 409,
  SYNC_DEVICE_REQUIRED: 403,
} as const;

registerErrorStatuses(SYNC_ERRORS);
