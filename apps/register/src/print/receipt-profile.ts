import type { ReceiptLocale, ReceiptLogo } from '@kassa/domain';
import type { ReceiptStoreDetails } from '@kassa/domain/receipt-printing';
import { getMeta, setMeta, type RegisterDatabase } from '../db/database.ts';
import type { ApiClient } from '../sync/api.ts';

/**
 * What the register prints on its own receipts (on screen, from the browser, directly on a USB,
 * serial or Bluetooth printer): the shop, the register's name and the store's receipt settings.
 * Kept on the device (a `meta` entry) so receipts made offline carry the store's header, footer,
 * logo and language; refreshed with the catalogue while the server is reachable.
 */
export interface ReceiptProfile {
  registerName: string;
  store: ReceiptStoreDetails & { id: string };
  settings: {
    headerLines: string[];
    footerLines: string[];
    locale: ReceiptLocale;
    logo: ReceiptLogo | null;
    version: number;
  };
  /** Whether the server can e-mail receipts; absent in a profile kept before the server said so. */
  emailConfigured?: boolean;
  fetchedAt: string;
}

/** The server's answer (GET /api/v1/registers/{id}/receipt-profile): the logo comes with its bytes as base64. */
type ProfileAnswer = Omit<ReceiptProfile, 'fetchedAt' | 'settings' | 'emailConfigured'> & {
  emailConfigured: boolean;
  settings: Omit<ReceiptProfile['settings'], 'logo'> & {
    logo: { mediaType: 'image/png'; data: string; width: number; height: number } | null;
  };
};

const KEY = 'receiptProfile';

export async function loadReceiptProfile(db: RegisterDatabase): Promise<ReceiptProfile | null> {
  return (await getMeta<ReceiptProfile>(db, KEY)) ?? null;
}

/** Fetches the profile and keeps it; false (the kept one stays) when the server cannot be asked. */
export async function refreshReceiptProfile(
  db: RegisterDatabase,
  api: ApiClient,
  token: string,
  registerId: string,
  now = new Date().toISOString(),
): Promise<boolean> {
  const answer = await api.call<ProfileAnswer>('GET', `/api/v1/registers/${registerId}/receipt-profile`, {
    token,
  });
  if (!answer.ok) return false;
  const { registerName, store, settings, emailConfigured } = answer.value;
  const logo = settings.logo
    ? {
        mediaType: 'image/png' as const,
        base64: settings.logo.data,
        width: settings.logo.width,
        height: settings.logo.height,
      }
    : null;
  const profile: ReceiptProfile = {
    registerName,
    store,
    settings: {
      headerLines: settings.headerLines,
      footerLines: settings.footerLines,
      locale: settings.locale,
      logo,
      version: settings.version,
    },
    emailConfigured,
    fetchedAt: now,
  };
  await setMeta(db, KEY, profile);
  return true;
}
