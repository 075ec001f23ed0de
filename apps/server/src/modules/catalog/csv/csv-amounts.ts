import { formatMinor, parseDecimalToMinor } from '@kassa/domain';

export type AmountParse = { ok: true; value: number } | { ok: false; reason: string };

const EUR_EXPONENT = 2;

/**
 * Reads a price as written in a spreadsheet: "12,95" (Dutch Excel), "12.95",
 * "12" or "€ 12,95". Only string arithmetic (via @kassa/domain), never floats:
 * "2,30" is exactly 230 and "8,165" is refused instead of becoming 816 or 817.
 */
export function parseCsvAmount(text: string): AmountParse {
  const trimmed = text.trim().replace(/^€\s*/, '');
  if (/^\d{1,3}([.,]\d{3})+[.,]\d+$/.test(trimmed) || /^\d{1,3}(\.\d{3}){2,}$/.test(trimmed)) {
    return {
      ok: false,
      reason: `"${text}" has a thousands separator: write the amount without it, e.g. 1234,50`,
    };
  }
  const separator = trimmed.includes(',') ? ',' : '.';
  const parsed = parseDecimalToMinor(trimmed, EUR_EXPONENT, { decimalSeparator: separator });
  if (parsed.ok) {
    if (parsed.value < 0) return { ok: false, reason: `"${text}" is negative: prices are 0 or more` };
    return parsed;
  }
  if (parsed.error.code === 'MONEY_TOO_MANY_DECIMALS') {
    return { ok: false, reason: `"${text}" has too many decimals: use at most 2 (cents), e.g. 12,95` };
  }
  if (parsed.error.code === 'MONEY_OUT_OF_RANGE') return { ok: false, reason: `"${text}" is too large` };
  return { ok: false, reason: `"${text}" is not an amount: write it like 12,95 or 12.95` };
}

/** Writes cents as a spreadsheet amount with the file's decimal separator: 1295 → "12,95". */
export function formatCsvAmount(cents: number, decimalSeparator: '.' | ','): string {
  return formatMinor(cents, EUR_EXPONENT, decimalSeparator);
}
