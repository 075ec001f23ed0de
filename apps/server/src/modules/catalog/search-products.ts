import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Product } from '@kassa/contracts';
import type { DialectName } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import type { Outcome } from '../../http/errors.ts';
import { decodeCursor, encodeCursor } from './page-cursor.ts';
import { loadProductsByIds } from './products.repository.ts';
import { queryTokens, toFts5Match, toTsQuery } from './search-text.ts';

export interface SearchOptions {
  limit?: number;
  cursor?: string | undefined;
  categoryId?: string | undefined;
  /** true: archived products only; otherwise active products only. */
  archived?: boolean | undefined;
}

export interface ProductPageResult {
  items: Product[];
  nextCursor: string | null;
}

type Ranked = { id: string; name: string; exact: number; score: number };

/** Products whose SKU or barcode is exactly the query text: they rank first (a scanned code typed in). */
async function exactMatches(db: Kysely<DB>, organisationId: string, text: string): Promise<string[]> {
  // SKUs and barcodes have no spaces: a query with words skips this lookup.
  if (text.length === 0 || text.length > 64 || /\s/.test(text)) return [];
  const rows = await db
    .selectFrom('variants')
    .select('product_id')
    .where('organisation_id', '=', organisationId)
    .where('sku', '=', text)
    .union(
      db
        .selectFrom('barcodes as b')
        .innerJoin('variants as v', 'v.id', 'b.variant_id')
        .select('v.product_id')
        .where('b.organisation_id', '=', organisationId)
        .where('b.code', '=', text),
    )
    .execute();
  return rows.map((r) => r.product_id);
}

/** The engine-specific part: which products match and their score (lower is better on both). */
function matchingProducts(
  dialect: DialectName,
  tokens: string[],
  exactIds: string[],
): { from: RawBuilder<unknown>; score: RawBuilder<unknown>; exact: RawBuilder<unknown> } {
  const exact =
    exactIds.length > 0 ? sql`case when p.id in (${sql.join(exactIds)}) then 0 else 1 end` : sql`1`;
  if (dialect === 'sqlite') {
    return {
      // CROSS JOIN pins the FTS table as the outer loop (after ANALYZE the
      // planner may otherwise walk all products and probe FTS per row); the
      // `rank` column is bm25, and cheaper than calling bm25() ourselves.
      from: sql`product_search cross join products p on p.search_id = product_search.rowid where product_search match ${toFts5Match(tokens)}`,
      score: sql`product_search.rank`,
      exact,
    };
  }
  return {
    from: sql`products p, to_tsquery('simple', ${toTsQuery(tokens)}) q where p.search_vector @@ q`,
    score: sql`-ts_rank(p.search_vector, q)`,
    exact,
  };
}

/** One page of ranked product ids for the tokens, after the keyset position `after`. */
async function rankedPage(
  db: Kysely<DB>,
  dialect: DialectName,
  organisationId: string,
  tokens: string[],
  exactIds: string[],
  options: SearchOptions & { limit: number; after: Array<string | number> | null },
): Promise<Ranked[]> {
  const m = matchingProducts(dialect, tokens, exactIds);
  const archived = options.archived ? sql`p.archived_at is not null` : sql`p.archived_at is null`;
  const category = options.categoryId ? sql`and p.category_id = ${options.categoryId}` : sql``;
  const real = dialect === 'postgres' ? sql`::real` : sql``;
  const after = options.after
    ? sql`where (s.exact, s.score, s.name, s.id) > (${options.after[0]}, ${options.after[1]}${real}, ${options.after[2]}, ${options.after[3]})`
    : sql``;
  const result = await sql<Ranked>`select s.id, s.name, s.exact, s.score from (
      select p.id, p.name, ${m.exact} as exact, ${m.score} as score from ${m.from}
      and p.organisation_id = ${organisationId} and ${archived} ${category}
    ) s ${after} order by s.exact, s.score, s.name, s.id limit ${options.limit + 1}`.execute(db);
  return result.rows.map((r) => ({ ...r, exact: Number(r.exact), score: Number(r.score) }));
}

/**
 * Full-text product search, one function for both engines: every query word
 * must match as a prefix of a folded token (name, brand, category, tags, SKUs,
 * barcodes, option values); exact SKU/barcode hits first, then FTS rank (bm25
 * on SQLite, ts_rank on PostgreSQL), then name and id, so pages are stable.
 */
export async function searchProducts(
  db: Kysely<DB>,
  dialect: DialectName,
  organisationId: string,
  query: string,
  options: SearchOptions = {},
): Promise<Outcome<ProductPageResult>> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  let after: Array<string | number> | null = null;
  if (options.cursor) {
    const decoded = decodeCursor(options.cursor, ['number', 'number', 'string', 'string']);
    if (!decoded.ok) return decoded;
    after = decoded.value;
  }
  const tokens = queryTokens(query);
  if (tokens.length === 0) return { ok: true, value: { items: [], nextCursor: null } };
  const exactIds = await exactMatches(db, organisationId, query.trim());
  const rows = await rankedPage(db, dialect, organisationId, tokens, exactIds, { ...options, limit, after });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last ? encodeCursor([last.exact, last.score, last.name, last.id]) : null;
  return {
    ok: true,
    value: {
      items: await loadProductsByIds(
        db,
        organisationId,
        page.map((r) => r.id),
      ),
      nextCursor,
    },
  };
}
