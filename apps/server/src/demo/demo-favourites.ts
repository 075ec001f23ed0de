import type { Database } from '../db/database.ts';
import { updateFavourites } from '../modules/stores/index.ts';

/** How many favourites tiles the demo stores get: one or two rows on a tablet. */
const DEMO_FAVOURITES = 12;

/**
 * Gives each demo store favourites tiles, as an owner would set them through the API: the first
 * item of each category in turn (a mug, a candle, coffee, a card, …), so the sell screen opens
 * with something to tap.
 */
export async function seedDemoFavourites(
  database: Database,
  organisationId: string,
  stores: Array<{ id: string }>,
  now: string,
): Promise<void> {
  const rows = await database.db
    .selectFrom('variants')
    .innerJoin('products', 'products.id', 'variants.product_id')
    .select(['variants.id', 'products.category_id'])
    .where('variants.organisation_id', '=', organisationId)
    .where('variants.archived_at', 'is', null)
    .orderBy('products.name')
    .orderBy('variants.position')
    .execute();
  const byCategory = new Map<string, string[]>();
  for (const row of rows) {
    const key = row.category_id ?? '';
    byCategory.set(key, [...(byCategory.get(key) ?? []), row.id]);
  }
  // Round-robin over the categories: one item of each before a second of any.
  const picked: string[] = [];
  for (let round = 0; picked.length < DEMO_FAVOURITES && [...byCategory.values()].some((ids) => ids.length > round); round++) {
    for (const ids of byCategory.values()) if (ids[round] && picked.length < DEMO_FAVOURITES) picked.push(ids[round]!);
  }
  const caller = { organisationId, actorRef: 'system:demo', audit: { organisationId, actorKind: 'system' as const, actorId: null } };
  for (const store of stores) {
    const saved = await updateFavourites(database.db, caller, store.id, { version: 0, variantIds: picked }, now);
    if (!saved.ok) throw new Error(`The demo favourites were refused: ${saved.error.message}`);
  }
}
