import type { Kysely } from 'kysely';
import { buildReceipt, type ReceiptDocument, type ReceiptLocale } from '@kassa/domain';
import { receiptStoreOf } from '@kassa/domain/receipt-printing';
import type { RecordedSale } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import { findSaleById } from '../sales/index.ts';
import { findReceiptSettings, receiptStoreSettings } from './receipt-settings.repository.ts';

export interface LoadedReceipt {
  sale: RecordedSale;
  document: ReceiptDocument;
  organisationId: string;
}

/**
 * Loads a sale with its store (and the store's receipt header, footer, logo and language),
 * register and cashier, then builds its receipt with the domain core. Every receipt goes through
 * here: the render endpoint, printed receipts and reprints (print jobs) and e-mailed receipts.
 */
export async function loadReceipt(db: Kysely<DB>, organisationId: string, saleId: string, options: { locale?: ReceiptLocale | null; copyNumber?: number | null }): Promise<LoadedReceipt | undefined> {
  const sale = await findSaleById(db, organisationId, saleId);
  if (!sale) return undefined;
  const [store, settingsRow, register, cashier] = await Promise.all([
    db.selectFrom('stores').selectAll().where('id', '=', sale.storeId).executeTakeFirstOrThrow(),
    findReceiptSettings(db, sale.storeId),
    db.selectFrom('registers').select('name').where('id', '=', sale.registerId).executeTakeFirstOrThrow(),
    sale.staffId ? db.selectFrom('staff').select('name').where('id', '=', sale.staffId).executeTakeFirst() : Promise.resolve(undefined),
  ]);
  const settings = receiptStoreSettings(settingsRow, store.country);
  const document = buildReceipt(
    sale,
    // The same shop part the register prints offline from its copy of the store and its settings.
    receiptStoreOf({ name: store.name, addressLine1: store.address_line1, postalCode: store.postal_code, city: store.city, vatNumber: store.vat_number, kvkNumber: store.kvk_number, timeZone: store.time_zone }, settings),
    { locale: options.locale ?? settings.locale, registerName: register.name, cashierName: cashier?.name ?? null, copyNumber: options.copyNumber ?? null },
  );
  return { sale, document, organisationId };
}
