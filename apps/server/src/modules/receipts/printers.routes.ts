import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { CreatePrinterBody, Printer, PrinterList, Uuid } from '@kassa/contracts';
import type { ModuleDeps } from '../../app.ts';
import { HttpError, failure } from '../../http/errors.ts';
import { errorResponses } from '../../http/responses.ts';
import { requestHash } from '../../http/idempotency.ts';
import { actorOf, assertStoreAccess } from '../auth/index.ts';
import { printersOfRegister, toPrinter } from './printers.repository.ts';

/** Network receipt printers per register (TCP 9100). */
export function registerPrinterRoutes(server: FastifyInstance, deps: ModuleDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const db = deps.database.db;
  const registerOf = async (organisationId: string, registerId: string) => {
    const row = await db.selectFrom('registers').innerJoin('stores', 'stores.id', 'registers.store_id').select(['registers.id', 'stores.id as store_id']).where('registers.id', '=', registerId).where('stores.organisation_id', '=', organisationId).executeTakeFirst();
    if (!row) throw new HttpError(failure('RECEIPTS_REGISTER_NOT_FOUND', `Register ${registerId} does not exist in your organisation.`));
    return row;
  };

  app.get('/api/v1/registers/:id/printers', {
    config: { permission: 'sales.read' },
    schema: { tags: ['receipts'], summary: 'Printers of a register', description: 'The first printer is the register\'s receipt printer (and drawer kicker).', params: Type.Object({ id: Uuid }), response: { 200: PrinterList, ...errorResponses(404) } },
  }, async (request) => {
    const register = await registerOf(actorOf(request).organisationId, request.params.id);
    assertStoreAccess(request, register.store_id, 'sales.read');
    return { items: (await printersOfRegister(db, register.id)).map(toPrinter) };
  });

  app.post('/api/v1/registers/:id/printers', {
    config: { permission: 'settings.manage' },
    schema: {
      tags: ['receipts'], summary: 'Add a network printer',
      description: 'An ESC/POS printer reachable over TCP (raw port 9100) with 58 or 80 mm paper. Idempotent by `id`.',
      params: Type.Object({ id: Uuid }), body: CreatePrinterBody, response: { 201: Printer, 200: Printer, ...errorResponses(404, 409) },
    },
  }, async (request, reply) => {
    const organisationId = actorOf(request).organisationId;
    const register = await registerOf(organisationId, request.params.id);
    assertStoreAccess(request, register.store_id, 'settings.manage');
    const body = request.body;
    const hash = requestHash({ registerId: register.id, ...body });
    const existing = await db.selectFrom('printers').selectAll().where('id', '=', body.id).executeTakeFirst();
    if (existing) {
      if (existing.request_hash !== hash || existing.organisation_id !== organisationId) throw new HttpError(failure('RECEIPTS_ID_REUSED', `Printer id ${body.id} was already used with other settings.`));
      return reply.status(200).send(toPrinter(existing));
    }
    const row = { id: body.id, organisation_id: organisationId, store_id: register.store_id, register_id: register.id, name: body.name, host: body.host, port: body.port ?? 9100, width: body.width ?? 80, request_hash: hash, created_at: deps.clock.now().toISOString() };
    await db.insertInto('printers').values(row).execute();
    return reply.status(201).send(toPrinter(row));
  });
}
