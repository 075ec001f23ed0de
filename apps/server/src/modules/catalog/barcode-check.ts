import { classifyBarcode, gtinCheckDigit, type BarcodeKind } from '@kassa/domain';

// The catalogue's view of GS1 check digits; the rules themselves live in
// @kassa/domain (gs1.ts), shared with the register.

export { classifyBarcode, gtinCheckDigit, type BarcodeKind };

export type BarcodeCheck =
  | { ok: true; kind: BarcodeKind }
  | { ok: false; kind: BarcodeKind; expected: number; actual: number };

/** Checks a barcode's GS1 check digit where it has one (Code 128 text has none). */
export function checkBarcode(code: string): BarcodeCheck {
  const kind = classifyBarcode(code);
  if (kind === 'CODE128') return { ok: true, kind };
  const expected = gtinCheckDigit(code.slice(0, -1));
  const actual = code.charCodeAt(code.length - 1) - 48;
  return expected === actual ? { ok: true, kind } : { ok: false, kind, expected, actual };
}
