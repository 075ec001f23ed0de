import type { Kysely } from 'kysely';
import type { PaymentSettingsView, UpdatePaymentSettingsBody } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import { runCommand } from '../../db/run-command.ts';
import { failure, type Outcome } from '../../http/errors.ts';
import { requestHash } from '../../http/idempotency.ts';
import { recordAudit, type AuditContext } from '../auth/index.ts';
import { findPaymentSettings, toPaymentSettingsView, type PaymentSettingsRow } from './offline-limits.ts';

export interface PaymentSettingsCaller {
  organisationId: string;
  /** Who changed it, for `updated_by` and the audit log. */
  actorRef: string;
  audit: AuditContext;
}

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

const staleVersion = (storeId: string, sent: number, current: number) =>
  fail<never>(
    'PAYMENTS_SETTINGS_STALE_VERSION',
    `The payment settings of store ${storeId} were changed by someone else since you read them (you sent version ${sent}, they are at version ${current}): reload them and apply your change again.`,
    {
      field: 'version',
      sent,
      currentVersion: current,
    },
  );

/**
 * Changes a store's offline card payment limits. Optimistic concurrency like the other settings
 * (the body carries the version read; stale: 409; the same change again returns it), audited as
 * `payment_settings.updated` with the old and new limits.
 */
export async function updatePaymentSettings(
  db: Kysely<DB>,
  caller: PaymentSettingsCaller,
  storeId: string,
  body: UpdatePaymentSettingsBody,
  now: string,
): Promise<Outcome<PaymentSettingsView>> {
  const hash = requestHash({ storeId, ...body });
  return runCommand<PaymentSettingsView>(
    db,
    async (trx) => {
      const store = await trx
        .selectFrom('stores')
        .select(['id', 'currency'])
        .where('id', '=', storeId)
        .where('organisation_id', '=', caller.organisationId)
        .executeTakeFirst();
      if (!store)
        return fail(
          'PAYMENTS_SETTINGS_STORE_NOT_FOUND',
          `Store ${storeId} does not exist in your organisation.`,
          {
            storeId,
          },
        );
      const checked = checkLimits(body, store.currency);
      if (!checked.ok) return checked;
      const current = await findPaymentSettings(trx, storeId);
      const currentVersion = current ? Number(current.version) : 0;
      if (body.version !== currentVersion) {
        const replay = current && current.request_hash === hash && currentVersion === body.version + 1;
        return replay
          ? { ok: true, value: toPaymentSettingsView(storeId, store.currency, current) }
          : staleVersion(storeId, body.version, currentVersion);
      }
      const row: PaymentSettingsRow = {
        store_id: storeId,
        organisation_id: caller.organisationId,
        offline_enabled: body.offlinePayments.enabled ? 1 : 0,
        offline_transaction_limit: body.offlinePayments.transactionLimit,
        offline_daily_limit: body.offlinePayments.dailyLimit,
        version: currentVersion + 1,
        request_hash: hash,
        updated_at: now,
        updated_by: caller.actorRef,
      };
      if (!current) await trx.insertInto('store_payment_settings').values(row).execute();
      else {
        const result = await trx
          .updateTable('store_payment_settings')
          .set(row)
          .where('store_id', '=', storeId)
          .where('version', '=', body.version)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1)
          return staleVersion(storeId, body.version, currentVersion + 1);
      }
      const before = toPaymentSettingsView(storeId, store.currency, current).offlinePayments;
      await recordAudit(
        trx,
        { ...caller.audit, storeId },
        {
          action: 'payment_settings.updated',
          outcome: 'success',
          targetKind: 'store',
          targetId: storeId,
          details: { before, after: body.offlinePayments, currency: store.currency },
        },
        now,
      );
      return { ok: true, value: toPaymentSettingsView(storeId, store.currency, row) };
    },
    // Two first saves raced on the primary key: the later one read version 0, which is stale now.
    async () => staleVersion(storeId, body.version, body.version + 1),
  );
}
