import { totalOfCount } from '@kassa/domain';

/** How many of each note and coin (value in minor units → number counted). */
export type Counts = Record<number, number>;

/** The count as the server takes it: only the notes and coins that were counted, largest first. */
export function countLines(counts: Counts): Array<{ value: number; count: number }> {
  return Object.entries(counts).filter(([, n]) => n > 0).map(([value, count]) => ({ value: Number(value), count })).sort((a, b) => b.value - a.value);
}

/** The counted total in minor units (the domain's totalOfCount; 0 for a note the currency does not have). */
export function countTotal(currency: string, counts: Counts): number {
  const total = totalOfCount(currency, countLines(counts));
  return total.ok ? total.value : 0;
}
