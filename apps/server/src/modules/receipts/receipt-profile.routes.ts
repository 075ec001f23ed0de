import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ReceiptSettings, Uuid } from '@kassa/contracts';
import type { ReceiptModuleDeps } from './receipts.routes.ts';
import { HttpError, failure } from '../../http/errors.ts';
import { errorResponses } from '../../http/responses.ts';
import { actorOf, assertStoreAccess } from '../auth/index.ts';
import { findReceiptSettings, toReceiptSettingsView } from './receipt-settings.repository.ts';

/** What a register needs to print a receipt itself, offline: the shop part, its own name and the store's receipt settings. */
const ReceiptProfile = Type.Object({
  registerId: Uuid,
  registerName: Type.String(),
  store: Type.Object({
    id: Uuid,
    name: Type.String(),
    addressLine1: Type.String(),
    postalCode: Type.String(),
    city: Type.String(),
    vatNumber: Type.Union([Type.String(), Type.Null()]),
    kvkNumber: Type.Union([Type.String(), Type.Null()]),
    timeZone: Type.String(),
  }),
  settings: ReceiptSettings,
  emailConfigured: Type.Boolean({
    description:
      'Whether this server can e-mail receipts (KASSA_SMTP_URL is set). Without it an e-mail job is accepted but waits until the server is started with it, so a register says so instead of offering to send.',
  }),
});

/** GET /api/v1/registers/{id}/receipt-profile: the register keeps it to print the store's receipt without the server. */
export function registerReceiptProfileRoutes(server: FastifyInstance, deps: ReceiptModuleDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const db = deps.database.db;
  app.get(
    '/api/v1/registers/:id/receipt-profile',
    {
      config: { permission: 'sales.read' },
      schema: {
        tags: ['receipts'],
        summary: 'Everything a register prints on its receipts',
        description:
          "The store as receipts print it (name, address, VAT and KvK numbers, time zone), the register's name and the store's receipt settings (header, footer, logo, language). Registers keep it on the device, so a receipt printed offline (on screen, from the browser or directly on a USB, serial or Bluetooth printer) is the receipt the server prints for the same sale. `settings.version` changes with every change of the settings. `emailConfigured` says whether receipts can be e-mailed from this server.",
        params: Type.Object({ id: Uuid }),
        response: { 200: ReceiptProfile, ...errorResponses(404) },
      },
    },
    async (request) => {
      const organisationId = actorOf(request).organisationId;
      const row = await db
        .selectFrom('registers')
        .innerJoin('stores', 'stores.id', 'registers.store_id')
        .select([
          'registers.id as register_id',
          'registers.name as register_name',
          'stores.id as store_id',
          'stores.name',
          'stores.address_line1',
          'stores.postal_code',
          'stores.city',
          'stores.vat_number',
          'stores.kvk_number',
          'stores.time_zone',
          'stores.country',
        ])
        .where('registers.id', '=', request.params.id)
        .where('stores.organisation_id', '=', organisationId)
        .executeTakeFirst();
      if (!row)
        throw new HttpError(
          failure(
            'RECEIPTS_REGISTER_NOT_FOUND',
            `Register ${request.params.id} does not exist in your organisation.`,
            { registerId: request.params.id },
          ),
        );
      assertStoreAccess(request, row.store_id, 'sales.read');
      return {
        registerId: row.register_id,
        registerName: row.register_name,
        store: {
          id: row.store_id,
          name: row.name,
          addressLine1: row.address_line1,
          postalCode: row.postal_code,
          city: row.city,
          vatNumber: row.vat_number,
          kvkNumber: row.kvk_number,
          timeZone: row.time_zone,
        },
        settings: toReceiptSettingsView(
          row.store_id,
          row.country,
          await findReceiptSettings(db, row.store_id),
        ),
        emailConfigured: deps.mail !== null,
      };
    },
  );
}
