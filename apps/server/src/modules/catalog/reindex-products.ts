import type { Kysely } from 'kysely';
import type { DialectName } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { IN_LIST_CHUNK, chunk } from '../../db/run-command.ts';
import { replaceSearchEntry } from './product-writes.repository.ts';
import { loadProductsByIds } from './products.repository.ts';
import { buildSearchText } from './search-text.ts';

/**
 * Rebuilds the search text of products whose searchable context changed
 * without the products themselves changing (a category was renamed). The
 * change feed is not bumped: search text is a server-side index, not data a
 * register copies.
 */
export async function reindexProductsInCategory(
  db: Kysely<DB>,
  dialect: DialectName,
  organisationId: string,
  categoryId: string,
  categoryName: string,
): Promise<void> {
  const rows = await db
    .selectFrom('products')
    .select(['id', 'search_id'])
    .where('organisation_id', '=', organisationId)
    .where('category_id', '=', categoryId)
    .execute();
  const searchIds = new Map(rows.map((r) => [r.id, Number(r.search_id)]));
  for (const ids of chunk(
    rows.map((r) => r.id),
    IN_LIST_CHUNK,
  )) {
    for (const product of await loadProductsByIds(db, organisationId, ids)) {
      const text = buildSearchText({
        ...product,
        categoryName,
        variants: product.variants.filter((v) => !v.archived),
      });
      await db.updateTable('products').set({ search_text: text }).where('id', '=', product.id).execute();
      await replaceSearchEntry(db, dialect, searchIds.get(product.id)!, text);
    }
  }
}
