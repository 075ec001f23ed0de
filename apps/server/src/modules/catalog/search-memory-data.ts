// One organisation's catalogue search data held in memory (search-memory.ts
// keeps it fresh). The structures mirror the database's own search indexes so
// that search-index.memory.ts can answer exactly what the SQL indexes answer:
// - prefix postings: every one- to four-letter word start → products, in
//   search-id order (PostgreSQL's search_prefixes, SQLite's FTS5 prefix index);
// - terms: every word of an active product, sorted in byte order, → products
//   in search-id order (PostgreSQL's product_search_terms).
// The base is built once and never rewritten: a product that changes later is
// struck from it and lives in a small overlay until the next rebuild.
import { SEARCH_PREFIX_LENGTH } from '../../db/migrations/0007-search-prefixes.ts';

/** A product as search sees it. */
export interface SearchEntry {
  searchId: number;
  id: string;
  name: string;
  /** ' ' + search_text + ' ': word starts and whole words are found with includes(). */
  spaced: string;
  /** search_text's length in code points (as SQL's length() counts). */
  textLength: number;
  archived: boolean;
  categoryId: string | null;
}

/** The columns a SearchEntry is made of. */
export interface SearchRow {
  id: string;
  search_id: number | string | bigint;
  name: string;
  search_text: string;
  archived_at: string | Date | null;
  category_id: string | null;
}

export function toSearchEntry(row: SearchRow): SearchEntry {
  return {
    searchId: Number(row.search_id),
    id: row.id,
    name: row.name,
    spaced: ` ${row.search_text} `,
    textLength: codePointLength(row.search_text),
    archived: row.archived_at !== null,
    categoryId: row.category_id,
  };
}

function codePointLength(text: string): number {
  let surrogates = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) surrogates += 1;
  }
  return text.length - surrogates;
}

const isSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdfff;

/**
 * Code point order, which is UTF-8 byte order: SQLite's BINARY collation and
 * PostgreSQL's "C". JavaScript's own `<` compares UTF-16 units, which puts an
 * astral character (a surrogate pair) before U+E000–U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = isSurrogate(x);
    if (xs !== isSurrogate(y)) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** The distinct words of an entry's search text. */
export const wordsOf = (entry: SearchEntry): string[] => [
  ...new Set(entry.spaced.split(' ').filter((w) => w !== '')),
];

/** A growable list of int32 (slots), kept compact. */
class SlotList {
  private items = new Int32Array(4);
  length = 0;
  push(slot: number): void {
    if (this.length === this.items.length) {
      const grown = new Int32Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.length++] = slot;
  }
  done(): Int32Array {
    return this.items.slice(0, this.length);
  }
}

/** Adds products in search-id order, then finishes into SearchData. */
export class SearchDataBuilder {
  private readonly entries: SearchEntry[] = [];
  private readonly prefixes = new Map<string, SlotList>();
  private readonly terms = new Map<string, SlotList>();
  private astral = false;
  private lastSearchId = -Infinity;

  add(entry: SearchEntry): void {
    if (entry.searchId <= this.lastSearchId) throw new Error('search entries must come in search-id order');
    this.lastSearchId = entry.searchId;
    const slot = this.entries.length;
    this.entries.push(entry);
    const words = wordsOf(entry);
    const starts = new Set<string>();
    for (const word of words) {
      const chars = [...word];
      if (chars.length !== word.length) this.astral = true;
      for (let n = 1; n <= Math.min(SEARCH_PREFIX_LENGTH, chars.length); n++)
        starts.add(chars.slice(0, n).join(''));
      if (!entry.archived) listFor(this.terms, word).push(slot);
    }
    for (const start of starts) listFor(this.prefixes, start).push(slot);
  }

  /** The finished data; `seq` is the catalogue change number it is complete up to. */
  finish(seq: number): SearchData {
    const terms = [...this.terms.keys()];
    // The native sort is UTF-16 order; it equals byte order unless a word has an astral letter.
    if (this.astral) terms.sort(compareCodePoints);
    else terms.sort();
    const termStart = new Int32Array(terms.length + 1);
    let total = 0;
    terms.forEach((term, i) => {
      termStart[i] = total;
      total += this.terms.get(term)!.length;
    });
    termStart[terms.length] = total;
    const termSlots = new Int32Array(total);
    terms.forEach((term, i) => termSlots.set(this.terms.get(term)!.done(), termStart[i]));
    const prefixes = new Map<string, Int32Array>();
    for (const [start, list] of this.prefixes) prefixes.set(start, list.done());
    return new SearchData(this.entries, prefixes, terms, termStart, termSlots, seq);
  }
}

function listFor(map: Map<string, SlotList>, key: string): SlotList {
  let list = map.get(key);
  if (!list) {
    list = new SlotList();
    map.set(key, list);
  }
  return list;
}

/** The products changed since the base was built: few, scanned whole. */
interface Overlay {
  /** In search-id order. */
  entries: SearchEntry[];
  /** Words of the active overlay products, byte order, each with its products in search-id order. */
  terms: string[];
  termEntries: Map<string, SearchEntry[]>;
}

const EMPTY_OVERLAY: Overlay = { entries: [], terms: [], termEntries: new Map() };

export class SearchData {
  /** Base slots still current (0: the product changed and lives in the overlay). */
  readonly alive: Uint8Array;
  private readonly slotById = new Map<string, number>();
  private overlay: Overlay = EMPTY_OVERLAY;
  private readonly overlayById = new Map<string, SearchEntry>();

  constructor(
    /** Base products in search-id order; a slot is an index here. */
    readonly entries: SearchEntry[],
    private readonly prefixes: Map<string, Int32Array>,
    /** Base terms in byte order; term i's slots are termSlots[termStart[i] … termStart[i+1]). */
    readonly terms: string[],
    readonly termStart: Int32Array,
    readonly termSlots: Int32Array,
    /** The catalogue change number this data is complete up to. */
    public seq: number,
  ) {
    this.alive = new Uint8Array(entries.length).fill(1);
    entries.forEach((entry, slot) => this.slotById.set(entry.id, slot));
  }

  /** The slots (search-id order) whose product has a word starting with `start` (one to four letters). */
  prefixSlots(start: string): Int32Array | undefined {
    return this.prefixes.get(start);
  }

  get overlayEntries(): SearchEntry[] {
    return this.overlay.entries;
  }

  get overlayTerms(): string[] {
    return this.overlay.terms;
  }

  overlayTermEntries(term: string): SearchEntry[] {
    return this.overlay.termEntries.get(term) ?? [];
  }

  /** The product as it is now, or undefined when it is not this organisation's. */
  current(id: string): SearchEntry | undefined {
    const changed = this.overlayById.get(id);
    if (changed) return changed;
    const slot = this.slotById.get(id);
    return slot !== undefined && this.alive[slot] === 1 ? this.entries[slot] : undefined;
  }

  /** Products written since `seq`, in any order; their new versions replace the old. */
  apply(changed: SearchEntry[], seq: number): void {
    for (const entry of changed) {
      const slot = this.slotById.get(entry.id);
      if (slot !== undefined) this.alive[slot] = 0;
      this.overlayById.set(entry.id, entry);
    }
    if (changed.length > 0) this.overlay = buildOverlay([...this.overlayById.values()]);
    this.seq = seq;
  }

  get overlaySize(): number {
    return this.overlayById.size;
  }

  /** A rough count of the bytes held, to keep the cache within its budget. */
  estimateBytes(): number {
    let strings = 0;
    for (const e of this.entries) strings += e.id.length + e.name.length + e.spaced.length;
    for (const t of this.terms) strings += t.length;
    let postings = this.termSlots.length + this.termStart.length + this.alive.length / 4;
    for (const [start, slots] of this.prefixes) {
      postings += slots.length;
      strings += start.length;
    }
    // Strings at up to two bytes a unit; about 120 bytes of object and map overhead per product,
    // 40 per term and 100 per prefix posting list.
    return (
      strings * 2 +
      postings * 4 +
      this.entries.length * 120 +
      this.terms.length * 40 +
      this.prefixes.size * 100
    );
  }
}

function buildOverlay(entries: SearchEntry[]): Overlay {
  entries.sort((a, b) => a.searchId - b.searchId);
  const termEntries = new Map<string, SearchEntry[]>();
  for (const entry of entries) {
    if (entry.archived) continue;
    for (const word of wordsOf(entry)) {
      const list = termEntries.get(word);
      if (list) list.push(entry);
      else termEntries.set(word, [entry]);
    }
  }
  return { entries, terms: [...termEntries.keys()].sort(compareCodePoints), termEntries };
}

/** The first index in `sorted` (byte order) whose value is ≥ `value`. */
export function lowerBound(sorted: string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareCodePoints(sorted[mid]!, value) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
