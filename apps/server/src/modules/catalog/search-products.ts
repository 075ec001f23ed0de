import type { Kysely } from 'kysely';
import type { Product } from '@kassa/contracts';
import type { DialectName } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import type { Outcome } from '../../http/errors.ts';
import { decodeCursor, encodeCursor, invalidCursor } from './page-cursor.ts';
import { latestCatalogChangeSeq } from './change-seq.ts';
import { loadProductsByIds, loadProductsWithChangeSeq } from './products.repository.ts';
import {
  searchIndexOver,
  type IndexPosition,
  type RankedKey,
  type SearchIndex,
  type SearchQuery,
} from './search-index.ts';
import { memoryPrefixIndex, memoryTermIndex } from './search-index.memory.ts';
import {
  drivenByOneWord,
  postgresDrivenMatch,
  postgresMatch,
  postgresTermIndex,
} from './search-index.postgres.ts';
import { sqliteMatch } from './search-index.sqlite.ts';
import type { SearchData } from './search-memory-data.ts';
import type { SearchMemory } from './search-memory.ts';
import { queryTokens } from './search-text.ts';

/** What search runs on: the database, and the organisation's search data in memory when it is held. */
export interface SearchDeps {
  db: Kysely<DB>;
  dialect: DialectName;
  searchMemory?: SearchMemory | undefined;
}

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

/** Where a page ends: among the ranked candidates, or past them in index order. */
type Position = { phase: 'ranked'; key: RankedKey } | { phase: 'index'; at: IndexPosition };

function encodePosition(position: Position): string {
  return encodeCursor(position.phase === 'ranked' ? ['r', ...position.key] : ['i', ...position.at]);
}

function decodePosition(cursor: string, index: SearchIndex): Outcome<Position> {
  const ranked = decodeCursor(cursor, ['string', 'number', 'number', 'string', 'string']);
  if (ranked.ok && ranked.value[0] === 'r')
    return { ok: true, value: { phase: 'ranked', key: ranked.value.slice(1) as RankedKey } };
  const inIndex = decodeCursor(cursor, ['string', ...index.positionTypes]);
  if (inIndex.ok && inIndex.value[0] === 'i')
    return { ok: true, value: { phase: 'index', at: inIndex.value.slice(1) } };
  return invalidCursor();
}

/** One page of ids from `from`: ranked candidates first, then matches past them in index order. */
async function pageOfIds(
  index: SearchIndex,
  from: Position | null,
  limit: number,
): Promise<{ ids: string[]; next: Position | null }> {
  let ids: string[] = [];
  let end: IndexPosition | null;
  if (from?.phase === 'index') {
    end = from.at;
  } else {
    const ranked = await index.ranked(from?.key ?? null, limit + 1);
    if (ranked.length > limit) {
      return {
        ids: ranked.slice(0, limit).map((r) => r.id),
        next: { phase: 'ranked', key: ranked[limit - 1]!.key },
      };
    }
    ids = ranked.map((r) => r.id);
    // A first page that holds every candidate holds every match (limit < SEARCH_CANDIDATES).
    end = from === null ? null : await index.candidatesEnd();
    if (end === null) return { ids, next: null };
  }
  const room = limit - ids.length;
  const rest = await index.beyond(end, room + 1);
  const taken = rest.slice(0, room);
  // A page filled by the candidates alone resumes at their end.
  const resumeAt = taken.at(-1)?.position ?? end;
  return {
    ids: [...ids, ...taken.map((r) => r.id)],
    next: rest.length > room ? { phase: 'index', at: resumeAt } : null,
  };
}

/**
 * The index that answers a query. PostgreSQL answers one word among active
 * products from its term table (a broad prefix never touches the heap), and
 * anything else from the prefix arrays (search-index.postgres.ts). With the
 * organisation's search data in memory, the same index is answered from it
 * (search-index.memory.ts): the results, and the cursors, are the same.
 */
export function searchIndexFor(
  db: Kysely<DB>,
  dialect: DialectName,
  query: SearchQuery,
  inMemory?: SearchData,
): SearchIndex {
  const { scope, tokens } = query;
  const activeOnly = !scope.archived && scope.categoryId === undefined;
  const byTerm = dialect === 'postgres' && tokens.length === 1 && activeOnly;
  if (inMemory) return byTerm ? memoryTermIndex(inMemory, query) : memoryPrefixIndex(inMemory, query);
  if (dialect === 'sqlite') return searchIndexOver(db, sqliteMatch(query), query);
  if (byTerm) return postgresTermIndex(db, query);
  if (activeOnly && drivenByOneWord(tokens)) return searchIndexOver(db, postgresDrivenMatch(query), query);
  return searchIndexOver(db, postgresMatch(query), query);
}

/**
 * Full-text product search, one function for both engines: every query word
 * must match as a prefix of a folded token (name, brand, category, tags, SKUs,
 * barcodes, option values). Exact SKU/barcode hits come first, then the
 * ranked candidates (search-index.ts: bm25 on SQLite, words typed whole on
 * PostgreSQL, then name and id), then any matches past the candidates in
 * index order; the cursor remembers which part a page ended in, so pages
 * never skip or repeat.
 *
 * With the organisation's search data in memory, the page is ranked on the
 * data as held and its products are taken from memory too when they are held
 * there, else loaded with the catalogue's change number (one statement either
 * way): when the catalogue changed since the data was last brought up to date,
 * the data catches up and the page is ranked again.
 */
export async function searchProducts(
  deps: SearchDeps,
  organisationId: string,
  query: string,
  options: SearchOptions = {},
): Promise<Outcome<ProductPageResult>> {
  const { db } = deps;
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const tokens = queryTokens(query);
  if (tokens.length === 0) return { ok: true, value: { items: [], nextCursor: null } };
  const scope = { organisationId, archived: options.archived === true, categoryId: options.categoryId };
  const exact = exactMatches(db, organisationId, query.trim());
  const held = deps.searchMemory?.peek(organisationId);
  if (held) {
    const answer = await searchHeld(deps, held, { scope, tokens, exact }, options.cursor, limit);
    if (answer) return answer;
  }
  const [exactIds, inMemory] = await Promise.all([exact, deps.searchMemory?.current(organisationId)]);
  const page = await pageOfQuery(deps, { scope, tokens, exactIds }, options.cursor, limit, inMemory);
  if (!page.ok) return page;
  return pageResult(await loadProductsByIds(db, organisationId, page.value.ids), page.value.next);
}

/**
 * A page from the search data as held, or undefined when the catalogue changed
 * since it was last brought up to date. A typed word is rarely an exact SKU or
 * barcode, so the page is ranked as if it were none while that look-up runs,
 * and its products are loaded beside it; only an exact hit ranks and loads again.
 */
async function searchHeld(
  deps: SearchDeps,
  held: SearchData,
  query: { scope: SearchQuery['scope']; tokens: string[]; exact: Promise<string[]> },
  cursor: string | undefined,
  limit: number,
): Promise<Outcome<ProductPageResult> | undefined> {
  const { scope, tokens } = query;
  const seq = held.seq;
  const load = async (exactIds: string[]): Promise<Outcome<ProductPageResult> | undefined> => {
    const page = await pageOfQuery(deps, { scope, tokens, exactIds }, cursor, limit, held);
    if (!page.ok) return page;
    // Changes folded in meanwhile by another search: the ranking may have seen part of them.
    if (held.seq !== seq) return undefined;
    const products = held.documents?.getAll(page.value.ids);
    if (products) {
      // The products as held are current when the catalogue has not changed since.
      if ((await latestCatalogChangeSeq(deps.db)) !== seq) return undefined;
      return pageResult(products, page.value.next);
    }
    const loaded = await loadProductsWithChangeSeq(deps.db, scope.organisationId, page.value.ids);
    return loaded.changeSeq === seq ? pageResult(loaded.products, page.value.next) : undefined;
  };
  const [exactIds, withoutExact] = await Promise.all([query.exact, load([])]);
  return exactIds.length === 0 ? withoutExact : load(exactIds);
}

/** The ids of the page from `cursor`, from memory when the data is given, else from the database's index. */
async function pageOfQuery(
  deps: SearchDeps,
  searchQuery: SearchQuery,
  cursor: string | undefined,
  limit: number,
  inMemory: SearchData | undefined,
): Promise<Outcome<{ ids: string[]; next: Position | null }>> {
  const index = searchIndexFor(deps.db, deps.dialect, searchQuery, inMemory);
  let from: Position | null = null;
  if (cursor) {
    const decoded = decodePosition(cursor, index);
    if (!decoded.ok) return decoded;
    from = decoded.value;
  }
  return { ok: true, value: await pageOfIds(index, from, limit) };
}

function pageResult(items: Product[], next: Position | null): Outcome<ProductPageResult> {
  return { ok: true, value: { items, nextCursor: next ? encodePosition(next) : null } };
}
