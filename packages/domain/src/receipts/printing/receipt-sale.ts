import type { SaleTotals } from '../../sale.types.ts';
import type { ReceiptSale } from '../build-receipt.ts';

/** The register's document of a sale, as far as its receipt needs it (the contracts' SaleDocument has these fields). */
export interface CommittedSaleDocument {
  readonly id: string;
  readonly kind: ReceiptSale['kind'];
  readonly receiptNumber: number;
  readonly currency: string;
  readonly deviceTime: string;
  readonly lines: ReadonlyArray<{
    readonly description: string;
    readonly quantity?: number;
    readonly quantityMilli?: number;
    readonly unitPrice: number;
  }>;
  readonly tenders: ReadonlyArray<{
    readonly type: string;
    readonly amount?: number;
    readonly tendered?: number;
    readonly name?: string;
  }>;
}

/**
 * A sale as its receipt needs it, from the document the register committed and the figures
 * calculateSale gave it: the same figures the server recomputes and records (build-recorded-sale.ts),
 * so a receipt the register prints offline is the receipt the server prints later for the same sale.
 */
export function receiptSaleOf(doc: CommittedSaleDocument, totals: SaleTotals): ReceiptSale {
  const payment = totals.payment;
  if (!payment)
    throw new Error(`Sale ${doc.id} has no payment: a receipt is printed only for a settled sale`);
  if (totals.lines.length !== doc.lines.length)
    throw new Error(
      `Sale ${doc.id}: the totals have ${totals.lines.length} lines, the document ${doc.lines.length}`,
    );
  return {
    id: doc.id,
    kind: doc.kind,
    receiptNumber: doc.receiptNumber,
    currency: doc.currency,
    subtotal: totals.subtotal,
    discountTotal: totals.discountTotal,
    total: totals.total,
    rounding: payment.cashRounding,
    change: payment.change,
    deviceTime: doc.deviceTime,
    taxes: totals.taxBreakdown.map((t) => ({
      code: t.code,
      rateBp: t.rateBp,
      base: t.base,
      tax: t.tax,
      gross: t.gross,
    })),
    lines: doc.lines.map((line, i) => {
      const calc = totals.lines[i]!;
      return {
        description: line.description,
        // Pieces × 1000 or the weight as given: the server's quantityMilliOf.
        quantityMilli: line.quantityMilli ?? (line.quantity ?? 0) * 1000,
        weighed: line.quantityMilli !== undefined,
        unitPrice: line.unitPrice,
        lineDiscount: calc.lineDiscount,
        orderDiscount: calc.orderDiscount,
        total: calc.totalWithTax,
      };
    }),
    // The receipt prints what was handed over for cash and the amount for the rest; the split of the change does not show.
    tenders: doc.tenders.map((t) => ({
      type: t.type,
      amount: t.amount ?? t.tendered ?? 0,
      tendered: t.type === 'cash' ? (t.tendered ?? null) : null,
      name: t.name ?? null,
    })),
  };
}
