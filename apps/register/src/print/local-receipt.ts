import { buildReceipt, type ReceiptDocument, type SaleTotals } from '@kassa/domain';
import { receiptSaleOf, receiptStoreOf } from '@kassa/domain/receipt-printing';
import type { LocalSale } from '../db/database.ts';
import type { ReceiptProfile } from './receipt-profile.ts';

/**
 * The receipt of a sale committed on this device, built from the local copy of the store and its
 * receipt settings with the same domain functions the server uses: offline it is the receipt the
 * server prints for the same sale once it has arrived.
 */
export function localReceiptDocument(
  sale: LocalSale,
  totals: SaleTotals,
  profile: ReceiptProfile,
  options: { cashierName: string | null; copyNumber?: number | null },
): ReceiptDocument {
  return buildReceipt(receiptSaleOf(sale.document, totals), receiptStoreOf(profile.store, profile.settings), {
    locale: profile.settings.locale,
    registerName: profile.registerName,
    cashierName: options.cashierName,
    copyNumber: options.copyNumber ?? null,
  });
}
