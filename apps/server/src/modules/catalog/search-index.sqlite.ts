import { sql } from 'kysely';
import { scopeConditions, type EngineMatch, type SearchQuery } from './search-index.ts';
import { toFts5Match } from './search-text.ts';

/**
 * SQLite: the contentless FTS5 table `product_search` (rowid =
 * products.search_id). FTS5 yields matches in rowid order and stops early at
 * the candidate cap; candidates rank by bm25 (FTS5's `rank` column, computed
 * only for the rows read), where a word typed whole counts twice
 * (toFts5Match). CROSS JOIN pins the FTS table as the outer loop: after
 * ANALYZE the planner may otherwise walk all products and probe FTS per row.
 */
export function sqliteMatch(query: SearchQuery): EngineMatch {
  return {
    matches: sql`from product_search cross join products p on p.search_id = product_search.rowid
      where product_search match ${toFts5Match(query.tokens)} and ${scopeConditions(query.scope)}`,
    score: sql`product_search.rank`,
    order: sql`product_search.rowid`,
  };
}
