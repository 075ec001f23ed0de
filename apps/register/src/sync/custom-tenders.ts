import type { TenderDefinition } from '@kassa/contracts';
import { getMeta, setMeta, type RegisterDatabase } from '../db/database.ts';
import type { ApiClient } from './api.ts';

const KEY = 'customTenders';

/**
 * The store's own payment means (GET /api/v1/stores/{id}/tenders: "Op rekening", vouchers, …),
 * kept on the device so the payment screen offers them offline too. Only active ones are kept;
 * the server refuses a sale naming one the store does not take. Offline or refused: the kept list stays.
 */
export async function refreshCustomTenders(db: RegisterDatabase, api: ApiClient, token: string, storeId: string): Promise<string[]> {
  const answer = await api.call<{ items: TenderDefinition[] }>('GET', `/api/v1/stores/${storeId}/tenders`, { token });
  if (!answer.ok) return localCustomTenders(db);
  const names = answer.value.items.filter((t) => t.active).map((t) => t.name);
  await setMeta(db, KEY, names);
  return names;
}

export async function localCustomTenders(db: RegisterDatabase): Promise<string[]> {
  return (await getMeta<string[]>(db, KEY)) ?? [];
}
