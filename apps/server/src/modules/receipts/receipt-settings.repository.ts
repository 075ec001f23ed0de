import type { Kysely, Transaction } from 'kysely';
import type { ReceiptLocale, ReceiptLogo } from '@kassa/domain';
import type { ReceiptSettings } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import type { StoreReceiptSettingsTable } from '../../db/schema-cash.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** The store's receipt language when none was chosen: Dutch in the Netherlands and Belgium, English elsewhere. */
export function defaultReceiptLocale(country: string): ReceiptLocale {
  return country === 'NL' || country === 'BE' ? 'nl' : 'en';
}

/** The saved settings of a store; undefined when they were never saved (no header, footer or logo). */
export async function findReceiptSettings(
  db: Executor,
  storeId: string,
): Promise<StoreReceiptSettingsTable | undefined> {
  return db
    .selectFrom('store_receipt_settings')
    .selectAll()
    .where('store_id', '=', storeId)
    .executeTakeFirst();
}

/** The logo as the receipt builder takes it. */
export function receiptLogoOf(row: StoreReceiptSettingsTable | undefined): ReceiptLogo | null {
  if (!row?.logo_png) return null;
  return {
    mediaType: 'image/png',
    base64: row.logo_png,
    width: Number(row.logo_width),
    height: Number(row.logo_height),
  };
}

const lines = (json: string | undefined): string[] => (json ? (JSON.parse(json) as string[]) : []);

/** What a store's receipts print besides the sale: header and footer text, logo and language. */
export function receiptStoreSettings(row: StoreReceiptSettingsTable | undefined, country: string) {
  return {
    headerLines: lines(row?.header_lines),
    footerLines: lines(row?.footer_lines),
    locale: row?.locale ?? defaultReceiptLocale(country),
    logo: receiptLogoOf(row),
  };
}

/** The API shape; a store whose settings were never saved answers version 0 with empty settings. */
export function toReceiptSettingsView(
  storeId: string,
  country: string,
  row: StoreReceiptSettingsTable | undefined,
): ReceiptSettings {
  const settings = receiptStoreSettings(row, country);
  return {
    storeId,
    headerLines: settings.headerLines,
    footerLines: settings.footerLines,
    locale: settings.locale,
    localeIsDefault: !row?.locale,
    logo: settings.logo
      ? {
          mediaType: 'image/png',
          data: settings.logo.base64,
          width: settings.logo.width,
          height: settings.logo.height,
          bytes: Number(row?.logo_bytes),
        }
      : null,
    version: row ? Number(row.version) : 0,
    updatedAt: row?.updated_at ?? null,
  };
}
