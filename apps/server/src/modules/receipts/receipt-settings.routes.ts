import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ReceiptSettings, UpdateReceiptSettingsBody, Uuid } from '@kassa/contracts';
import type { ModuleDeps } from '../../app.ts';
import { HttpError, failure, unwrap } from '../../http/errors.ts';
import { errorResponses } from '../../http/responses.ts';
import { actorOf, actorRef, assertStoreAccess, auditContextOf } from '../auth/index.ts';
import { findReceiptSettings, toReceiptSettingsView } from './receipt-settings.repository.ts';
import { updateReceiptSettings } from './update-receipt-settings.ts';

/** Header, footer, logo and language of a store's receipts. */
export function registerReceiptSettingsRoutes(server: FastifyInstance, deps: ModuleDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const db = deps.database.db;
  const params = Type.Object({ id: Uuid });

  app.get(
    '/api/v1/stores/:id/receipt-settings',
    {
      config: { permission: 'sales.read' },
      schema: {
        tags: ['receipts'],
        summary: 'Receipt settings of a store',
        description:
          "Header and footer lines, the logo (PNG, base64) and the language every receipt of the store prints with. Registers read it to print the same receipt offline. A store whose settings were never saved answers version 0, no lines, no logo and the store's default language.",
        params,
        response: { 200: ReceiptSettings, ...errorResponses(404) },
      },
    },
    async (request) => {
      assertStoreAccess(request, request.params.id, 'sales.read');
      const store = await db
        .selectFrom('stores')
        .select(['id', 'country'])
        .where('id', '=', request.params.id)
        .where('organisation_id', '=', actorOf(request).organisationId)
        .executeTakeFirst();
      if (!store)
        throw new HttpError(
          failure(
            'RECEIPTS_STORE_NOT_FOUND',
            `Store ${request.params.id} does not exist in your organisation.`,
            { storeId: request.params.id },
          ),
        );
      return toReceiptSettingsView(store.id, store.country, await findReceiptSettings(db, store.id));
    },
  );

  app.put(
    '/api/v1/stores/:id/receipt-settings',
    {
      config: { permission: 'settings.manage' },
      schema: {
        tags: ['receipts'],
        summary: 'Change the receipt settings of a store',
        description:
          'Fields you leave out stay as they are; `logo: null` removes the logo, `locale: null` follows the store again. The logo is a PNG of at most 32 KiB and 576 × 576 pixels, sent as base64: it is printed as a raster image on ESC/POS printers and embedded in HTML and e-mailed receipts. Send the `version` you read: a stale version is 409; the same change sent again returns the saved settings. Recorded in the audit log (`receipt_settings.updated`).',
        params,
        body: UpdateReceiptSettingsBody,
        response: { 200: ReceiptSettings, ...errorResponses(404, 409, 422) },
      },
    },
    async (request) => {
      assertStoreAccess(request, request.params.id, 'settings.manage');
      const actor = actorOf(request);
      const caller = {
        organisationId: actor.organisationId,
        actorRef: actorRef(actor),
        audit: auditContextOf(actor, request),
      };
      return unwrap(
        await updateReceiptSettings(
          db,
          caller,
          request.params.id,
          request.body,
          deps.clock.now().toISOString(),
        ),
      );
    },
  );
}
