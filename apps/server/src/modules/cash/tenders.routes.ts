import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { CreateTenderBody, TenderDefinition, TenderDefinitionList, Uuid } from '@kassa/contracts';
import type { ModuleDeps } from '../../app.ts';
import { unwrap } from '../../http/errors.ts';
import { errorResponses } from '../../http/responses.ts';
import { actorOf, assertStoreAccess } from '../auth/index.ts';
import { cashCallerOf } from './route-access.ts';
import { createTender, listTenders } from './tenders.ts';

/** Custom tenders per store ("Op rekening", "Bankoverschrijving", "Cadeaubon"). */
export function registerTenderRoutes(server: FastifyInstance, deps: ModuleDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const db = deps.database.db;

  app.get('/api/v1/stores/:id/tenders', {
    config: { permission: 'sales.read' },
    schema: {
      tags: ['cash'], summary: 'Tenders of a store',
      description: 'The custom tenders a store takes besides cash and card. The register shows them as payment buttons; a sale with a custom tender the store does not have is refused (CASH_TENDER_UNKNOWN).',
      params: Type.Object({ id: Uuid }), response: { 200: TenderDefinitionList, ...errorResponses(404) },
    },
  }, async (request) => {
    assertStoreAccess(request, request.params.id, 'sales.read');
    return { items: await listTenders(db, actorOf(request).organisationId, request.params.id) };
  });

  app.post('/api/v1/stores/:id/tenders', {
    config: { permission: 'settings.manage' },
    schema: {
      tags: ['cash'], summary: 'Add a tender to a store',
      description: 'Adds a custom tender such as "Op rekening" or "Bankoverschrijving". Names are unique per store (case does not matter). Idempotent by `id`.',
      params: Type.Object({ id: Uuid }), body: CreateTenderBody, response: { 201: TenderDefinition, 200: TenderDefinition, ...errorResponses(404, 409) },
    },
  }, async (request, reply) => {
    assertStoreAccess(request, request.params.id, 'settings.manage');
    const result = unwrap(await createTender(db, cashCallerOf(request), request.params.id, request.body, deps.clock.now().toISOString()));
    return reply.status(result.replayed ? 200 : 201).send(result.tender);
  });
}
