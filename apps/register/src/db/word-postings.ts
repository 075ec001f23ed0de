import { DigitWords, type SlotRun } from './digit-words.ts';
import { lowerBound, mergeSorted } from './sorted-keys.ts';

type Postings = number | number[];

const slotsOf = (list: Postings): readonly number[] => (typeof list === 'number' ? [list] : list);

/** The words starting with a typed term: a range of `sorted`, the digit words' runs, and how many postings they hold. */
export interface WordRange {
  term: string;
  from: number;
  to: number;
  runs: SlotRun[];
  postings: number;
}

/**
 * Every word of the catalogue and the item slots having it (catalogue-index.ts): a sorted array of
 * the words, so the words a typed prefix starts are one binary search away, and each word's slots.
 * Words of digits only (barcodes, SKU numbers: most distinct words) are kept as numbers instead.
 */
export class WordPostings {
  /** Each word's item slots (a bare number for a word of one item). */
  private readonly postings = new Map<string, Postings>();
  private readonly digits = new DigitWords();
  private sorted: string[] = [];
  /** The postings of `sorted[i]` at `lists[i]`: a range of words is read without a map lookup per word. */
  private lists: Postings[] = [];
  private listsStale = false;
  /** Words added since the last search: sorted and merged into `sorted` before the next one. */
  private added: string[] = [];

  add(word: string, slot: number): void {
    if (DigitWords.holds(word)) return this.digits.add(word, slot);
    const list = this.postings.get(word);
    if (list === undefined) {
      this.postings.set(word, slot);
      this.added.push(word);
    } else if (typeof list === 'number') {
      this.postings.set(word, [list, slot]);
      this.listsStale = true;
    } else list.push(slot);
  }

  /** Merges the words added since the last search. */
  prepare(): void {
    this.digits.prepare();
    if (this.added.length) {
      this.added.sort();
      this.sorted = mergeSorted(this.sorted, this.added);
      this.added = [];
      this.listsStale = true;
    }
    if (this.listsStale) {
      this.lists = this.sorted.map((word) => this.postings.get(word)!);
      this.listsStale = false;
    }
  }

  /** The words starting with `term`, their postings counted up to `enough` (a cheap size estimate). */
  rangeOf(term: string, enough = Infinity): WordRange {
    const from = lowerBound(this.sorted, term);
    const to = lowerBound(this.sorted, `${term}\uffff`, from);
    const runs = this.digits.startingWith(term);
    let postings = runs.reduce((sum, run) => sum + run.to - run.from, 0);
    for (let w = from; w < to && postings < enough; w++) {
      const list = this.lists[w]!;
      postings += typeof list === 'number' ? 1 : list.length;
    }
    return { term, from, to, runs, postings };
  }

  /** Every slot of a range (a slot once per word of it that it has). */
  eachSlot(range: WordRange, visit: (slot: number) => void): void {
    for (let w = range.from; w < range.to; w++) for (const slot of slotsOf(this.lists[w]!)) visit(slot);
    eachInRuns(range.runs, visit);
  }

  /** The slots having `term` itself as a word. */
  eachWhole(term: string, visit: (slot: number) => void): void {
    for (const slot of slotsOf(this.postings.get(term) ?? [])) visit(slot);
    eachInRuns(this.digits.exactly(term), visit);
  }
}

function eachInRuns(runs: readonly SlotRun[], visit: (slot: number) => void): void {
  for (const run of runs) for (let i = run.from; i < run.to; i++) visit(run.slots[i]!);
}
