import type { SaleLineInput, TenderInput } from '@kassa/contracts';
import type { SaleTotals, Tender } from '@kassa/domain';
import type { Cart } from '../db/database.ts';
import { approvalsInForce } from './approvals.ts';
import type { SaleToCommit } from '../sync/outbox.ts';

export interface SaleIdentity {
  id: string;
  storeId: string;
  registerId: string;
  staffId: string | null;
  deviceTime: string;
}

/** A paid tender as the register records it (custom tenders carry their name). */
export type PaidTender = Tender & { name?: string };

/**
 * The document the server records, built from the cart and the domain's totals. The claimed
 * figures are exactly what calculateSale returned: the server recomputes them with the same code.
 */
export function buildSaleDocument(cart: Cart, totals: SaleTotals, tenders: readonly PaidTender[], who: SaleIdentity): SaleToCommit {
  const payment = totals.payment;
  if (!payment) throw new Error('A sale is completed only once its tenders settle it');
  const lines: SaleLineInput[] = cart.lines.map((l) => ({
    id: l.id,
    variantId: l.variantId,
    description: l.description,
    ...(l.quantityMilli !== undefined ? { quantityMilli: l.quantityMilli } : { quantity: l.quantity ?? 1 }),
    unitPrice: l.unitPrice,
    ...(l.originalUnitPrice !== undefined ? { originalUnitPrice: l.originalUnitPrice } : {}),
    ...(l.priceFromLabel ? { priceFromLabel: true as const } : {}),
    taxes: l.taxes,
    ...(l.lineDiscount ? { lineDiscount: l.lineDiscount } : {}),
    // The salesperson of the line, else the cashier completing the sale (the server's default as well).
    ...(l.soldByStaffId ?? who.staffId ? { soldByStaffId: l.soldByStaffId ?? who.staffId } : {}),
    ...(l.note ? { note: l.note } : {}),
    // The server refuses a line without a variant unless it is marked as an unknown item (and flags it UNKNOWN_ITEM).
    ...(l.unknownItem ? { unknownItem: true } : {}),
  }));
  const approvals = [...new Map(approvalsInForce(cart).map((a) => [a.approvalId, { approvalId: a.approvalId, permission: a.permission, approverStaffId: a.approverStaffId }])).values()];
  const tenderInputs: TenderInput[] = tenders.map((t) =>
    t.type === 'cash' ? { type: 'cash', tendered: t.tendered } : { type: t.type, amount: t.amount, ...(t.reference ? { reference: t.reference } : {}), ...(t.name ? { name: t.name } : {}) },
  );
  return {
    id: who.id,
    kind: 'sale',
    storeId: who.storeId,
    registerId: who.registerId,
    currency: totals.currency,
    deviceTime: who.deviceTime,
    staffId: who.staffId,
    lines,
    ...(cart.orderDiscount ? { orderDiscount: cart.orderDiscount } : {}),
    // The managers' approvals still in force: the server names the approver in its own journal entries.
    ...(approvals.length > 0 ? { approvals } : {}),
    tenders: tenderInputs,
    totals: { total: totals.total, taxTotal: totals.taxTotal, rounding: payment.cashRounding, change: payment.change },
  };
}
