import type { Store } from '@kassa/contracts';
import { getMeta, setMeta, type RegisterDatabase } from '../db/database.ts';
import type { StorePricing } from '../sale/totals.ts';
import type { ApiClient } from './api.ts';

/** The device's store as the server describes it (GET /api/v1/devices/me/store), kept on the device. */
export type LocalStore = Store;

const KEY = 'store';

/** The settings every sale is computed with; the server recomputes with the same ones. */
export function pricingOf(store: LocalStore): StorePricing {
  return {
    currency: store.currency,
    pricesIncludeTax: store.pricesIncludeTax,
    taxRounding: store.taxRounding,
    cashRounding: store.cashRounding,
  };
}

/** The store kept on this device (null before the first answer after enrolment). */
export async function localStore(db: RegisterDatabase): Promise<LocalStore | null> {
  return (await getMeta<LocalStore>(db, KEY)) ?? null;
}

/**
 * Asks the server for the device's store and keeps it, so the register sells with the store's
 * currency, tax and rounding settings offline too. Offline or refused: the kept copy stays.
 */
export async function refreshStore(db: RegisterDatabase, api: ApiClient, credential: string): Promise<LocalStore | null> {
  const answer = await api.call<LocalStore>('GET', '/api/v1/devices/me/store', { token: credential });
  if (!answer.ok) return localStore(db);
  await setMeta(db, KEY, answer.value);
  return answer.value;
}
