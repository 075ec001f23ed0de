import { err, ok } from './result.ts';
import type { Result } from './result.ts';

/** What a scanned code is: a GS1 GTIN of a known length, or a free Code 128 code (no check digit). */
export type BarcodeKind = 'EAN-8' | 'UPC-A' | 'EAN-13' | 'GTIN-14' | 'CODE128';

/** Why a scanned code was refused. */
export interface BarcodeError {
  readonly code:
    'BARCODE_EMPTY' | 'BARCODE_INVALID_CHARACTERS' | 'BARCODE_CHECK_DIGIT' | 'BARCODE_PRICE_CHECK_DIGIT';
  readonly details: { readonly code: string; readonly expected?: number; readonly actual?: number };
}

/**
 * A variable-measure (restricted circulation, GS1 prefixes 20–29) EAN-13 layout:
 * prefix + item reference + [price/measure verifier digit] + value + check digit = 13 digits,
 * e.g. `21 IIIII PPPPP C` (price in minor units) or `28 IIIII WWWWW C` (weight in grams).
 */
export interface VariableMeasureLayout {
  readonly prefix: string;
  readonly itemDigits: number;
  readonly valueKind: 'price' | 'weight';
  readonly valueDigits: number;
  /** A GS1 price/measure verifier digit precedes a 4- or 5-digit value. */
  readonly priceCheckDigit?: boolean;
  readonly weightUnit?: 'g';
}

/** A decoded variable-measure code. */
export interface VariableMeasureCode {
  /** Catalogue key: prefix + item reference, zero-filled to 12 digits, plus its check digit (13 digits). */
  readonly lookupCode: string;
  readonly itemReference: string;
  readonly layout: VariableMeasureLayout;
  /** Price in minor units of the store currency, for price layouts. */
  readonly price?: number;
  /** Weight in grams, for weight layouts. */
  readonly weightGrams?: number;
}

const GTIN_KINDS: Readonly<Record<number, BarcodeKind>> = {
  8: 'EAN-8',
  12: 'UPC-A',
  13: 'EAN-13',
  14: 'GTIN-14',
};

/** GS1 mod-10 check digit of a numeric body: weights 3, 1, 3, … from the rightmost digit. */
export function gtinCheckDigit(body: string): number {
  if (!/^\d{1,17}$/.test(body)) throw new RangeError(`GTIN body must be 1..17 digits, got "${body}"`);
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** True for an 8, 12, 13 or 14-digit code whose last digit is its GS1 check digit. */
export function isValidGtin(code: string): boolean {
  if (!/^\d+$/.test(code) || GTIN_KINDS[code.length] === undefined) return false;
  return gtinCheckDigit(code.slice(0, -1)) === Number(code.slice(-1));
}

/** Kind of a scanned code: all-digit codes of GTIN lengths are GTINs, everything else Code 128. */
export function classifyBarcode(code: string): BarcodeKind {
  return (/^\d+$/.test(code) && GTIN_KINDS[code.length]) || 'CODE128';
}

/**
 * Validates a scanned code: GTINs must carry a correct check digit; free Code 128 codes have none and
 * are accepted when made of printable ASCII (a control character means a misconfigured scanner).
 */
export function validateBarcode(code: string): Result<{ kind: BarcodeKind; code: string }, BarcodeError> {
  if (code.length === 0) return err({ code: 'BARCODE_EMPTY', details: { code } });
  if (!/^[\x20-\x7e]+$/.test(code)) return err({ code: 'BARCODE_INVALID_CHARACTERS', details: { code } });
  const kind = classifyBarcode(code);
  if (kind !== 'CODE128') {
    const expected = gtinCheckDigit(code.slice(0, -1));
    const actual = Number(code.slice(-1));
    if (expected !== actual) return err({ code: 'BARCODE_CHECK_DIGIT', details: { code, expected, actual } });
  }
  return ok({ kind, code });
}

// GS1 General Specifications §7.9.3 weighting factor tables (digit → weighted product digit).
const TWO_MINUS = [0, 2, 4, 6, 8, 9, 1, 3, 5, 7];
const THREE = [0, 3, 6, 9, 2, 5, 8, 1, 4, 7];
const FIVE_PLUS = [0, 5, 1, 6, 2, 7, 3, 8, 4, 9];
const FIVE_MINUS = [0, 5, 9, 4, 8, 3, 7, 2, 6, 1];

function weightedSum(value: string, tables: readonly (readonly number[])[]): number {
  return tables.reduce((sum, table, i) => sum + (table[value.charCodeAt(i) - 48] ?? 0), 0);
}

/**
 * GS1 price/measure verifier digit (§7.9.3) of a 4-digit value (weights 2-, 2-, 3, 5-; sum × 3, units
 * digit) or a 5-digit value (weights 5+, 2-, 5-, 5+, 2-; the digit whose 5- product is 10 − sum mod 10).
 */
export function priceCheckDigit(value: string): number {
  if (/^\d{4}$/.test(value)) return (weightedSum(value, [TWO_MINUS, TWO_MINUS, THREE, FIVE_MINUS]) * 3) % 10;
  if (/^\d{5}$/.test(value)) {
    const sum = weightedSum(value, [FIVE_PLUS, TWO_MINUS, FIVE_MINUS, FIVE_PLUS, TWO_MINUS]);
    return FIVE_MINUS.indexOf((10 - (sum % 10)) % 10);
  }
  throw new RangeError(`A price check digit needs a 4 or 5-digit value, got "${value}"`);
}

function assertLayout(layout: VariableMeasureLayout): void {
  const verifier = layout.priceCheckDigit ? 1 : 0;
  const length = layout.prefix.length + layout.itemDigits + verifier + layout.valueDigits + 1;
  const verifierOk = !layout.priceCheckDigit || layout.valueDigits === 4 || layout.valueDigits === 5;
  if (!/^\d+$/.test(layout.prefix) || length !== 13 || !verifierOk || layout.itemDigits < 1) {
    throw new RangeError(`Invalid variable-measure layout with prefix ${layout.prefix}`);
  }
}

function decodeWith(code: string, layout: VariableMeasureLayout): Result<VariableMeasureCode, BarcodeError> {
  const itemStart = layout.prefix.length;
  const itemReference = code.slice(itemStart, itemStart + layout.itemDigits);
  const valueStart = itemStart + layout.itemDigits + (layout.priceCheckDigit ? 1 : 0);
  const valueText = code.slice(valueStart, valueStart + layout.valueDigits);
  if (layout.priceCheckDigit) {
    const expected = priceCheckDigit(valueText);
    const actual = Number(code.charAt(valueStart - 1));
    if (expected !== actual)
      return err({ code: 'BARCODE_PRICE_CHECK_DIGIT', details: { code, expected, actual } });
  }
  // The catalogue stores the item with a zero value: prefix + item reference, zero-filled, valid check digit.
  const body = (layout.prefix + itemReference).padEnd(12, '0');
  const value = Number(valueText);
  return ok({
    lookupCode: body + String(gtinCheckDigit(body)),
    itemReference,
    layout,
    ...(layout.valueKind === 'price' ? { price: value } : { weightGrams: value }),
  });
}

/**
 * Decodes an in-store variable-measure EAN-13 with the first layout whose prefix matches; null when
 * the code is not a 13-digit code of any layout. The overall check digit is always verified.
 */
export function decodeVariableMeasure(
  code: string,
  layouts: readonly VariableMeasureLayout[],
): Result<VariableMeasureCode | null, BarcodeError> {
  layouts.forEach(assertLayout);
  if (!/^\d{13}$/.test(code)) return ok(null);
  const layout = layouts.find((candidate) => code.startsWith(candidate.prefix));
  if (layout === undefined) return ok(null);
  const expected = gtinCheckDigit(code.slice(0, 12));
  const actual = Number(code.charAt(12));
  if (expected !== actual) return err({ code: 'BARCODE_CHECK_DIGIT', details: { code, expected, actual } });
  return decodeWith(code, layout);
}
