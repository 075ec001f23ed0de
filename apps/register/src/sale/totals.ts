import { CASH_ROUNDING_RULES, calculateSale, type CashRoundingRule, type PricingContext, type Result, type SaleError, type SaleTotals, type Tender } from '@kassa/domain';
import type { Cart } from '../db/database.ts';

/** The store's pricing settings as the register keeps them. */
export interface StorePricing {
  currency: string;
  pricesIncludeTax: boolean;
  taxRounding: 'perDocument' | 'perLine';
  cashRounding: string;
}

/** Dutch defaults (the server's DUTCH_DEFAULTS) until the store view tells the register otherwise. */
export const DEFAULT_PRICING: StorePricing = { currency: 'EUR', pricesIncludeTax: true, taxRounding: 'perDocument', cashRounding: 'nearest-5' };

export function cashRuleOf(name: string): CashRoundingRule {
  const rule = Object.values(CASH_ROUNDING_RULES).find((r) => r.name === name);
  if (!rule) throw new Error(`Unknown cash rounding rule "${name}"`);
  return rule;
}

export function pricingContextOf(pricing: StorePricing): PricingContext {
  return { currency: pricing.currency, pricesIncludeTax: pricing.pricesIncludeTax, taxRounding: pricing.taxRounding, cashRounding: cashRuleOf(pricing.cashRounding) };
}

/** All the sale's figures, from the one domain core the server re-checks with (never computed in components). */
export function totalsOf(cart: Cart, pricing: StorePricing, tenders: readonly Tender[] = []): Result<SaleTotals, SaleError> {
  return calculateSale(
    {
      currency: pricing.currency,
      lines: cart.lines.map((l) => ({
        id: l.id,
        ...(l.quantityMilli !== undefined ? { quantityMilli: l.quantityMilli } : { quantity: l.quantity ?? 1 }),
        unitPrice: l.unitPrice,
        ...(l.originalUnitPrice !== undefined ? { originalUnitPrice: l.originalUnitPrice } : {}),
        taxes: l.taxes,
        ...(l.lineDiscount ? { lineDiscount: l.lineDiscount } : {}),
      })),
      ...(cart.orderDiscount ? { orderDiscount: cart.orderDiscount } : {}),
      ...(tenders.length ? { tenders } : {}),
    },
    pricingContextOf(pricing),
  );
}

/** The cash notes a customer is likely to hand over for an amount due: the exact amount, then the next notes. */
export function quickCashTenders(amountDue: number, currency: string): number[] {
  if (amountDue <= 0) return [];
  const notes = currency === 'EUR' ? [500, 1000, 2000, 5000, 10000] : [100, 500, 1000, 2000, 5000, 10000];
  const options = [amountDue, ...notes.filter((n) => n > amountDue)];
  return options.slice(0, 5);
}
