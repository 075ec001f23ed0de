import { currencyExponent, parseDecimalToMinor } from '@kassa/domain';

/** Typed money ("12,50", "12.50", "12") → minor units, exactly (no float); null when it is not an amount ≥ 0. */
export function parseAmount(text: string, currency: string): number | null {
  const normalised = text.trim().replace(/\s/g, '').replace(',', '.');
  if (normalised === '') return null;
  const parsed = parseDecimalToMinor(normalised, currencyExponent(currency), { decimalSeparator: '.' });
  return parsed.ok && parsed.value >= 0 ? parsed.value : null;
}
