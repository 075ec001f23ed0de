import { decodeVariableMeasure, type VariableMeasureLayout } from '@kassa/domain';
import { findByBarcode, taxesOf } from '../db/catalogue.ts';
import type { RegisterDatabase } from '../db/database.ts';
import type { AddItemInput } from './cart.ts';

/** Dutch in-store layouts (GS1 Netherlands): 21/22 price in cents, 28 weight in grams. */
export const DEFAULT_LAYOUTS: readonly VariableMeasureLayout[] = [
  { prefix: '21', itemDigits: 5, valueKind: 'price', valueDigits: 5 },
  { prefix: '22', itemDigits: 5, valueKind: 'price', valueDigits: 4, priceCheckDigit: true },
  { prefix: '28', itemDigits: 5, valueKind: 'weight', valueDigits: 5, weightUnit: 'g' },
];

export type ScanOutcome = { ok: true; add: AddItemInput } | { ok: false; reason: 'unknown' | 'invalid' | 'archived'; code: string };

/**
 * Resolves a scanned code against the local catalogue: the code itself first, then a GS1
 * variable-measure code (weighed or price-embedded items) by its zero-value lookup code.
 */
export async function resolveScan(db: RegisterDatabase, raw: string, layouts: readonly VariableMeasureLayout[] = DEFAULT_LAYOUTS): Promise<ScanOutcome> {
  const code = raw.trim();
  // The tax rates (a few rows) are read alongside the barcode: a scan waits for one round trip to IndexedDB.
  const [direct, rates] = await Promise.all([findByBarcode(db, code), db.taxRates.toArray()]);
  if (direct) {
    if (direct.archived) return { ok: false, reason: 'archived', code };
    return { ok: true, add: { item: direct, taxes: taxesOf(rates, direct.taxClass) } };
  }
  const decoded = decodeVariableMeasure(code, layouts);
  if (!decoded.ok) return { ok: false, reason: 'invalid', code };
  if (decoded.value === null) return { ok: false, reason: 'unknown', code };
  const item = await findByBarcode(db, decoded.value.lookupCode);
  if (!item || item.archived) return { ok: false, reason: item ? 'archived' : 'unknown', code };
  const taxes = taxesOf(rates, item.taxClass);
  if (decoded.value.weightGrams !== undefined) {
    // Weighed items are priced per kg; thousandths of a kg are grams.
    return { ok: true, add: { item, taxes, quantityMilli: decoded.value.weightGrams } };
  }
  return { ok: true, add: { item, taxes, embeddedPrice: decoded.value.price ?? item.price } };
}
