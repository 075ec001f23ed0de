import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { CreatePaymentTerminalBody, PaymentTerminalConfig, PaymentTerminalList, Uuid } from '@kassa/contracts';
import { HttpError, failure, unwrap } from '../../http/errors.ts';
import { errorResponses } from '../../http/responses.ts';
import { actorOf, assertStoreAccess, visibleStoreIds } from '../auth/index.ts';
import type { PaymentsContext } from './payments-context.ts';
import { createTerminal, listTerminals, terminalsOfRegister } from './terminals.repository.ts';

/** The card terminals of each store (settings: who may point Kassa at a terminal decides where money goes). */
export function registerTerminalRoutes(server: FastifyInstance, ctx: PaymentsContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['payments'];

  app.get('/api/v1/payment-terminals', {
    config: { permission: 'settings.manage' },
    schema: { tags, summary: 'List card terminals', description: 'The terminals of the stores you may see: adapter, endpoint and terminal id (POIID).', response: { 200: PaymentTerminalList, ...errorResponses() } },
  }, async (request) => {
    const actor = actorOf(request);
    return { items: await listTerminals(ctx.db, actor.organisationId, visibleStoreIds(actor)) };
  });

  app.get('/api/v1/registers/:id/payment-terminals', {
    config: { permission: 'sales.sell' },
    schema: { tags, summary: 'Card terminals a register may use', description: "For the register's payment screen: the terminals of the register's store that are bound to this register (listed first) or to none.", params: Type.Object({ id: Uuid }), response: { 200: PaymentTerminalList, ...errorResponses(404) } },
  }, async (request) => {
    const found = await terminalsOfRegister(ctx.db, actorOf(request).organisationId, request.params.id);
    if (!found) throw new HttpError(failure('PAYMENTS_NOT_FOUND', `Register ${request.params.id} does not exist or is not yours.`));
    assertStoreAccess(request, found.storeId);
    return { items: found.items };
  });

  app.post('/api/v1/payment-terminals', {
    config: { permission: 'settings.manage' },
    schema: {
      tags, summary: 'Add a card terminal to a store', body: CreatePaymentTerminalBody, response: { 201: PaymentTerminalConfig, 200: PaymentTerminalConfig, ...errorResponses(409, 422) },
      description: 'Configures a terminal for a store, or for one register of it (`registerId`). `adapter` is `simulator` (the built-in `kassa terminal-sim`) or `adyen` (Adyen Terminal API; cloud needs KASSA_ADYEN_API_KEY). `key` names the nexo encryption key of a terminal on the LAN (identifier and version); its passphrase must be in the server\'s KASSA_NEXO_KEYS_FILE (or be the KASSA_NEXO_KEY_* default), else 422 PAYMENTS_TERMINAL_KEY_UNKNOWN. Idempotent by `id`.',
    },
  }, async (request, reply) => {
    assertStoreAccess(request, request.body.storeId);
    const result = unwrap(await createTerminal(ctx.db, actorOf(request).organisationId, request.body, ctx.clock.now().toISOString(), ctx.knowsKey));
    return reply.status(result.created ? 201 : 200).send(result.terminal);
  });
}
