import type { RecordedSale, SaleLineInput, TenderInput } from '@kassa/contracts';
import type { SaleTotals } from '@kassa/domain';
import type { RegisterDatabase } from '../db/database.ts';
import type { StorePricing } from '../sale/totals.ts';
import { totalsOf } from '../sale/totals.ts';

/** One line of the original receipt as the return screen shows it. */
export interface ReturnableLine {
  lineId: string;
  variantId: string | null;
  description: string;
  weighed: boolean;
  unitPrice: number;
  taxes: Array<{ code: string; rateBp: number }>;
  /** Sold, in thousandths (positive). */
  soldMilli: number;
  /** Line and order discount of the whole original line (price basis). */
  discount: number;
  /** What can still be returned: sold − returned on the server − returns waiting on this device. */
  returnableMilli: number;
}

/** Quantities returned against one sale by return documents this device committed but the server has not acknowledged yet. */
export async function pendingReturnedMilli(db: RegisterDatabase, saleId: string): Promise<Map<string, number>> {
  const waiting = await db.outbox.filter((i) => i.kind === 'sale' && i.payload.kind !== 'sale' && i.payload.originalSaleId === saleId).toArray();
  const byLine = new Map<string, number>();
  for (const item of waiting) {
    if (item.kind !== 'sale') continue;
    for (const line of item.payload.lines) {
      if (!line.returnOf || line.returnOf.saleId !== saleId) continue;
      const milli = Math.abs(line.quantityMilli ?? (line.quantity ?? 0) * 1000);
      byLine.set(line.returnOf.lineId, (byLine.get(line.returnOf.lineId) ?? 0) + milli);
    }
  }
  return byLine;
}

/**
 * The original's lines with what is still returnable. The server's figure counts returns it has
 * recorded; returns still in this device's outbox (offline) are subtracted too, so the register
 * never offers what it already gave back. The server stays the last guard (SALES_RETURN_EXCEEDS_SOLD).
 */
export function returnableLines(original: RecordedSale, pendingMilli: ReadonlyMap<string, number>, taxesOf: (lineId: string) => Array<{ code: string; rateBp: number }>): ReturnableLine[] {
  return original.lines
    .filter((l) => l.quantityMilli > 0)
    .map((l) => {
      const left = l.quantityMilli - l.returnedQuantityMilli - (pendingMilli.get(l.id) ?? 0);
      return {
        lineId: l.id,
        variantId: l.variantId,
        description: l.description,
        weighed: l.weighed,
        unitPrice: l.unitPrice,
        taxes: taxesOf(l.id),
        soldMilli: l.quantityMilli,
        discount: l.lineDiscount + l.orderDiscount,
        returnableMilli: Math.max(0, left),
      };
    });
}

/**
 * A pick clamped to what may be returned: pieces in whole units between 0 and the returnable
 * quantity; a weighed line is returned whole (what is left of it) or not at all.
 */
export function clampPick(line: ReturnableLine, wantedMilli: number): number {
  if (!Number.isFinite(wantedMilli) || wantedMilli <= 0) return 0;
  if (line.weighed) return line.returnableMilli;
  const pieces = Math.floor(Math.min(wantedMilli, line.returnableMilli) / 1000);
  return pieces * 1000;
}

/** The return lines for the picks: negative quantities, the original price and its share of the discounts. */
export function buildReturnLines(lines: readonly ReturnableLine[], picks: ReadonlyMap<string, number>, saleId: string, newLineId: () => string, staffId: string | null): SaleLineInput[] {
  const result: SaleLineInput[] = [];
  for (const line of lines) {
    const milli = clampPick(line, picks.get(line.lineId) ?? 0);
    if (milli === 0) continue;
    // The refund is what the customer paid for these units: the discount shrinks in proportion.
    const discount = Math.round((line.discount * milli) / line.soldMilli);
    result.push({
      id: newLineId(),
      variantId: line.variantId,
      ...(line.variantId === null ? { unknownItem: true } : {}),
      description: line.description,
      ...(line.weighed ? { quantityMilli: -milli } : { quantity: -(milli / 1000) }),
      unitPrice: line.unitPrice,
      taxes: line.taxes,
      ...(discount > 0 ? { lineDiscount: { kind: 'amount' as const, amount: discount } } : {}),
      ...(staffId ? { soldByStaffId: staffId } : {}),
      returnOf: { saleId, lineId: line.lineId },
    });
  }
  return result;
}

export type RefundTender = 'cash' | 'card';

/** The refund figures: the domain's totals with the refund paid out in full by the chosen tender. */
export function refundTotals(lines: readonly SaleLineInput[], tender: RefundTender, pricing: StorePricing): { totals: SaleTotals; tenders: TenderInput[] } | null {
  const cart = {
    id: 'return',
    lines: lines.map((l) => ({
      id: l.id,
      variantId: l.variantId,
      description: l.description,
      sku: '',
      ...(l.quantityMilli !== undefined ? { quantityMilli: l.quantityMilli } : { quantity: l.quantity ?? 0 }),
      unitPrice: l.unitPrice,
      taxes: l.taxes,
      ...(l.lineDiscount ? { lineDiscount: l.lineDiscount } : {}),
    })),
  };
  const bare = totalsOf(cart, pricing);
  if (!bare.ok || lines.length === 0) return null;
  const tenders: TenderInput[] = tender === 'cash' ? [{ type: 'cash', tendered: bare.value.cashIfPaidInCash.roundedTotal }] : [{ type: 'card', amount: bare.value.total }];
  const settled = totalsOf(cart, pricing, tenders.map((t) => (t.type === 'cash' ? { type: 'cash' as const, tendered: t.tendered } : { type: 'card' as const, amount: t.amount })));
  return settled.ok ? { totals: settled.value, tenders } : null;
}
