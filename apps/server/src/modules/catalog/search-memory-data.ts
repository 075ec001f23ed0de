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
import type { ProductDocuments } from './product-documents.ts';

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
  copyTo(target: Int32Array, offset: number): void {
    target.set(this.items.subarray(0, this.length), offset);
  }
}

/** Adds products in search-id order, then finishes into SearchData. */
export class SearchDataBuilder {
  private readonly entries: SearchEntry[] = [];
  private readonly slotById = new Map<string, number>();
  private readonly prefixes = new Map<string, SlotList>();
  private readonly terms = new Map<string, SlotList>();
  private astral = false;
  private lastSearchId = -Infinity;
  /** A rough count of the bytes the finished data holds. */
  private bytes = 0;

  add(entry: SearchEntry): void {
    if (entry.searchId <= this.lastSearchId) throw new Error('search entries must come in search-id order');
    this.lastSearchId = entry.searchId;
    const slot = this.entries.length;
    this.entries.push(entry);
    this.slotById.set(entry.id, slot);
    const words = wordsOf(entry);
    const starts = new Set<string>();
    for (const word of words) {
      const chars = [...word];
      if (chars.length !== word.length) this.astral = true;
      for (let n = 1; n <= Math.min(SEARCH_PREFIX_LENGTH, chars.length); n++)
        starts.add(chars.slice(0, n).join(''));
      if (!entry.archived) this.bytes += pushSlot(this.terms, word, slot, TERM_BYTES);
    }
    for (const start of starts) this.bytes += pushSlot(this.prefixes, start, slot, PREFIX_BYTES);
    this.bytes += ENTRY_BYTES + 2 * (entry.id.length + entry.name.length + entry.spaced.length);
  }

  /** About what the data takes so far, in bytes. */
  get estimatedBytes(): number {
    return this.bytes;
  }

  /**
   * The finished data; `seq` is the catalogue change number it is complete up to. The work is
   * cut into slices with `pause()` between them (the server answers requests meanwhile): sorting
   * 300,000 terms in one go held the event loop for about 300 ms.
   */
  async finish(seq: number, pause: () => Promise<void>): Promise<SearchData> {
    const terms = await sortInSlices([...this.terms.keys()], this.astral, pause);
    const termStart = new Int32Array(terms.length + 1);
    const lists: SlotList[] = [];
    let total = 0;
    for (let i = 0; i < terms.length; i++) {
      const list = this.terms.get(terms[i]!)!;
      lists.push(list);
      termStart[i] = total;
      total += list.length;
      if (i % SLICE === SLICE - 1) await pause();
    }
    termStart[terms.length] = total;
    const termSlots = new Int32Array(total);
    for (let i = 0; i < lists.length; i++) {
      lists[i]!.copyTo(termSlots, termStart[i]!);
      if (i % SLICE === SLICE - 1) await pause();
    }
    const prefixes = new Map<string, Int32Array>();
    for (const [start, list] of this.prefixes) {
      prefixes.set(start, list.done());
      if (prefixes.size % 1024 === 0) await pause();
    }
    return new SearchData(
      this.entries,
      this.slotById,
      prefixes,
      terms,
      termStart,
      termSlots,
      seq,
      this.bytes,
    );
  }
}

/** Items handled between two pauses while finishing. */
const SLICE = 16384;

/**
 * Sorts distinct strings in byte order in slices: runs sorted natively, then merged pairwise.
 * The native sort is UTF-16 order, which is byte order unless a string holds an astral letter.
 */
export async function sortInSlices(
  items: string[],
  astral: boolean,
  pause: () => Promise<void>,
): Promise<string[]> {
  let runs: string[][] = [];
  for (let i = 0; i < items.length; i += SLICE) {
    const run = items.slice(i, i + SLICE);
    if (astral) run.sort(compareCodePoints);
    else run.sort();
    runs.push(run);
    await pause();
  }
  const before = astral
    ? (a: string, b: string) => compareCodePoints(a, b) < 0
    : (a: string, b: string) => a < b;
  while (runs.length > 1) {
    const merged: string[][] = [];
    for (let r = 0; r < runs.length; r += 2) {
      const [a, b] = [runs[r]!, runs[r + 1]];
      if (!b) {
        merged.push(a);
        continue;
      }
      const out = new Array<string>(a.length + b.length);
      let i = 0;
      let j = 0;
      for (let k = 0; k < out.length; k++) {
        out[k] = j >= b.length || (i < a.length && before(a[i]!, b[j]!)) ? a[i++]! : b[j++]!;
        if (k % (4 * SLICE) === 4 * SLICE - 1) await pause();
      }
      merged.push(out);
    }
    runs = merged;
  }
  return runs[0] ?? [];
}

// Rough sizes beside the strings (two bytes a unit at most): an entry's object, map and array
// slots; a term's string header and offsets; a prefix's map entry and typed array.
const ENTRY_BYTES = 160;
const TERM_BYTES = 48;
const PREFIX_BYTES = 120;

/** Adds the slot to the key's list (made on first use); answers the bytes that added. */
function pushSlot(map: Map<string, SlotList>, key: string, slot: number, keyBytes: number): number {
  const list = map.get(key);
  if (list) {
    list.push(slot);
    return 4;
  }
  const made = new SlotList();
  made.push(slot);
  map.set(key, made);
  return 4 + keyBytes + 2 * key.length;
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
  /** The products themselves, current up to the same `seq`, when they fit the budget (search-memory.ts). */
  documents: ProductDocuments | null = null;
  private overlay: Overlay = EMPTY_OVERLAY;
  private readonly overlayById = new Map<string, SearchEntry>();

  constructor(
    /** Base products in search-id order; a slot is an index here. */
    readonly entries: SearchEntry[],
    /** Each base product's slot, by id. */
    private readonly slotById: Map<string, number>,
    private readonly prefixes: Map<string, Int32Array>,
    /** Base terms in byte order; term i's slots are termSlots[termStart[i] … termStart[i+1]). */
    readonly terms: string[],
    readonly termStart: Int32Array,
    readonly termSlots: Int32Array,
    /** The catalogue change number this data is complete up to. */
    public seq: number,
    /** About what the data takes, in bytes (counted while it was built). */
    readonly estimatedBytes: number,
  ) {
    this.alive = new Uint8Array(entries.length).fill(1);
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

/**
 * The first index in [from, to) where `reached` holds, or `to`: a binary search over a range in
 * which `reached` turns true once and stays true.
 */
export function firstReached(from: number, to: number, reached: (index: number) => boolean): number {
  while (from < to) {
    const mid = (from + to) >>> 1;
    if (reached(mid)) to = mid;
    else from = mid + 1;
  }
  return from;
}

/** The first index in `sorted` (byte order) whose value is ≥ `value`. */
export const lowerBound = (sorted: string[], value: string): number =>
  firstReached(0, sorted.length, (i) => compareCodePoints(sorted[i]!, value) >= 0);
