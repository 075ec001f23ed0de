import type { ReceiptLogo, ReceiptStore } from '../build-receipt.ts';

/** The store as its receipts print it (the server's stores row; the register keeps a copy). */
export type ReceiptStoreDetails = Omit<ReceiptStore, 'headerText' | 'footerText' | 'logo'>;

/** A store's receipt settings (GET /api/v1/stores/{id}/receipt-settings): what prints besides the sale. */
export interface ReceiptStoreSettings {
  readonly headerLines: readonly string[];
  readonly footerLines: readonly string[];
  readonly logo: ReceiptLogo | null;
}

/** The shop part of a receipt: one function for the server and the register, so both print the same header and footer. */
export function receiptStoreOf(store: ReceiptStoreDetails, settings: ReceiptStoreSettings): ReceiptStore {
  return {
    name: store.name,
    addressLine1: store.addressLine1,
    postalCode: store.postalCode,
    city: store.city,
    vatNumber: store.vatNumber,
    kvkNumber: store.kvkNumber,
    timeZone: store.timeZone,
    // Lines never contain a line break (refused when saved), so joining and splitting is lossless.
    headerText: settings.headerLines.join('\n'),
    footerText: settings.footerLines.join('\n'),
    logo: settings.logo,
  };
}
