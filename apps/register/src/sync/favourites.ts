import type { StoreFavourites } from '@kassa/contracts';
import { getMeta, setMeta, type LocalItem, type RegisterDatabase } from '../db/database.ts';
import type { ApiClient } from './api.ts';

const KEY = 'favourites';

/**
 * The store's favourites tiles (GET /api/v1/stores/{id}/favourites), kept on the device with the
 * store's other settings, so the sell screen shows them offline too. Offline or refused: the kept
 * list stays.
 */
export async function refreshFavourites(db: RegisterDatabase, api: ApiClient, token: string, storeId: string): Promise<string[]> {
  const answer = await api.call<StoreFavourites>('GET', `/api/v1/stores/${storeId}/favourites`, { token });
  if (!answer.ok) return localFavourites(db);
  await setMeta(db, KEY, answer.value.variantIds);
  return answer.value.variantIds;
}

export async function localFavourites(db: RegisterDatabase): Promise<string[]> {
  return (await getMeta<string[]>(db, KEY)) ?? [];
}

/** The favourites as items of the local catalogue, in the store's order (items not on sale here left out). */
export async function favouriteItems(db: RegisterDatabase): Promise<LocalItem[]> {
  const ids = await localFavourites(db);
  if (ids.length === 0) return [];
  const items = await db.items.bulkGet(ids);
  return items.filter((item): item is LocalItem => item !== undefined && !item.archived);
}
