import { gtinCheckDigit } from '@kassa/domain';

/**
 * An EAN-13 from a 12-digit body plus its GS1 check digit. Kassa's demo codes
 * use the Dutch GS1 prefix 871 followed by made-up company and item numbers.
 */
export function ean13(body: string): string {
  if (!/^\d{12}$/.test(body)) throw new RangeError(`An EAN-13 body has 12 digits, got "${body}"`);
  return body + String(gtinCheckDigit(body));
}

/** The demo shop's n-th code: 8719876 (prefix + company) + 5-digit item number. */
export function demoEan(n: number): string {
  return ean13(`8719876${String(n).padStart(5, '0')}`);
}

/** A generated catalogue's n-th code: 8718 + 8-digit item number (up to 100 million codes). */
export function generatedEan(n: number): string {
  if (n < 0 || n >= 100_000_000) throw new RangeError(`Generated EAN number ${n} is outside 0..99,999,999`);
  return ean13(`8718${String(n).padStart(8, '0')}`);
}
