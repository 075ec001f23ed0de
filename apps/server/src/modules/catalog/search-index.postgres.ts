import { sql, type Kysely } from 'kysely';
import { SEARCH_PREFIX_LENGTH } from '../../db/migrations/0007-search-prefixes.ts';
import type { DB } from '../../db/schema.ts';
import {
  SEARCH_CANDIDATES,
  scopeConditions,
  type EngineMatch,
  type IndexPosition,
  type RankedKey,
  type RankedMatch,
  type SearchIndex,
  type SearchQuery,
} from './search-index.ts';
import { notWholeWords, planWords, recheckWords } from './search-words.ts';

/** The first string after every string that starts with `prefix` (byte order, COLLATE "C"). */
export function prefixEnd(prefix: string): string {
  const chars = [...prefix];
  const last = chars.pop()!;
  return chars.join('') + String.fromCodePoint(last.codePointAt(0)! + 1);
}

/**
 * PostgreSQL: `products.search_prefixes` holds the first one to four letters
 * of every search word, under a GIN index (0007-search-prefixes.ts). A query
 * asks for its words' first four letters as one `@>` (an exact intersection
 * of posting lists); words longer than that, and one- or two-letter words
 * beside a longer one, are then checked against `search_text` as a word
 * prefix (search-words.ts).
 *
 * Candidates rank as on SQLite: by the query words not typed whole ("mok" ranks
 * "Mok Strand" (0) above "Mokka" (1)), then by the shorter search text.
 */
export function postgresMatch(query: SearchQuery): EngineMatch {
  const { keys, rechecks } = planWords(query.tokens, SEARCH_PREFIX_LENGTH);
  return {
    matches: sql`from products p
      where p.search_prefixes @> ${keys}::text[] ${recheckWords(rechecks)}
      and ${scopeConditions(query.scope)}`,
    score: sql`(${notWholeWords(query.tokens)}) * 100000 + length(p.search_text)`,
    order: sql`p.search_id`,
    byteOrder: sql`collate "C"`,
  };
}

/** The longest word drives a term-table read when every other word is this short or shorter… */
const SHORT_BESIDE = 2;
/** …and it is at least this long: a one-letter range ("t-s") covers too much of the term table to walk. */
const DRIVER_MIN = 2;

/**
 * Whether a query is one long word beside one- or two-letter words ("t-shirt", "mok s") among
 * active products: postgresDrivenMatch then reads its candidates from the term table.
 */
export function drivenByOneWord(tokens: string[]): boolean {
  if (tokens.length < 2) return false;
  const driver = longestToken(tokens);
  if ([...driver].length < DRIVER_MIN) return false;
  return tokens.every((t, i) => i === tokens.indexOf(driver) || [...t].length <= SHORT_BESIDE);
}

const longestToken = (tokens: string[]): string =>
  tokens.reduce((a, b) => ([...b].length > [...a].length ? b : a));

/**
 * PostgreSQL, one long word beside short ones, among active products (drivenByOneWord). Through
 * the prefix index every product with the long word was read before the first 1,000 by search id
 * could be taken ("t-shirt": 6,638 heap rows): the short words' posting lists hold most of the
 * catalogue and narrow nothing. Here the long word's products come from the term table in search
 * id order (an index-only range, de-duplicated), and each is looked up by search id and rechecked
 * for the other words until 1,000 pass: the short words pass for nearly every one. The fence
 * (`offset 0`) keeps the look-up a per-row index probe; ordering by `ids.search_id` lets the limit
 * stop the loop. Matches, order and ranking are those of postgresMatch.
 */
export function postgresDrivenMatch(query: SearchQuery): EngineMatch {
  const driver = longestToken(query.tokens);
  const others = query.tokens.filter((_, i) => i !== query.tokens.indexOf(driver));
  const org = query.scope.organisationId;
  return {
    matches: sql`from (
        select distinct t.search_id from product_search_terms t
        where t.organisation_id = ${org} and t.term >= ${driver} and t.term < ${prefixEnd(driver)}
        order by t.search_id
      ) ids cross join lateral (
        select p.id, p.name, p.search_text from products p
        where p.search_id = ids.search_id ${recheckWords(others)} and ${scopeConditions(query.scope)}
        offset 0
      ) p where true`,
    score: sql`(${notWholeWords(query.tokens)}) * 100000 + length(p.search_text)`,
    order: sql`ids.search_id`,
    byteOrder: sql`collate "C"`,
  };
}

/**
 * PostgreSQL, one word among active products: the term table (0007). The
 * word's prefix is one range of its primary key (organisation, term, search
 * id), read in key order and stopped at SEARCH_CANDIDATES rows: no heap row is
 * touched until the page's own products are loaded. A product matching at
 * several terms ("hav": "haven", "havermout") counts at its first. Candidates
 * rank by word typed whole, then term ("have" before "haven"), then search id.
 */
export function postgresTermIndex(db: Kysely<DB>, query: SearchQuery): SearchIndex {
  const { scope, exactIds } = query;
  const [word] = query.tokens as [string];
  const org = scope.organisationId;
  const inRange = sql`t.term >= ${word} and t.term < ${prefixEnd(word)}`;
  const exact = exactIds.length > 0 ? sql.join(exactIds) : null;

  return {
    positionTypes: ['string', 'number'],

    async ranked(after: RankedKey | null, limit: number): Promise<RankedMatch[]> {
      // Exact hits rank first wherever they are; their tie values sort them by search id.
      const exactRows = exact
        ? sql`union all select p.search_id, 0, 0, '', lpad(p.search_id::text, 20, '0') from products p
            where p.id in (${exact}) and ${scopeConditions(scope)}`
        : sql``;
      const notExact = exact
        ? sql`where c.search_id not in (select p.search_id from products p where p.id in (${exact}))`
        : sql``;
      const keyset = after
        ? sql`where (r.exact, r.score, r.tie collate "C", r.tie_id) > (${after[0]}, ${after[1]}, ${after[2]}, ${after[3]})`
        : sql``;
      const result = await sql<{ id: string; exact: number; score: number; tie: string; tie_id: string }>`
        with c as (
          select search_id, min(term) as term from (
            select t.search_id, t.term from product_search_terms t
            where t.organisation_id = ${org} and ${inRange}
            order by t.term, t.search_id limit ${SEARCH_CANDIDATES}
          ) capped group by search_id
        ), r as (
          select c.search_id, 1 as exact, case when c.term = ${word} then 0 else 1 end as score,
            c.term::text as tie, lpad(c.search_id::text, 20, '0') as tie_id
          from c ${notExact} ${exactRows}
        )
        select p.id, r.exact, r.score, r.tie, r.tie_id from (
          select * from r ${keyset} order by r.exact, r.score, r.tie collate "C", r.tie_id limit ${limit}
        ) r join products p on p.search_id = r.search_id
        order by r.exact, r.score, r.tie collate "C", r.tie_id`.execute(db);
      return result.rows.map((r) => ({ id: r.id, key: [Number(r.exact), Number(r.score), r.tie, r.tie_id] }));
    },

    async candidatesEnd(): Promise<IndexPosition | null> {
      const result = await sql<{ term: string; search_id: string }>`select t.term, t.search_id
        from product_search_terms t where t.organisation_id = ${org} and ${inRange}
        order by t.term, t.search_id offset ${SEARCH_CANDIDATES - 1} limit 1`.execute(db);
      const row = result.rows[0];
      return row ? [row.term, Number(row.search_id)] : null;
    },

    async beyond(position: IndexPosition, limit: number) {
      const notExact = exact ? sql`and p.id not in (${exact})` : sql``;
      const result = await sql<{
        id: string;
        term: string;
        search_id: string;
      }>`select p.id, t.term, t.search_id
        from product_search_terms t join products p on p.search_id = t.search_id
        where t.organisation_id = ${org} and ${inRange} and (t.term, t.search_id) > (${position[0]}, ${position[1]})
          and not exists (
            select 1 from product_search_terms y
            where y.search_id = t.search_id and y.term >= ${word} and y.term < t.term
          ) ${notExact}
        order by t.term, t.search_id limit ${limit}`.execute(db);
      return result.rows.map((r) => ({ id: r.id, position: [r.term, Number(r.search_id)] }));
    },
  };
}
