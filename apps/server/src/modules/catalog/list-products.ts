import type { ProductListQuery } from '@kassa/contracts';
import type { Outcome } from '../../http/errors.ts';
import type { CatalogDeps } from './create-product.ts';
import { decodeCursor, encodeCursor } from './page-cursor.ts';
import { assembleProducts, selectProductRows } from './products.repository.ts';
import { searchProducts, type ProductPageResult } from './search-products.ts';

/**
 * Lists products by name (then id, so the order is stable and the keyset
 * cursor never skips or repeats), or ranks them when a search text is given.
 */
export async function listProducts(
  deps: CatalogDeps,
  organisationId: string,
  query: ProductListQuery,
): Promise<Outcome<ProductPageResult>> {
  const options = {
    limit: query.limit,
    cursor: query.cursor,
    categoryId: query.categoryId,
    archived: query.archived,
  };
  if (query.q !== undefined && query.q.trim() !== '')
    return searchProducts(deps, organisationId, query.q, options);
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
  let rowsQuery = selectProductRows(deps.db)
    .where('p.organisation_id', '=', organisationId)
    .where('p.archived_at', query.archived ? 'is not' : 'is', null)
    .orderBy('p.name')
    .orderBy('p.id')
    .limit(limit + 1);
  if (query.categoryId) rowsQuery = rowsQuery.where('p.category_id', '=', query.categoryId);
  if (query.cursor) {
    const decoded = decodeCursor(query.cursor, ['string', 'string']);
    if (!decoded.ok) return decoded;
    const [name, id] = decoded.value as [string, string];
    rowsQuery = rowsQuery.where((eb) =>
      eb.or([eb('p.name', '>', name), eb.and([eb('p.name', '=', name), eb('p.id', '>', id)])]),
    );
  }
  const rows = await rowsQuery.execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    ok: true,
    value: {
      items: assembleProducts(page),
      nextCursor: rows.length > limit && last ? encodeCursor([last.name, last.id]) : null,
    },
  };
}
