import { parseDecimalToMinor } from '@kassa/domain';

/** The heaviest weight one line takes (thousandths of a kg): a shop scale's range, well past a sack of potatoes. */
export const MAX_WEIGHT_MILLI = 100_000;
/** The most pieces one line takes: more is a barcode typed into the wrong field. */
export const MAX_PIECES = 9_999;

export type QuantityProblem = 'empty' | 'format' | 'decimals' | 'zero' | 'tooMuch' | 'notWhole';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: QuantityProblem; limit?: number };

function normalised(text: string): string {
  return text.trim().replace(/\s/g, '').replace(',', '.');
}

/**
 * A typed weight in kg ("0,437", "1.25", "2") → thousandths of a kg (437, 1250, 2000), exactly as a
 * GS1 weight barcode gives grams: no float, at most 3 decimals, more than 0 and at most MAX_WEIGHT_MILLI.
 */
export function parseWeight(text: string): Parsed<number> {
  const clean = normalised(text);
  if (clean === '') return { ok: false, problem: 'empty' };
  if (!/^\d*\.?\d*$/.test(clean) || clean === '.') return { ok: false, problem: 'format' };
  const parsed = parseDecimalToMinor(clean.startsWith('.') ? `0${clean}` : clean.endsWith('.') ? clean.slice(0, -1) : clean, 3);
  if (!parsed.ok) return { ok: false, problem: parsed.error.code === 'MONEY_TOO_MANY_DECIMALS' ? 'decimals' : 'format' };
  if (parsed.value <= 0) return { ok: false, problem: 'zero' };
  if (parsed.value > MAX_WEIGHT_MILLI) return { ok: false, problem: 'tooMuch', limit: MAX_WEIGHT_MILLI };
  return { ok: true, value: parsed.value };
}

/** A typed number of pieces ("3") → 3: whole, at least 1 (remove the line to sell none), at most MAX_PIECES. */
export function parsePieces(text: string): Parsed<number> {
  const clean = normalised(text);
  if (clean === '') return { ok: false, problem: 'empty' };
  if (/^\d+\.\d*$/.test(clean)) return /^\d+\.0*$/.test(clean) ? parsePieces(clean.split('.')[0]!) : { ok: false, problem: 'notWhole' };
  if (!/^\d+$/.test(clean)) return { ok: false, problem: 'format' };
  const pieces = Number(clean);
  if (pieces === 0) return { ok: false, problem: 'zero' };
  if (pieces > MAX_PIECES) return { ok: false, problem: 'tooMuch', limit: MAX_PIECES };
  return { ok: true, value: pieces };
}
