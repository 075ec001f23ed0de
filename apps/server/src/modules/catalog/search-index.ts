// Search candidates and their paging, shared by both engines; each engine
// (search-index.sqlite.ts, search-index.postgres.ts) says only which products
// match and how they score. search-products.ts pages through the result.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { PLAN_EACH_TIME } from '../../db/prepared-statements.ts';
import type { DB } from '../../db/schema.ts';

// How many rows a search query touches depends on its words: planned for them each time.
const planEachTime = sql.raw(PLAN_EACH_TIME);

/**
 * How many matches search ranks. A query is answered from the first
 * CANDIDATES matches in the engine's index order (plus exact SKU/barcode
 * hits), ranked by relevance; matches past them follow in index order. Almost
 * every query narrows to fewer matches than this, and is then ranked whole; a
 * one-word prefix such as "hav" can match 15 % of a 100k catalogue, and
 * scoring every one of those costs 20–100 ms, far over the 10 ms a register
 * typing ahead needs. Typing one more letter or word narrows it again.
 */
export const SEARCH_CANDIDATES = 1000;

/** Which products may be found: the caller's organisation, active or archived, perhaps one category. */
export interface SearchScope {
  organisationId: string;
  archived: boolean;
  categoryId?: string | undefined;
}

/**
 * The sort values of a ranked candidate, also the keyset of the next page:
 * exact 0 = its SKU or a barcode is the query text; lower score is better;
 * then two tie-breakers (name and id, or term and search id).
 */
export type RankedKey = [exact: number, score: number, tie: string, tieId: string];

/** A ranked candidate: the product and where it sorts. */
export interface RankedMatch {
  id: string;
  key: RankedKey;
}

/** A place in an index order: [products.search_id], or [term, search id] in the term table. */
export type IndexPosition = Array<string | number>;

/** One query's matches as the engine's index sees them. */
export interface SearchIndex {
  /** Kinds of the values of an IndexPosition, to check a cursor. */
  positionTypes: Array<'string' | 'number'>;
  /** The candidates (first SEARCH_CANDIDATES matches and the exact hits), ordered, after `after`. */
  ranked(after: RankedKey | null, limit: number): Promise<RankedMatch[]>;
  /** Where the candidates end in index order, or null when every match is a candidate. */
  candidatesEnd(): Promise<IndexPosition | null>;
  /** Matches after `position` in index order, leaving out the exact hits (they ranked first). */
  beyond(position: IndexPosition, limit: number): Promise<Array<{ id: string; position: IndexPosition }>>;
}

export interface SearchQuery {
  scope: SearchScope;
  /** Folded query tokens (search-text.ts), each matched as a prefix; never empty. */
  tokens: string[];
  /** Products whose SKU or a barcode equals the query text. */
  exactIds: string[];
}

/** What an engine contributes: which products match, how they score, and their index order. */
export interface EngineMatch {
  /** `from … where …` yielding the matching products as `p`, filtered by the scope; more conditions may follow. */
  matches: RawBuilder<unknown>;
  /**
   * Lower is better. An expression of `p.search_text` alone: it is computed
   * after the cap, on the candidates only (the scan before the cap reads
   * every match of a broad query; scoring each there cost about 15 % more on
   * PostgreSQL's slowest queries).
   */
  score: RawBuilder<unknown>;
  /** The index order (products.search_id or its FTS5 twin), ascending. */
  order: RawBuilder<unknown>;
  /**
   * Makes a text column compare in byte order, whatever the database's locale (PostgreSQL: collate
   * "C"; SQLite's BINARY already does): ties rank by name and id the same everywhere, in memory too.
   */
  byteOrder: RawBuilder<unknown>;
}

/**
 * The candidate paging both engines share: candidates are the first
 * SEARCH_CANDIDATES matches in search-id order plus the exact hits, ranked;
 * past them, matches continue in search-id order.
 */
export function searchIndexOver(db: Kysely<DB>, engine: EngineMatch, query: SearchQuery): SearchIndex {
  const { scope, exactIds } = query;
  const exact = exactIds.length > 0 ? sql.join(exactIds) : null;
  const { matches, score, order, byteOrder } = engine;
  const name = sql`p.name ${byteOrder} as name`;
  const id = sql`p.id ${byteOrder} as id`;

  return {
    positionTypes: ['number'],

    async ranked(after: RankedKey | null, limit: number): Promise<RankedMatch[]> {
      const exactOf = exact ? sql`case when p.id in (${exact}) then 0 else 1 end` : sql`1`;
      // Exact hits past the candidate cap still rank first.
      const exactOutside = exact
        ? sql`union all select ${id}, ${name}, 0, 0 from products p
            where p.id in (${exact}) and ${scopeConditions(scope)} and p.id not in (select id from c)`
        : sql``;
      const keyset = after
        ? sql`where (s.exact, s.score, s.name, s.id) > (${after[0]}, ${after[1]}, ${after[2]}, ${after[3]})`
        : sql``;
      const result = await sql<{
        id: string;
        name: string;
        exact: number;
        score: number;
      }>`${planEachTime} with c as (
          select p.id, p.name, p.search_text ${matches} order by ${order} limit ${SEARCH_CANDIDATES}
        )
        select s.id, s.name, s.exact, s.score from (
          select ${id}, ${name}, ${exactOf} as exact, ${score} as score from c p ${exactOutside}
        ) s ${keyset} order by s.exact, s.score, s.name, s.id limit ${limit}`.execute(db);
      return result.rows.map((r) => ({ id: r.id, key: [Number(r.exact), Number(r.score), r.name, r.id] }));
    },

    async candidatesEnd(): Promise<IndexPosition | null> {
      const result = await sql<{ position: number }>`${planEachTime} select ${order} as position ${matches}
        order by ${order} limit 1 offset ${SEARCH_CANDIDATES - 1}`.execute(db);
      return result.rows[0] ? [Number(result.rows[0].position)] : null;
    },

    async beyond(position: IndexPosition, limit: number) {
      const notExact = exact ? sql`and p.id not in (${exact})` : sql``;
      const result = await sql<{
        id: string;
        position: number;
      }>`${planEachTime} select p.id, ${order} as position ${matches}
        and ${order} > ${position[0]} ${notExact} order by ${order} limit ${limit}`.execute(db);
      return result.rows.map((r) => ({ id: r.id, position: [Number(r.position)] }));
    },
  };
}

/** The scope's conditions on `p`, for an engine's `matches`. */
export function scopeConditions(scope: SearchScope): RawBuilder<unknown> {
  const archived = scope.archived ? sql`p.archived_at is not null` : sql`p.archived_at is null`;
  const category = scope.categoryId ? sql`and p.category_id = ${scope.categoryId}` : sql``;
  return sql`p.organisation_id = ${scope.organisationId} and ${archived} ${category}`;
}
