// Local GS1 check until the catalogue delegates to @kassa/domain's
// validateBarcode / isValidGtin / classifyBarcode (same rules, same results);
// kept behind this one file so the swap touches nothing else.

/** What a barcode is: a GS1 GTIN of a known length, or free Code 128 text (no check digit). */
export type BarcodeKind = 'EAN-8' | 'UPC-A' | 'EAN-13' | 'GTIN-14' | 'CODE128';

const GTIN_KINDS: Record<number, BarcodeKind> = { 8: 'EAN-8', 12: 'UPC-A', 13: 'EAN-13', 14: 'GTIN-14' };

/** GS1 mod-10 check digit of a numeric body: weights 3, 1, 3, … from the rightmost digit. */
export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** All-digit codes of GTIN lengths are GTINs; everything else is Code 128. */
export function classifyBarcode(code: string): BarcodeKind {
  return (/^\d+$/.test(code) && GTIN_KINDS[code.length]) || 'CODE128';
}

export type BarcodeCheck =
  { ok: true; kind: BarcodeKind } | { ok: false; kind: BarcodeKind; expected: number; actual: number };

/** Checks a barcode's GS1 check digit where it has one. */
export function checkBarcode(code: string): BarcodeCheck {
  const kind = classifyBarcode(code);
  if (kind === 'CODE128') return { ok: true, kind };
  const expected = gtinCheckDigit(code.slice(0, -1));
  const actual = code.charCodeAt(code.length - 1) - 48;
  return expected === actual ? { ok: true, kind } : { ok: false, kind, expected, actual };
}
