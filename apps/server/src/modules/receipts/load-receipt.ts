import type { Kysely } from 'kysely';
import { buildReceipt, type ReceiptDocument, type ReceiptLocale } from '@kassa/domain';
import type { RecordedSale } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import { findSaleById } from '../sales/index.ts';

export interface LoadedReceipt {
  sale: RecordedSale;
  document: ReceiptDocument;
  organisationId: string;
}

/** The store's receipt language: Dutch in the Netherlands and Belgium, English elsewhere. */
function defaultLocale(country: string): ReceiptLocale {
  return country === 'NL' || country === 'BE' ? 'nl' : 'en';
}

/** Loads a sale with its store, register and cashier, then builds its receipt with the domain core. */
export async function loadReceipt(db: Kysely<DB>, organisationId: string, saleId: string, options: { locale?: ReceiptLocale | null; copyNumber?: number | null }): Promise<LoadedReceipt | undefined> {
  const sale = await findSaleById(db, organisationId, saleId);
  if (!sale) return undefined;
  const [store, register, cashier] = await Promise.all([
    db.selectFrom('stores').selectAll().where('id', '=', sale.storeId).executeTakeFirstOrThrow(),
    db.selectFrom('registers').select('name').where('id', '=', sale.registerId).executeTakeFirstOrThrow(),
    sale.staffId ? db.selectFrom('staff').select('name').where('id', '=', sale.staffId).executeTakeFirst() : Promise.resolve(undefined),
  ]);
  const document = buildReceipt(
    sale,
    { name: store.name, addressLine1: store.address_line1, postalCode: store.postal_code, city: store.city, vatNumber: store.vat_number, kvkNumber: store.kvk_number, timeZone: store.time_zone },
    { locale: options.locale ?? defaultLocale(store.country), registerName: register.name, cashierName: cashier?.name ?? null, copyNumber: options.copyNumber ?? null },
  );
  return { sale, document, organisationId };
}
