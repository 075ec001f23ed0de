import type { Transaction } from 'kysely';
import type { DialectName } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { IN_LIST_CHUNK, chunk } from '../../db/run-command.ts';
import { reserveCatalogChangeSeqs } from './change-seq.ts';
import { replaceSearchEntry } from './product-writes.repository.ts';
import { loadProductsByIds } from './products.repository.ts';
import { buildSearchText } from './search-text.ts';

/**
 * Rebuilds the search text of products whose searchable context changed
 * without the products themselves changing (a category was renamed). Each
 * product takes a new change number: the search data kept in memory
 * (search-memory.ts) follows the catalogue by change number, like a register.
 */
export async function reindexProductsInCategory(
  db: Transaction<DB>,
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
  let changeSeq = rows.length > 0 ? await reserveCatalogChangeSeqs(db, rows.length) : 0;
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
      await db
        .updateTable('products')
        .set({ search_text: text, change_seq: changeSeq++ })
        .where('id', '=', product.id)
        .execute();
      await replaceSearchEntry(db, dialect, searchIds.get(product.id)!, text);
    }
  }
}
