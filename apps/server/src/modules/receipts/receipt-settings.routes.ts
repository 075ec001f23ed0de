import type { FastifyInstance } from 'fastify';
import { ReceiptSettings, UpdateReceiptSettingsBody } from '@kassa/contracts';
import type { ModuleDeps } from '../../app.ts';
import { registerVersionedSettingsRoutes } from '../../http/versioned-settings.ts';
import { receiptSettings, updateReceiptSettings } from './update-receipt-settings.ts';

/** Header, footer, logo and language of a store's receipts. */
export function registerReceiptSettingsRoutes(server: FastifyInstance, deps: ModuleDeps): void {
  registerVersionedSettingsRoutes(server, { db: deps.database.db, clock: deps.clock }, receiptSettings, {
    path: '/api/v1/stores/:id/receipt-settings',
    tags: ['receipts'],
    readPermission: 'sales.read',
    view: ReceiptSettings,
    body: UpdateReceiptSettingsBody,
    get: {
      summary: 'Receipt settings of a store',
      description:
        "Header and footer lines, the logo (PNG, base64) and the language every receipt of the store prints with. Registers read it to print the same receipt offline. A store whose settings were never saved answers version 0, no lines, no logo and the store's default language.",
    },
    put: {
      summary: 'Change the receipt settings of a store',
      description:
        'Fields you leave out stay as they are; `logo: null` removes the logo, `locale: null` follows the store again. The logo is a PNG of at most 32 KiB and 576 × 576 pixels, sent as base64: it is printed as a raster image on ESC/POS printers and embedded in HTML and e-mailed receipts. Send the `version` you read: a stale version is 409; the same change sent again returns the saved settings. Recorded in the audit log (`receipt_settings.updated`).',
    },
    update: updateReceiptSettings,
  });
}
