import { sql } from 'kysely';
import { SEARCH_PREFIX_LENGTH } from '../../db/migrations/0007-search-prefixes.ts';
import { scopeConditions, type EngineMatch, type SearchQuery } from './search-index.ts';
import { notWholeWords, planWords, recheckWords } from './search-words.ts';

/**
 * SQLite: the contentless FTS5 table `product_search` (rowid =
 * products.search_id), with prefix indexes of one to four letters
 * (0011-fts-prefix-four.ts). Each query word is asked for by its first four
 * letters (one prefix index, read in rowid order: FTS5 stops at the candidate
 * cap); words longer than that, and one- or two-letter words beside a longer
 * one, are rechecked against `search_text` (search-words.ts), as on PostgreSQL. Candidates rank by the words not typed whole ("mok": "Mok
 * Strand" before "Mokka"), then the shorter search text (a more specific
 * product) — computed on the capped candidates only. FTS5's bm25 is not used:
 * it reads every matching row of each word to weigh it, whatever the cap.
 * CROSS JOIN pins the FTS table as the outer loop: after ANALYZE the planner
 * may otherwise walk all products and probe FTS per row.
 */
export function sqliteMatch(query: SearchQuery): EngineMatch {
  const { keys, rechecks } = planWords(query.tokens, SEARCH_PREFIX_LENGTH);
  const match = keys.map((key) => `"${key}"*`).join(' AND ');
  return {
    matches: sql`from product_search cross join products p on p.search_id = product_search.rowid
      where product_search match ${match} ${recheckWords(rechecks)}
      and ${scopeConditions(query.scope)}`,
    score: sql`(${notWholeWords(query.tokens)}) * 100000 + length(p.search_text)`,
    order: sql`product_search.rowid`,
    byteOrder: sql``,
  };
}
