// The search indexes of search-index.ts and search-index.postgres.ts, answered
// from an organisation's SearchData in memory instead of SQL: the same
// matches, the same candidate cap, the same ranking and the same positions, so
// a cursor made by one continues in the other. Which of the two applies is the
// engine's rule (search-products.ts), not this file's. The SQL indexes read
// every match of a dense query from disk pages (PostgreSQL's slowest queries);
// here a match costs a string search in memory.
import { SEARCH_PREFIX_LENGTH } from '../../db/migrations/0007-search-prefixes.ts';
import {
  SEARCH_CANDIDATES,
  type IndexPosition,
  type RankedKey,
  type RankedMatch,
  type SearchIndex,
  type SearchQuery,
  type SearchScope,
} from './search-index.ts';
import {
  compareCodePoints,
  firstReached,
  lowerBound,
  wordsOf,
  type SearchData,
  type SearchEntry,
} from './search-memory-data.ts';
import { planWords } from './search-words.ts';

const inScope = (entry: SearchEntry, scope: SearchScope) =>
  entry.archived === scope.archived &&
  (scope.categoryId === undefined || entry.categoryId === scope.categoryId);

// A search runs on every keystroke: what it allocates decides how often the
// garbage collector pauses the server, so the matches are collected in plain
// loops (no generator per stream) and a page is picked from the candidates
// without building every candidate's sort key.

/**
 * A candidate's sort key, as the SQL index orders it: `[a, b, c, d]`, numbers
 * by value and text in byte order. `d` is the product id (prefix index) or its
 * search id (term index), which the cursor spells as tieId's digits.
 */
interface Keyed {
  id: string;
  a: number;
  b: number;
  c: string;
  d: string | number;
}

const tieId = (searchId: number) => String(searchId).padStart(20, '0');

const keyOf = (k: Keyed): RankedKey => [k.a, k.b, k.c, typeof k.d === 'number' ? tieId(k.d) : k.d];

function compareKeyed(x: Keyed, y: Keyed): number {
  return (
    x.a - y.a ||
    x.b - y.b ||
    compareCodePoints(x.c, y.c) ||
    (typeof x.d === 'number' ? x.d - (y.d as number) : compareCodePoints(x.d, y.d as string))
  );
}

/** Where a candidate lies against a cursor's key, as compareKeys(keyOf(k), after) would say. */
function compareToKey(k: Keyed, after: RankedKey): number {
  return (
    k.a - (after[0] as number) ||
    k.b - (after[1] as number) ||
    compareCodePoints(k.c, after[2] as string) ||
    compareCodePoints(typeof k.d === 'number' ? tieId(k.d) : k.d, after[3] as string)
  );
}

/** The first `limit` candidates after `after`, in key order (a sorted window, not a sort of all). */
function rankPage(candidates: Keyed[], after: RankedKey | null, limit: number): RankedMatch[] {
  const page: Keyed[] = [];
  if (limit <= 0) return [];
  for (const k of candidates) {
    if (after !== null && compareToKey(k, after) <= 0) continue;
    if (page.length === limit && compareKeyed(k, page[limit - 1]!) >= 0) continue;
    let lo = 0;
    let hi = page.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareKeyed(page[mid]!, k) <= 0) lo = mid + 1;
      else hi = mid;
    }
    page.splice(lo, 0, k);
    if (page.length > limit) page.pop();
  }
  return page.map((k) => ({ id: k.id, key: keyOf(k) }));
}

/** The first index in `slots` whose product's search id is greater than `after`. */
const firstSlotAfter = (data: SearchData, slots: Int32Array, after: number): number =>
  firstReached(0, slots.length, (i) => data.entries[slots[i]!]!.searchId > after);

const firstEntryAfter = (entries: SearchEntry[], after: number): number =>
  firstReached(0, entries.length, (i) => entries[i]!.searchId > after);

/** The score SQL gives a candidate: words not typed whole, then the shorter search text. */
function scoreOf(entry: SearchEntry, wholeNeedles: string[]): number {
  let notWhole = 0;
  for (const needle of wholeNeedles) if (!entry.spaced.includes(needle)) notWhole += 1;
  return notWhole * 100000 + entry.textLength;
}

/** The first index at or after `from` in the ascending `list` whose value is ≥ `target` (galloping). */
function gallop(list: Int32Array, from: number, target: number): number {
  let step = 1;
  let hi = from;
  while (hi < list.length && list[hi]! < target) {
    from = hi + 1;
    hi += step;
    step *= 2;
  }
  return firstReached(from, Math.min(hi, list.length), (i) => list[i]! >= target);
}

const NO_SLOTS = new Int32Array(0);

/**
 * Up to `limit` products in scope whose words start with each query token, in
 * search-id order after `after`, that `keep` accepts: the matches of
 * postgresMatch and sqliteMatch. In the base, the posting lists of the query's
 * word starts are intersected (as PostgreSQL's GIN index and FTS5 do) before
 * any text is read; the words longer than four letters are then checked
 * against the text. Changed products (the overlay) are merged in by search id.
 */
function matchesAfter(
  data: SearchData,
  query: SearchQuery,
  after: number,
  limit: number,
  keep?: (entry: SearchEntry) => boolean,
): SearchEntry[] {
  const found: SearchEntry[] = [];
  if (limit <= 0) return found;
  const needles = query.tokens.map((t) => ` ${t}`);
  const fits = (e: SearchEntry) =>
    inScope(e, query.scope) && needles.every((n) => e.spaced.includes(n)) && (keep === undefined || keep(e));
  const [driver = NO_SLOTS, ...others] = planWords(query.tokens, SEARCH_PREFIX_LENGTH)
    .keys.map((key) => data.prefixSlots(key) ?? NO_SLOTS)
    .sort((a, b) => a.length - b.length);
  const overlay = data.overlayEntries;
  let o = firstEntryAfter(overlay, after);
  const at = others.map(() => 0);
  walk: for (let i = firstSlotAfter(data, driver, after); i < driver.length; i++) {
    const slot = driver[i]!;
    for (let k = 0; k < others.length; k++) {
      const list = others[k]!;
      const p = gallop(list, at[k]!, slot);
      at[k] = p;
      if (p === list.length) break walk;
      if (list[p] !== slot) continue walk;
    }
    const entry = data.entries[slot]!;
    if (data.alive[slot] !== 1 || !fits(entry)) continue;
    for (; o < overlay.length && overlay[o]!.searchId <= entry.searchId; o++)
      if (fits(overlay[o]!) && found.push(overlay[o]!) === limit) return found;
    if (found.push(entry) === limit) return found;
  }
  for (; o < overlay.length; o++) if (fits(overlay[o]!) && found.push(overlay[o]!) === limit) return found;
  return found;
}

/** searchIndexOver's index (both engines' prefix matching), in memory. */
export function memoryPrefixIndex(data: SearchData, query: SearchQuery): SearchIndex {
  const exact = new Set(query.exactIds);
  const wholeNeedles = query.tokens.map((t) => ` ${t} `);
  let candidates: SearchEntry[] | undefined;
  const firstMatches = () => (candidates ??= matchesAfter(data, query, -Infinity, SEARCH_CANDIDATES));

  return {
    positionTypes: ['number'],

    async ranked(after: RankedKey | null, limit: number): Promise<RankedMatch[]> {
      const matches = firstMatches();
      const keyed: Keyed[] = matches.map((e) => ({
        id: e.id,
        a: exact.has(e.id) ? 0 : 1,
        b: scoreOf(e, wholeNeedles),
        c: e.name,
        d: e.id,
      }));
      // Exact hits past the candidate cap still rank first.
      if (query.exactIds.length > 0) {
        const inCandidates = new Set(matches.map((e) => e.id));
        for (const id of query.exactIds) {
          const entry = data.current(id);
          if (entry && !inCandidates.has(id) && inScope(entry, query.scope))
            keyed.push({ id, a: 0, b: 0, c: entry.name, d: entry.id });
        }
      }
      return rankPage(keyed, after, limit);
    },

    async candidatesEnd(): Promise<IndexPosition | null> {
      const last = firstMatches()[SEARCH_CANDIDATES - 1];
      return last ? [last.searchId] : null;
    },

    async beyond(position: IndexPosition, limit: number) {
      const rest = matchesAfter(data, query, position[0] as number, limit, (e) => !exact.has(e.id));
      return rest.map((e) => ({ id: e.id, position: [e.searchId] }));
    },
  };
}

type TermRow = { term: string; entry: SearchEntry };

/**
 * Up to `limit` of the term table's rows for terms starting with `word`, in
 * (term, search id) order after `after`, that `keep` accepts: the base's terms
 * and slots still current, merged with the overlay's.
 */
function termRows(
  data: SearchData,
  word: string,
  after: [string, number] | null,
  limit: number,
  keep?: (term: string, entry: SearchEntry) => boolean,
): TermRow[] {
  const rows: TermRow[] = [];
  if (limit <= 0) return rows;
  const add = (term: string, entry: SearchEntry) =>
    (keep === undefined || keep(term, entry)) && rows.push({ term, entry }) === limit;
  const from = after && compareCodePoints(after[0], word) > 0 ? after[0] : word;
  let i = lowerBound(data.terms, from);
  const overlayTerms = data.overlayTerms;
  let j = lowerBound(overlayTerms, from);
  for (;;) {
    const baseTerm = data.terms[i];
    const overlayTerm = overlayTerms[j];
    const order =
      baseTerm === undefined ? 1 : overlayTerm === undefined ? -1 : compareCodePoints(baseTerm, overlayTerm);
    const term = order <= 0 ? baseTerm : overlayTerm;
    if (term === undefined || !term.startsWith(word)) return rows;
    const skipTo = after && after[0] === term ? after[1] : -Infinity;
    const changed = order >= 0 ? data.overlayTermEntries(term) : [];
    let c = firstEntryAfter(changed, skipTo);
    if (order <= 0) {
      const end = data.termStart[i + 1]!;
      const slots = data.termSlots.subarray(data.termStart[i]!, end);
      for (let k = firstSlotAfter(data, slots, skipTo); k < slots.length; k++) {
        const slot = slots[k]!;
        if (data.alive[slot] !== 1) continue;
        const entry = data.entries[slot]!;
        for (; c < changed.length && changed[c]!.searchId <= entry.searchId; c++)
          if (add(term, changed[c]!)) return rows;
        if (add(term, entry)) return rows;
      }
      i += 1;
    }
    for (; c < changed.length; c++) if (add(term, changed[c]!)) return rows;
    if (order >= 0) j += 1;
  }
}

/** The first of the entry's words that starts with `word`, in byte order. */
function firstTermIn(entry: SearchEntry, word: string): string | undefined {
  let first: string | undefined;
  for (const w of wordsOf(entry))
    if (w.startsWith(word) && (first === undefined || compareCodePoints(w, first) < 0)) first = w;
  return first;
}

/** postgresTermIndex (one word among active products), in memory. */
export function memoryTermIndex(data: SearchData, query: SearchQuery): SearchIndex {
  const [word] = query.tokens as [string];
  const exact = new Set(query.exactIds);
  let capped: TermRow[] | undefined;
  const cappedRows = () => (capped ??= termRows(data, word, null, SEARCH_CANDIDATES));

  return {
    positionTypes: ['string', 'number'],

    async ranked(after: RankedKey | null, limit: number): Promise<RankedMatch[]> {
      // A product matching at several terms counts at its first (the rows come in term order).
      const seen = new Set<string>();
      const keyed: Keyed[] = [];
      for (const { term, entry } of cappedRows()) {
        if (seen.has(entry.id)) continue;
        seen.add(entry.id);
        if (!exact.has(entry.id))
          keyed.push({ id: entry.id, a: 1, b: term === word ? 0 : 1, c: term, d: entry.searchId });
      }
      for (const id of query.exactIds) {
        const entry = data.current(id);
        if (entry && inScope(entry, query.scope)) keyed.push({ id, a: 0, b: 0, c: '', d: entry.searchId });
      }
      return rankPage(keyed, after, limit);
    },

    async candidatesEnd(): Promise<IndexPosition | null> {
      const last = cappedRows()[SEARCH_CANDIDATES - 1];
      return last ? [last.term, last.entry.searchId] : null;
    },

    async beyond(position: IndexPosition, limit: number) {
      const after: [string, number] = [position[0] as string, position[1] as number];
      const rest = termRows(
        data,
        word,
        after,
        limit,
        (term, entry) => !exact.has(entry.id) && firstTermIn(entry, word) === term,
      );
      return rest.map((r) => ({ id: r.entry.id, position: [r.term, r.entry.searchId] }));
    },
  };
}
