import type { Kysely } from 'kysely';
import type { PaymentSettingsView, UpdatePaymentSettingsBody } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import { failure, type Outcome } from '../../http/errors.ts';
import {
  updateVersionedSettings,
  type SettingsCaller,
  type VersionedSettings,
} from '../../http/versioned-settings.ts';
import { findPaymentSettings, toPaymentSettingsView, type PaymentSettingsRow } from './offline-limits.ts';

const fail = <T>(code: string, message: string, details?: Record<string, unknown>): Outcome<T> => ({
  ok: false,
  error: failure(code, message, details),
});

/** The rules the schema cannot say: limits that fit together, and an "on" that allows something. */
function checkLimits(body: UpdatePaymentSettingsBody, currency: string): Outcome<null> {
  const { enabled, transactionLimit, dailyLimit } = body.offlinePayments;
  if (transactionLimit > dailyLimit) {
    return fail(
      'PAYMENTS_SETTINGS_INVALID',
      `offlinePayments.transactionLimit (${transactionLimit}) is above offlinePayments.dailyLimit (${dailyLimit}) ${currency} minor units: one payment cannot be allowed more than a whole day.`,
      {
        field: 'offlinePayments.transactionLimit',
        transactionLimit,
        dailyLimit,
      },
    );
  }
  if (enabled && transactionLimit === 0) {
    return fail(
      'PAYMENTS_SETTINGS_INVALID',
      'offlinePayments.transactionLimit is 0: with offline payments enabled, give the most one payment may be approved offline (minor units), or set enabled to false.',
      {
        field: 'offlinePayments.transactionLimit',
      },
    );
  }
  return { ok: true, value: null };
}

/** The offline card payment limits of a store, saved in `store_payment_settings`. */
export const paymentSettings: VersionedSettings<PaymentSettingsRow, PaymentSettingsView> = {
  table: 'store_payment_settings',
  name: 'payment settings',
  codes: {
    storeNotFound: 'PAYMENTS_SETTINGS_STORE_NOT_FOUND',
    staleVersion: 'PAYMENTS_SETTINGS_STALE_VERSION',
  },
  auditAction: 'payment_settings.updated',
  find: (db, storeId) => findPaymentSettings(db, storeId),
  view: (store, row) => toPaymentSettingsView(store.id, store.currency, row),
};

/**
 * Changes a store's offline card payment limits. Optimistic concurrency like the other settings
 * (the body carries the version read; stale: 409; the same change again returns it), audited as
 * `payment_settings.updated` with the old and new limits.
 */
export async function updatePaymentSettings(
  db: Kysely<DB>,
  caller: SettingsCaller,
  storeId: string,
  body: UpdatePaymentSettingsBody,
  now: string,
): Promise<Outcome<PaymentSettingsView>> {
  return updateVersionedSettings(
    db,
    paymentSettings,
    caller,
    storeId,
    {
      body,
      check: (store) => checkLimits(body, store.currency),
      nextRow: (_current, base) => ({
        ...base,
        offline_enabled: body.offlinePayments.enabled ? 1 : 0,
        offline_transaction_limit: body.offlinePayments.transactionLimit,
        offline_daily_limit: body.offlinePayments.dailyLimit,
      }),
      auditDetails: (current, _row, store) => ({
        before: toPaymentSettingsView(storeId, store.currency, current).offlinePayments,
        after: body.offlinePayments,
        currency: store.currency,
      }),
    },
    now,
  );
}
