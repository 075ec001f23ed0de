import type { SaleTotals } from '@kassa/domain';
import { receiptEscPos } from '@kassa/domain/receipt-printing';
import type { LocalSale } from '../db/database.ts';
import { localReceiptDocument } from './local-receipt.ts';
import type { ReceiptProfile } from './receipt-profile.ts';

/**
 * The ESC/POS bytes of a sale committed here, rendered on the device (so it prints offline) by
 * the function the server uses for network printers: the same bytes for the same sale.
 */
export function localReceiptEscPos(
  sale: LocalSale,
  totals: SaleTotals,
  profile: ReceiptProfile,
  options: { width: 58 | 80; openDrawer: boolean; cashierName: string | null; copyNumber?: number | null },
): Promise<Uint8Array> {
  const document = localReceiptDocument(sale, totals, profile, {
    cashierName: options.cashierName,
    copyNumber: options.copyNumber ?? null,
  });
  return receiptEscPos(document, { width: options.width, openDrawer: options.openDrawer });
}

/** Whether the sale was paid (partly) in cash: only then does the drawer open. */
export const paidInCash = (sale: LocalSale) => sale.document.tenders.some((t) => t.type === 'cash');
