// Public API of @kassa/domain: pure retail arithmetic, no I/O, no clock, no randomness.
export { ok, err } from './result.ts';
export type { Result } from './result.ts';
export {
  addMinor,
  addMoney,
  assertSafeInteger,
  compareMoney,
  currencyExponent,
  divideRounded,
  formatMinor,
  isKnownCurrency,
  money,
  multiplyMoney,
  multiplyRatio,
  negateMoney,
  parseDecimalToMinor,
  subtractMoney,
  sumMoney,
  toSafeNumber,
} from './money.ts';
export type { Money, MoneyParseError, ParseDecimalOptions, RoundingMode } from './money.ts';
export { allocateByLargestRemainder, allocateByQuotas } from './allocation.ts';
export { summarizeTaxes, taxFromGross, taxFromNet } from './tax.ts';
export type {
  LineTaxAmount,
  Tax,
  TaxableLine,
  TaxBreakdownEntry,
  TaxedLine,
  TaxOptions,
  TaxRoundingPolicy,
  TaxSummary,
} from './tax.ts';
export { allocateOrderDiscount, lineDiscountAmount, overridePrice } from './discounts.ts';
export type { Discount, DiscountError, LineDiscount, OrderDiscount, PricedLine } from './discounts.ts';
export { CASH_ROUNDING_RULES, calculateTenders, roundCash } from './cash-rounding.ts';
export type {
  CashRoundingRule,
  NonCashTenderType,
  Tender,
  TenderError,
  TenderSummary,
} from './cash-rounding.ts';
export { calculateSale } from './sale.ts';
export type {
  PricingContext,
  SaleDraft,
  SaleError,
  SaleErrorCode,
  SaleLineDraft,
  SaleLineTotals,
  SaleTotals,
} from './sale.types.ts';
export {
  classifyBarcode,
  decodeVariableMeasure,
  gtinCheckDigit,
  isValidGtin,
  priceCheckDigit,
  validateBarcode,
} from './gs1.ts';
export type { BarcodeError, BarcodeKind, VariableMeasureCode, VariableMeasureLayout } from './gs1.ts';
export { businessDayBounds, businessDayOf } from './business-day.ts';
export type { UtcOffsetAt } from './business-day.ts';
export * from './journal/index.ts';
export * from './cash/index.ts';
export * from './receipts/index.ts';
