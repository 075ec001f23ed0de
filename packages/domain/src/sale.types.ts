import type { CashRoundingRule, Tender, TenderError, TenderSummary } from './cash-rounding.ts';
import type { LineDiscount, OrderDiscount } from './discounts.ts';
import type { LineTaxAmount, Tax, TaxBreakdownEntry, TaxRoundingPolicy } from './tax.ts';

/**
 * A line as typed at the register. Exactly one of quantity (whole units) or quantityMilli (weighed
 * items, thousandths: 1250 = 1.250 kg) is set; a negative quantity is a return line.
 */
export interface SaleLineDraft {
  readonly id: string;
  readonly quantity?: number;
  readonly quantityMilli?: number;
  /** Price per unit (or per kg for weighed items) in minor units, tax-inclusive when the store says so. */
  readonly unitPrice: number;
  /** The catalogue price when the cashier overrode it (journaled as a price override). */
  readonly originalUnitPrice?: number;
  readonly taxes: readonly Tax[];
  readonly lineDiscount?: LineDiscount;
  /** Optional currency of the line's price, checked against the store currency. */
  readonly currency?: string;
}

/** A sale (or return, or exchange) before calculation: plain data, loaded first, calculated after. */
export interface SaleDraft {
  readonly currency: string;
  readonly lines: readonly SaleLineDraft[];
  readonly orderDiscount?: OrderDiscount;
  readonly tenders?: readonly Tender[];
}

/** The store settings that change the arithmetic; explicit inputs, never globals. */
export interface PricingContext {
  readonly currency: string;
  readonly pricesIncludeTax: boolean;
  readonly taxRounding: TaxRoundingPolicy;
  readonly cashRounding: CashRoundingRule;
}

/**
 * One calculated line. total is in the price basis (gross when prices include tax, net otherwise);
 * totalWithTax = net + tax is what the customer pays for the line in both cases.
 */
export interface SaleLineTotals {
  readonly id: string;
  readonly quantity?: number;
  readonly quantityMilli?: number;
  readonly unitPrice: number;
  readonly originalUnitPrice?: number;
  /** (original − overridden price) × quantity; 0 without an override. */
  readonly priceOverrideAmount: number;
  readonly amountBeforeDiscount: number;
  readonly lineDiscount: number;
  readonly orderDiscount: number;
  readonly total: number;
  readonly net: number;
  readonly tax: number;
  readonly totalWithTax: number;
  readonly taxes: readonly LineTaxAmount[];
}

/** The outcome of a sale's arithmetic, as printed on the receipt and stored by the server. */
export interface SaleTotals {
  readonly currency: string;
  readonly lines: readonly SaleLineTotals[];
  readonly taxBreakdown: readonly TaxBreakdownEntry[];
  /** Σ amounts before discounts (price basis). */
  readonly subtotal: number;
  readonly lineDiscountTotal: number;
  readonly orderDiscountTotal: number;
  readonly discountTotal: number;
  readonly netTotal: number;
  readonly taxTotal: number;
  /** What a card pays: Σ line totals, plus the tax when prices exclude tax. */
  readonly total: number;
  /** What the total becomes when paid entirely in cash under the store's cash rounding rule. */
  readonly cashIfPaidInCash: { readonly roundedTotal: number; readonly rounding: number };
  /** The settlement of the draft's tenders; null while no tender is entered. */
  readonly payment: TenderSummary | null;
}

/** Stable error codes of calculateSale, prefixed by module. */
export type SaleErrorCode =
  | 'SALE_EMPTY'
  | 'SALE_ZERO_QUANTITY'
  | 'SALE_INVALID_QUANTITY'
  | 'SALE_INVALID_PRICE'
  | 'SALE_INVALID_TAX'
  | 'SALE_DUPLICATE_LINE_ID'
  | 'SALE_CURRENCY_MISMATCH'
  | 'SALE_UNKNOWN_CURRENCY'
  | 'SALE_AMOUNT_OUT_OF_RANGE'
  | 'SALE_DISCOUNT_INVALID'
  | 'SALE_DISCOUNT_EXCEEDS_LINE'
  | 'SALE_DISCOUNT_EXCEEDS_ORDER'
  | `SALE_${TenderError['code']}`;

/** A refused sale calculation; details name the offending line when there is one. */
export interface SaleError {
  readonly code: SaleErrorCode;
  readonly message: string;
  readonly details: { readonly lineId?: string } & Readonly<Record<string, unknown>>;
}
