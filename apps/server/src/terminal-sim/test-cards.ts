import type { EntryMode } from '../modules/payments/index.ts';

/**
 * The simulator's cards. It holds full test PANs internally, the way a real
 * terminal reads them from the chip, so that the PCI scan test means
 * something: only the masked form (first 6, last 4) ever leaves the
 * simulator. The numbers are Luhn-valid numbers in the brands' public test
 * ranges (e.g. 541333… is a Mastercard test BIN); they move no real money.
 */
export interface TestCard {
  brand: string;
  pan: string;
}

/** The Luhn check digit for a number without it (ISO/IEC 7812-1). */
export function luhnCheckDigit(partial: string): number {
  let sum = 0;
  for (let i = 0; i < partial.length; i++) {
    let d = Number(partial[partial.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** Whether a digit string passes the Luhn check. */
export function isLuhnValid(digits: string): boolean {
  return digits.length > 1 && luhnCheckDigit(digits.slice(0, -1)) === Number(digits.at(-1));
}

function aCard(brand: string, prefix: string, length: number, serial: number): TestCard {
  const body = `${prefix}${String(serial).padStart(length - prefix.length - 1, '0')}`;
  return { brand, pan: `${body}${luhnCheckDigit(body)}` };
}

/** The first 6 and last 4 digits, the rest masked: 541333******4444 (PCI DSS 3.4). */
export function maskPan(pan: string): string {
  return `${pan.slice(0, 6)}${'*'.repeat(pan.length - 10)}${pan.slice(-4)}`;
}

const BRANDS: Array<{ brand: string; prefix: string; length: number }> = [
  { brand: 'mc', prefix: '541333', length: 16 },
  { brand: 'visa', prefix: '411111', length: 16 },
  { brand: 'maestro', prefix: '679999', length: 19 },
  { brand: 'amex', prefix: '370000', length: 15 },
];

/** The n-th card the simulator "reads": brands rotate, numbers differ. */
export function cardFor(n: number): TestCard {
  const spec = BRANDS[n % BRANDS.length]!;
  return aCard(spec.brand, spec.prefix, spec.length, 4444 + n);
}

const ENTRY_MODES: EntryMode[] = ['chip', 'contactless', 'magstripe', 'mobile'];

/** Entry modes cycle so a run of payments shows every one; a test can pin one per request. */
export function entryModeFor(n: number, requested: string | undefined): EntryMode {
  if (requested && (ENTRY_MODES as string[]).includes(requested)) return requested as EntryMode;
  return ENTRY_MODES[n % ENTRY_MODES.length]!;
}
