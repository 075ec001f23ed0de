import type { Transaction } from 'kysely';
import type { SaleDocument } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import { appendJournalEntry, chainIdFor } from '../journal/index.ts';
import type { WriteBatch } from '../../db/write-batch.ts';
import type { SaleContext } from './load-sale-context.ts';
import { unknownItemsEntry } from './unknown-items.ts';
import { overridesPrice } from './check-sale-document.ts';

type Approvals = Array<{ permission: string; approverStaffId: string; approvalId: string }> | undefined;

/**
 * Price overrides and discounts get journal entries of their own (DOMAIN.md:
 * "price overrides, discounts over limit … are entries"), next to the sale's,
 * naming the lines, the amounts and the manager who approved, if any.
 * Nothing is written for a sale without them.
 */
export async function journalOverridesAndDiscounts(
  trx: Transaction<DB>,
  doc: SaleDocument,
  context: SaleContext,
  recordedAt: string,
  approvals: Approvals,
  writes: WriteBatch,
): Promise<void> {
  const overrides = doc.lines
    .filter(overridesPrice)
    .map((l) => ({
      lineId: l.id,
      variantId: l.variantId,
      originalUnitPrice: l.originalUnitPrice!,
      unitPrice: l.unitPrice,
    }));
  const discounts = doc.lines
    .filter((l) => l.lineDiscount)
    .map((l) => ({ lineId: l.id, discount: { ...l.lineDiscount! } }));
  const base = {
    organisationId: context.store.organisationId,
    chainId: chainIdFor(context.store.organisationId, doc.registerId),
    storeId: doc.storeId,
    registerId: doc.registerId,
    documentId: doc.id,
    occurredAt: doc.deviceTime,
    recordedAt,
  };
  const approvedBy = (permission: string) =>
    approvals?.find((a) => a.permission === permission)?.approverStaffId ?? null;
  if (overrides.length > 0) {
    await appendJournalEntry(
      trx,
      {
        ...base,
        kind: 'sale.price_override',
        payload: {
          saleId: doc.id,
          staffId: doc.staffId ?? null,
          approvedBy: approvedBy('sales.price_override'),
          lines: overrides,
        },
      },
      writes,
    );
  }
  if (discounts.length > 0 || doc.orderDiscount) {
    await appendJournalEntry(
      trx,
      {
        ...base,
        kind: 'sale.discount',
        payload: {
          saleId: doc.id,
          staffId: doc.staffId ?? null,
          approvedBy: approvedBy('sales.discount.above_limit'),
          lines: discounts,
          orderDiscount: doc.orderDiscount ? { ...doc.orderDiscount } : null,
        },
      },
      writes,
    );
  }
  // Unknown items: an entry of their own, `sale.unknown_item` (unknown-items.ts).
  const unknownItems = unknownItemsEntry(doc, approvals);
  if (unknownItems) await appendJournalEntry(trx, { ...base, ...unknownItems }, writes);
}
