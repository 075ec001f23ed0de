import type { RegisterDatabase } from '../db/database.ts';

/** A tax class the cashier can choose for an unknown item, with the rates it applies (the store's zone). */
export interface TaxClassChoice {
  taxClass: string;
  taxes: Array<{ code: string; rateBp: number }>;
}

/**
 * The tax classes of the local catalogue, highest rate first (the usual choice for a
 * non-food item), each with the rates of one zone, as taxesFor picks them for a catalogue item.
 */
export async function taxClassChoices(db: RegisterDatabase): Promise<TaxClassChoice[]> {
  const rates = (await db.taxRates.toArray()).filter((r) => !r.archived);
  const byClass = new Map<string, TaxClassChoice>();
  for (const rate of rates) {
    const choice = byClass.get(rate.taxClass);
    if (!choice) byClass.set(rate.taxClass, { taxClass: rate.taxClass, taxes: [{ code: rate.code, rateBp: rate.rateBp }] });
    else if (rates.find((r) => r.taxClass === rate.taxClass)?.taxZoneId === rate.taxZoneId) choice.taxes.push({ code: rate.code, rateBp: rate.rateBp });
  }
  const total = (c: TaxClassChoice) => c.taxes.reduce((sum, t) => sum + t.rateBp, 0);
  return [...byClass.values()].sort((a, b) => total(b) - total(a) || a.taxClass.localeCompare(b.taxClass));
}
