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

/** Sort keys compare as SQL compares them: numbers by value, text in byte order. */
export function compareKeys(a: RankedKey, b: RankedKey): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const order = typeof x === 'number' ? x - (y as number) : compareCodePoints(x, y as string);
    if (order !== 0) return order;
  }
  return 0;
}

function rankPage(rows: RankedMatch[], after: RankedKey | null, limit: number): RankedMatch[] {
  return rows
    .filter((row) => after === null || compareKeys(row.key, after) > 0)
    .sort((a, b) => compareKeys(a.key, b.key))
    .slice(0, limit);
}

function take<T>(items: Iterable<T>, count: number): T[] {
  const taken: T[] = [];
  if (count <= 0) return taken;
  for (const item of items) {
    taken.push(item);
    if (taken.length === count) break;
  }
  return taken;
}

/** The first index in `slots` whose product's search id is greater than `after`. */
const firstSlotAfter = (data: SearchData, slots: Int32Array, after: number): number =>
  firstReached(0, slots.length, (i) => data.entries[slots[i]!]!.searchId > after);

const firstEntryAfter = (entries: SearchEntry[], after: number): number =>
  firstReached(0, entries.length, (i) => entries[i]!.searchId > after);

/** Merges two search-id ordered streams. */
function* mergeBySearchId(a: Iterator<SearchEntry>, b: Iterator<SearchEntry>): Generator<SearchEntry> {
  let x = a.next();
  let y = b.next();
  while (!x.done || !y.done) {
    if (y.done || (!x.done && x.value.searchId < y.value.searchId)) {
      yield x.value as SearchEntry;
      x = a.next();
    } else {
      yield y.value;
      y = b.next();
    }
  }
}

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
 * Every product in scope whose words start with each query token, in search-id
 * order after `after`: the matches of postgresMatch and sqliteMatch. In the
 * base, the posting lists of the query's word starts are intersected (as
 * PostgreSQL's GIN index and FTS5 do) before any text is read; the words
 * longer than four letters are then checked against the text.
 */
function* matchesAfter(data: SearchData, query: SearchQuery, after: number): Generator<SearchEntry> {
  const needles = query.tokens.map((t) => ` ${t}`);
  const fits = (e: SearchEntry) => inScope(e, query.scope) && needles.every((n) => e.spaced.includes(n));
  const [driver = NO_SLOTS, ...others] = planWords(query.tokens, SEARCH_PREFIX_LENGTH)
    .keys.map((key) => data.prefixSlots(key) ?? NO_SLOTS)
    .sort((a, b) => a.length - b.length);
  function* base(): Generator<SearchEntry> {
    const at = others.map(() => 0);
    walk: for (let i = firstSlotAfter(data, driver, after); i < driver.length; i++) {
      const slot = driver[i]!;
      for (let k = 0; k < others.length; k++) {
        const list = others[k]!;
        const p = gallop(list, at[k]!, slot);
        at[k] = p;
        if (p === list.length) return;
        if (list[p] !== slot) continue walk;
      }
      const entry = data.entries[slot]!;
      if (data.alive[slot] === 1 && fits(entry)) yield entry;
    }
  }
  function* overlay(): Generator<SearchEntry> {
    const entries = data.overlayEntries;
    for (let i = firstEntryAfter(entries, after); i < entries.length; i++)
      if (fits(entries[i]!)) yield entries[i]!;
  }
  yield* mergeBySearchId(base(), overlay());
}

/** searchIndexOver's index (both engines' prefix matching), in memory. */
export function memoryPrefixIndex(data: SearchData, query: SearchQuery): SearchIndex {
  const exact = new Set(query.exactIds);
  const wholeNeedles = query.tokens.map((t) => ` ${t} `);
  let candidates: SearchEntry[] | undefined;
  const firstMatches = () => (candidates ??= take(matchesAfter(data, query, -Infinity), SEARCH_CANDIDATES));

  return {
    positionTypes: ['number'],

    async ranked(after: RankedKey | null, limit: number): Promise<RankedMatch[]> {
      const matches = firstMatches();
      const rows: RankedMatch[] = matches.map((e) => ({
        id: e.id,
        key: [exact.has(e.id) ? 0 : 1, scoreOf(e, wholeNeedles), e.name, e.id],
      }));
      // Exact hits past the candidate cap still rank first.
      const inCandidates = new Set(matches.map((e) => e.id));
      for (const id of query.exactIds) {
        const entry = data.current(id);
        if (entry && !inCandidates.has(id) && inScope(entry, query.scope))
          rows.push({ id, key: [0, 0, entry.name, entry.id] });
      }
      return rankPage(rows, after, limit);
    },

    async candidatesEnd(): Promise<IndexPosition | null> {
      const last = firstMatches()[SEARCH_CANDIDATES - 1];
      return last ? [last.searchId] : null;
    },

    async beyond(position: IndexPosition, limit: number) {
      const rest = (function* () {
        for (const e of matchesAfter(data, query, position[0] as number)) if (!exact.has(e.id)) yield e;
      })();
      return take(rest, limit).map((e) => ({ id: e.id, position: [e.searchId] }));
    },
  };
}

type TermRow = { term: string; entry: SearchEntry };

/**
 * The term table's rows for terms starting with `word`, in (term, search id)
 * order after `after`: the base's terms and slots still current, merged with
 * the overlay's.
 */
function* termRows(data: SearchData, word: string, after: [string, number] | null): Generator<TermRow> {
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
    if (term === undefined || !term.startsWith(word)) return;
    const baseSlots = order <= 0 ? data.termSlots.subarray(data.termStart[i]!, data.termStart[i + 1]!) : null;
    const overlayEntries = order >= 0 ? data.overlayTermEntries(term) : [];
    if (order <= 0) i += 1;
    if (order >= 0) j += 1;
    const skipTo = after && after[0] === term ? after[1] : -Infinity;
    const base = (function* () {
      if (!baseSlots) return;
      for (let k = firstSlotAfter(data, baseSlots, skipTo); k < baseSlots.length; k++) {
        const slot = baseSlots[k]!;
        if (data.alive[slot] === 1) yield data.entries[slot]!;
      }
    })();
    const changed = overlayEntries.slice(firstEntryAfter(overlayEntries, skipTo)).values();
    for (const entry of mergeBySearchId(base, changed)) yield { term, entry };
  }
}

const tieId = (searchId: number) => String(searchId).padStart(20, '0');

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
  const cappedRows = () => (capped ??= take(termRows(data, word, null), SEARCH_CANDIDATES));

  return {
    positionTypes: ['string', 'number'],

    async ranked(after: RankedKey | null, limit: number): Promise<RankedMatch[]> {
      // A product matching at several terms counts at its first (the rows come in term order).
      const firstTerm = new Map<string, TermRow>();
      for (const row of cappedRows()) if (!firstTerm.has(row.entry.id)) firstTerm.set(row.entry.id, row);
      const rows: RankedMatch[] = [];
      for (const { term, entry } of firstTerm.values())
        if (!exact.has(entry.id))
          rows.push({ id: entry.id, key: [1, term === word ? 0 : 1, term, tieId(entry.searchId)] });
      for (const id of query.exactIds) {
        const entry = data.current(id);
        if (entry && inScope(entry, query.scope)) rows.push({ id, key: [0, 0, '', tieId(entry.searchId)] });
      }
      return rankPage(rows, after, limit);
    },

    async candidatesEnd(): Promise<IndexPosition | null> {
      const last = cappedRows()[SEARCH_CANDIDATES - 1];
      return last ? [last.term, last.entry.searchId] : null;
    },

    async beyond(position: IndexPosition, limit: number) {
      const after: [string, number] = [position[0] as string, position[1] as number];
      const rest = (function* () {
        for (const row of termRows(data, word, after))
          if (!exact.has(row.entry.id) && firstTermIn(row.entry, word) === row.term) yield row;
      })();
      return take(rest, limit).map((r) => ({ id: r.entry.id, position: [r.term, r.entry.searchId] }));
    },
  };
}
