/** A run of item slots in one sorted group: `slots[from]` up to (not including) `slots[to]`. */
export interface SlotRun {
  slots: Int32Array;
  from: number;
  to: number;
}

interface Group {
  values: Float64Array;
  slots: Int32Array;
}

/** Up to 15 digits: exact as a double. Longer digit words stay strings (catalogue-index.ts). */
const DIGITS = /^\d{1,15}$/;

/**
 * The words made of digits only (barcodes, the numbers of SKUs): most of a catalogue's distinct
 * words, each on one item. Kept as numbers in sorted typed arrays, one group per length (so
 * "000123" is 123 among the six-digit words), instead of a string and a map entry each: a few
 * large arrays are little memory and nothing for the garbage collector to walk. A prefix is a
 * numeric range in each longer group: "871" is [871·10^10, 872·10^10) among the 13-digit words.
 */
export class DigitWords {
  private readonly groups = new Map<number, Group>();
  /** Added since the last search, by length: values and slots side by side (no object per word). */
  private pending = new Map<number, { values: number[]; slots: number[] }>();

  static holds(word: string): boolean {
    return DIGITS.test(word);
  }

  add(word: string, slot: number): void {
    let added = this.pending.get(word.length);
    if (!added) this.pending.set(word.length, (added = { values: [], slots: [] }));
    added.values.push(Number(word));
    added.slots.push(slot);
  }

  /** Merges the words added since the last search into their groups (sorted, then merged: linear). */
  prepare(): void {
    for (const [length, added] of this.pending) {
      const order = added.values.map((_, i) => i).sort((a, b) => added.values[a]! - added.values[b]!);
      const sorted: Group = {
        values: Float64Array.from(order, (i) => added.values[i]!),
        slots: Int32Array.from(order, (i) => added.slots[i]!),
      };
      this.groups.set(length, merged(this.groups.get(length), sorted));
    }
    this.pending.clear();
  }

  /** The slots of every digit word starting with `term` (digits only; else none). */
  startingWith(term: string): SlotRun[] {
    if (!DIGITS.test(term)) return [];
    const runs: SlotRun[] = [];
    const value = Number(term);
    for (const [length, group] of this.groups) {
      if (length < term.length) continue;
      const scale = 10 ** (length - term.length);
      runs.push(run(group, value * scale, (value + 1) * scale));
    }
    return runs;
  }

  /** The slots of the digit word that is exactly `term`. */
  exactly(term: string): SlotRun[] {
    const group = DIGITS.test(term) ? this.groups.get(term.length) : undefined;
    return group ? [run(group, Number(term), Number(term) + 1)] : [];
  }
}

/** The run of a group's values in [low, high). */
function run(group: Group, low: number, high: number): SlotRun {
  return { slots: group.slots, from: firstAtLeast(group.values, low), to: firstAtLeast(group.values, high) };
}

function firstAtLeast(values: Float64Array, value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Two sorted groups as one, in one pass. */
function merged(old: Group | undefined, added: Group): Group {
  if (!old) return added;
  const values = new Float64Array(old.values.length + added.values.length);
  const slots = new Int32Array(values.length);
  let i = 0;
  let j = 0;
  for (let k = 0; k < values.length; k++) {
    if (j >= added.values.length || (i < old.values.length && old.values[i]! <= added.values[j]!)) {
      values[k] = old.values[i]!;
      slots[k] = old.slots[i++]!;
    } else {
      values[k] = added.values[j]!;
      slots[k] = added.slots[j++]!;
    }
  }
  return { values, slots };
}
