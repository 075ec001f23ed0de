import type { Selectable } from 'kysely';
import type { PaymentSettingsView } from '@kassa/contracts';
import { dialectOf } from '../../db/database.ts';
import type { StorePaymentSettingsTable } from '../../db/schema-payments.ts';
import type { Executor } from './payments.repository.ts';

/**
 * Offline card payments (store-and-forward): the store's limits and what is left of them
 * (docs/PAYMENTS.md). Limits are per store, in the store's currency's minor units: the per-day
 * allowance is the shop's risk for one business day (its time zone), whichever of its terminals
 * approved offline. A store whose settings were never saved takes no offline payments.
 */
export type PaymentSettingsRow = Selectable<StorePaymentSettingsTable>;

/** How long a terminal may keep an offline approval before it must have reached the acquirer. */
export const OFFLINE_UPLOAD_WINDOW_MS = 24 * 60 * 60 * 1000;

export async function findPaymentSettings(
  db: Executor,
  storeId: string,
  lock = false,
): Promise<PaymentSettingsRow | undefined> {
  let query = db.selectFrom('store_payment_settings').selectAll().where('store_id', '=', storeId);
  // Two payments starting at once in one store must not both take the last of today's allowance.
  if (lock && dialectOf(db as never) === 'postgres') query = query.forUpdate();
  return query.executeTakeFirst();
}

/** The API shape; never saved: version 0, offline payments off. */
export function toPaymentSettingsView(
  storeId: string,
  currency: string,
  row: PaymentSettingsRow | undefined,
): PaymentSettingsView {
  return {
    storeId,
    currency,
    offlinePayments: {
      enabled: row ? row.offline_enabled === 1 : false,
      transactionLimit: row ? Number(row.offline_transaction_limit) : 0,
      dailyLimit: row ? Number(row.offline_daily_limit) : 0,
    },
    version: row ? Number(row.version) : 0,
    updatedAt: row?.updated_at ?? null,
  };
}

/**
 * What the store's terminals approved (or may still approve) offline on a business day: offline
 * approvals, and payments still running or unknown that were allowed to go offline (reserved, so a
 * second payment cannot spend the same allowance while the first is at the terminal).
 */
export async function offlineUsedOn(db: Executor, storeId: string, businessDay: string): Promise<number> {
  const row = await db
    .selectFrom('payment_attempts')
    .select((eb) => eb.fn.sum<number>('amount').as('sum'))
    .where('store_id', '=', storeId)
    .where('business_day', '=', businessDay)
    .where('kind', '=', 'payment')
    .where((eb) =>
      eb.or([
        eb('offline', '=', 1),
        eb.and([
          eb('state', 'in', ['created', 'in_progress', 'unknown']),
          eb('offline_allowance', '>', 0),
          eb('offline_allowance', '>=', eb.ref('amount')),
        ]),
      ]),
    )
    .executeTakeFirst();
  return Number(row?.sum ?? 0);
}

/**
 * How much the terminal may approve offline for one payment: min(the per-transaction limit, what is
 * left of today's allowance); 0 when offline payments are off for the store or the terminal cannot
 * store and forward. Run inside the transaction that records the attempt (the settings row is
 * locked on PostgreSQL; SQLite has one writer), so the reservation counts for the next payment.
 */
export async function offlineAllowance(
  trx: Executor,
  input: { storeId: string; businessDay: string; storeAndForward: boolean },
): Promise<number> {
  if (!input.storeAndForward) return 0;
  const settings = await findPaymentSettings(trx, input.storeId, true);
  if (!settings || settings.offline_enabled !== 1) return 0;
  const left =
    Number(settings.offline_daily_limit) - (await offlineUsedOn(trx, input.storeId, input.businessDay));
  return Math.max(0, Math.min(Number(settings.offline_transaction_limit), left));
}
