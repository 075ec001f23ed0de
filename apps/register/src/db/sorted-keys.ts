// Sorted-array helpers of the in-memory catalogue index (catalogue-index.ts).

/** The first position in `sorted` whose word is not below `word`. */
export function lowerBound(sorted: readonly string[], word: string, from = 0): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < word) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Two sorted word lists as one (the words added since the last search, merged in). */
export function mergeSorted(a: readonly string[], b: readonly string[]): string[] {
  if (a.length === 0) return [...b];
  const out = new Array<string>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i]! <= b[j]! ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

/** The `count` smallest keys, in order, without sorting them all (the first page of a long list). */
export function smallest(keys: Float64Array, count: number): Float64Array {
  const best = new Float64Array(count).fill(Infinity);
  let worst = Infinity;
  for (const key of keys) {
    if (key >= worst) continue;
    let i = count - 1;
    while (i > 0 && best[i - 1]! > key) {
      best[i] = best[i - 1]!;
      i -= 1;
    }
    best[i] = key;
    worst = best[count - 1]!;
  }
  return best;
}
