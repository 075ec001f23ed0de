import { describe, expect, it } from 'vitest';
import * as domain from './index.ts';

describe('@kassa/domain public API', () => {
  it('exposes the calculation entry points through index.ts', () => {
    const names = [
      'calculateSale',
      'summarizeTaxes',
      'allocateByLargestRemainder',
      'calculateTenders',
      'roundCash',
      'parseDecimalToMinor',
      'formatMinor',
      'multiplyRatio',
      'validateBarcode',
      'decodeVariableMeasure',
      'businessDayOf',
    ] as const;
    for (const name of names) expect(typeof domain[name]).toBe('function');
  });

  it('computes a receipt end to end from the package root', () => {
    const result = domain.calculateSale(
      {
        currency: 'EUR',
        lines: [{ id: 'a', quantity: 1, unitPrice: 1232, taxes: [{ code: 'NL-HIGH', rateBp: 2100 }] }],
      },
      {
        currency: 'EUR',
        pricesIncludeTax: true,
        taxRounding: 'perDocument',
        cashRounding: domain.CASH_ROUNDING_RULES.nearest5,
      },
    );
    expect(result.ok && result.value.cashIfPaidInCash).toEqual({ roundedTotal: 1230, rounding: -2 });
  });
});
