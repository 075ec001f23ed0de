import type { SaleTotals } from '@kassa/domain';
import type { RecordedSale, SaleDocument } from '@kassa/contracts';
import type { SaleFlag } from './sale-flags.ts';
import { quantityMilliOf } from './check-sale-document.ts';

/** The stored form of a checked document: the register's inputs with the server's recomputed figures. */
export function buildRecordedSale(
  doc: SaleDocument,
  totals: SaleTotals,
  server: {
    receivedAt: string;
    businessDay: string;
    flags: SaleFlag[];
    journal: { seq: number; hash: string };
  },
): RecordedSale {
  const payment = totals.payment!;
  let changeLeft = payment.change;
  return {
    id: doc.id,
    kind: doc.kind,
    storeId: doc.storeId,
    registerId: doc.registerId,
    receiptNumber: doc.receiptNumber,
    currency: doc.currency,
    subtotal: totals.subtotal,
    discountTotal: totals.discountTotal,
    taxTotal: totals.taxTotal,
    total: totals.total,
    rounding: payment.cashRounding,
    paidTotal: payment.amountDue,
    change: payment.change,
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
        id: line.id,
        variantId: line.variantId,
        description: line.description,
        quantityMilli: quantityMilliOf(line),
        weighed: line.quantityMilli !== undefined,
        unitPrice: line.unitPrice,
        lineDiscount: calc.lineDiscount,
        orderDiscount: calc.orderDiscount,
        total: calc.totalWithTax,
        tax: calc.tax,
        soldByStaffId: line.soldByStaffId ?? doc.staffId ?? null,
        note: line.note ?? null,
        returnedQuantityMilli: 0,
        returnOf: line.returnOf ?? null,
      };
    }),
    tenders: doc.tenders.map((t) => {
      if (t.type !== 'cash')
        return {
          type: t.type,
          amount: t.amount,
          tendered: null,
          change: 0,
          reference: t.reference ?? null,
          name: t.name ?? null,
        };
      // Change is given in cash: the cash tender keeps what was handed over and records the change.
      const change = t.tendered > 0 ? Math.min(changeLeft, t.tendered) : 0;
      changeLeft -= change;
      return {
        type: 'cash',
        amount: t.tendered - change,
        tendered: t.tendered,
        change,
        reference: null,
        name: null,
      };
    }),
    staffId: doc.staffId ?? null,
    customerId: doc.customerId ?? null,
    originalSaleId: doc.originalSaleId ?? null,
    reasonCode: doc.reasonCode ?? null,
    note: doc.note ?? null,
    deviceTime: doc.deviceTime,
    receivedAt: server.receivedAt,
    businessDay: server.businessDay,
    flags: server.flags,
    journal: server.journal,
  };
}

/** What the journal entry of a sale covers: the figures that must never change afterwards. */
export function journalPayloadOf(sale: RecordedSale) {
  return {
    saleId: sale.id,
    kind: sale.kind,
    receiptNumber: sale.receiptNumber,
    currency: sale.currency,
    total: sale.total,
    taxTotal: sale.taxTotal,
    rounding: sale.rounding,
    discountTotal: sale.discountTotal,
    staffId: sale.staffId,
    originalSaleId: sale.originalSaleId,
    lines: sale.lines.map((l) => ({
      id: l.id,
      variantId: l.variantId,
      quantityMilli: l.quantityMilli,
      unitPrice: l.unitPrice,
      total: l.total,
      tax: l.tax,
    })),
    taxes: sale.taxes.map((t) => ({ code: t.code, rateBp: t.rateBp, base: t.base, tax: t.tax })),
    tenders: sale.tenders.map((t) => ({
      type: t.type,
      amount: t.amount,
      change: t.change,
      ...(t.name ? { name: t.name } : {}),
    })),
    // Cash management (issue 5): the shift and custom tender names, so a Z report can be recomputed from the journal alone.
    ...(sale.shiftId ? { shiftId: sale.shiftId } : {}),
  };
}
