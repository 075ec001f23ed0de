import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyBarcode,
  decodeVariableMeasure,
  gtinCheckDigit,
  isValidGtin,
  priceCheckDigit,
  validateBarcode,
} from './gs1.ts';
import type { VariableMeasureLayout } from './gs1.ts';

describe('GTIN check digits', () => {
  it.each([
    ['4006381333931', 'EAN-13'],
    ['5901234123457', 'EAN-13'],
    ['036000291452', 'UPC-A'],
    ['012345678905', 'UPC-A'],
    ['96385074', 'EAN-8'],
    ['73513537', 'EAN-8'],
    ['04006381333931', 'GTIN-14'],
    ['14006381333938', 'GTIN-14'],
  ])('accepts %s as a valid %s', (code, kind) => {
    expect(isValidGtin(code)).toBe(true);
    expect(classifyBarcode(code)).toBe(kind);
    expect(validateBarcode(code)).toEqual({ ok: true, value: { kind, code } });
    expect(gtinCheckDigit(code.slice(0, -1))).toBe(Number(code.slice(-1)));
  });

  it('reports the expected check digit of a mistyped GTIN', () => {
    expect(isValidGtin('4006381333932')).toBe(false);
    expect(validateBarcode('4006381333932')).toEqual({
      ok: false,
      error: { code: 'BARCODE_CHECK_DIGIT', details: { code: '4006381333932', expected: 1, actual: 2 } },
    });
  });

  it('detects every single-digit error', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{12}$/),
        fc.integer({ min: 0, max: 11 }),
        fc.integer({ min: 1, max: 9 }),
        (body, pos, delta) => {
          const code = body + String(gtinCheckDigit(body));
          const digit = (Number(code[pos]) + delta) % 10;
          expect(isValidGtin(code.slice(0, pos) + String(digit) + code.slice(pos + 1))).toBe(false);
          expect(isValidGtin(code)).toBe(true);
        },
      ),
    );
  });

  it('throws for a non-numeric or oversized body (programmer bug)', () => {
    expect(() => gtinCheckDigit('12a')).toThrow(RangeError);
    expect(() => gtinCheckDigit('')).toThrow(RangeError);
    expect(() => gtinCheckDigit('1'.repeat(18))).toThrow(RangeError);
  });
});

describe('free codes', () => {
  it.each(['ABC-123', '12345', 'x', '123456789012345', '1234567890ab'])(
    'accepts %s as Code 128 without check digit',
    (code) => {
      expect(classifyBarcode(code)).toBe('CODE128');
      expect(isValidGtin(code)).toBe(false);
      expect(validateBarcode(code)).toEqual({ ok: true, value: { kind: 'CODE128', code } });
    },
  );

  it.each(['AB\tC', 'café', '12\u0000'])('refuses %j for its characters', (code) => {
    const result = validateBarcode(code);
    expect(result.ok ? 'ok' : result.error.code).toBe('BARCODE_INVALID_CHARACTERS');
  });

  it('refuses an empty scan', () => {
    expect(validateBarcode('')).toEqual({
      ok: false,
      error: { code: 'BARCODE_EMPTY', details: { code: '' } },
    });
  });
});

describe('priceCheckDigit (GS1 General Specifications §7.9.3)', () => {
  it('matches the worked examples: 2875 → 9 and 14685 → 6', () => {
    expect(priceCheckDigit('2875')).toBe(9);
    expect(priceCheckDigit('14685')).toBe(6);
  });

  it.each([
    ['0000', 0],
    ['0001', 5],
    ['1000', 6],
    ['00000', 0],
    ['00001', 4],
  ])('%s → %i', (value, digit) => {
    expect(priceCheckDigit(value)).toBe(digit);
  });

  it('throws for other lengths', () => {
    expect(() => priceCheckDigit('123')).toThrow(RangeError);
    expect(() => priceCheckDigit('123456')).toThrow(RangeError);
  });
});

describe('decodeVariableMeasure', () => {
  const price: VariableMeasureLayout = { prefix: '21', itemDigits: 5, valueKind: 'price', valueDigits: 5 };
  const weight: VariableMeasureLayout = {
    prefix: '28',
    itemDigits: 5,
    valueKind: 'weight',
    valueDigits: 5,
    weightUnit: 'g',
  };
  const price4: VariableMeasureLayout = {
    prefix: '22',
    itemDigits: 5,
    valueKind: 'price',
    valueDigits: 4,
    priceCheckDigit: true,
  };
  const price5: VariableMeasureLayout = {
    prefix: '23',
    itemDigits: 4,
    valueKind: 'price',
    valueDigits: 5,
    priceCheckDigit: true,
  };
  const layouts = [price, weight, price4, price5];
  const withCheck = (body: string) => body + String(gtinCheckDigit(body));

  it('reads a price code 21 IIIII PPPPP C and gives a canonical lookup code', () => {
    expect(decodeVariableMeasure('2112345012995', layouts)).toEqual({
      ok: true,
      value: { lookupCode: '2112345000008', itemReference: '12345', layout: price, price: 1299 },
    });
  });

  it('reads a weight code 28 IIIII WWWWW C in grams', () => {
    const result = decodeVariableMeasure(withCheck('280004201250'), layouts);
    expect(result.ok && result.value).toMatchObject({ itemReference: '00042', weightGrams: 1250 });
    expect(result.ok && isValidGtin(result.value?.lookupCode ?? '')).toBe(true);
  });

  it('verifies the price check digit of 4 and 5-digit prices', () => {
    const four = decodeVariableMeasure(withCheck('221234592875'), layouts);
    expect(four.ok && four.value).toMatchObject({ itemReference: '12345', price: 2875 });
    const five = decodeVariableMeasure(withCheck('231234614685'), layouts);
    expect(five.ok && five.value).toMatchObject({ itemReference: '1234', price: 14685 });
    expect(decodeVariableMeasure(withCheck('221234512875'), layouts)).toEqual({
      ok: false,
      error: {
        code: 'BARCODE_PRICE_CHECK_DIGIT',
        details: { code: withCheck('221234512875'), expected: 9, actual: 1 },
      },
    });
  });

  it('refuses a variable-measure code with a wrong check digit', () => {
    const result = decodeVariableMeasure('2112345012996', layouts);
    expect(result.ok ? 'ok' : result.error).toEqual({
      code: 'BARCODE_CHECK_DIGIT',
      details: { code: '2112345012996', expected: 5, actual: 6 },
    });
  });

  it.each(['4006381333931', '96385074', 'ABC', '2112345012'])(
    'returns null for %s, not a variable-measure code',
    (code) => {
      expect(decodeVariableMeasure(code, layouts)).toEqual({ ok: true, value: null });
    },
  );

  it('throws for a layout that does not add up to 13 digits', () => {
    expect(() => decodeVariableMeasure('2112345012995', [{ ...price, itemDigits: 4 }])).toThrow(RangeError);
    expect(() =>
      decodeVariableMeasure('2112345012995', [
        { ...price, priceCheckDigit: true, itemDigits: 3, valueDigits: 6 },
      ]),
    ).toThrow(RangeError);
    expect(() => decodeVariableMeasure('2112345012995', [{ ...price, prefix: '2a' }])).toThrow(RangeError);
  });
});
