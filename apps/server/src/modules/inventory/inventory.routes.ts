import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  StockAdjustmentBody,
  StockCountBody,
  StockCountResult,
  StockLevelPage,
  StockLevelQuery,
  StockMovementPage,
  StockMovementQuery,
} from '@kassa/contracts';
import type { ModuleDeps } from '../../app.ts';
import { unwrap } from '../../http/errors.ts';
import { errorResponses } from '../../http/responses.ts';
import { actorOf, assertStoreAccess, visibleStoreIds } from '../auth/index.ts';
import { adjustStock, recordStockCount, type Caller } from './stock-commands.ts';
import { listStockLevels, listStockMovements } from './stock.repository.ts';

function callerOf(actor: { organisationId: string; staffId?: string | null }): Caller {
  return { organisationId: actor.organisationId, staffId: actor.staffId ?? null };
}

/** The stock ledger over HTTP: read levels and movements, adjust and count with a reason. */
export function registerInventoryRoutes(server: FastifyInstance, deps: ModuleDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const db = deps.database.db;
  const now = () => deps.clock.now().toISOString();

  app.post(
    '/api/v1/stock/adjustments',
    {
      config: { permission: 'stock.adjust' },
      schema: {
        tags: ['stock'],
        summary: 'Adjust stock',
        description:
          'Records one stock movement with a reason (damaged, theft, found, correction, initial). Send the same id again to retry safely.',
        body: StockAdjustmentBody,
        response: {
          201: Type.Object({
            id: Type.String(),
            storeId: Type.String(),
            variantId: Type.String(),
            onHandMilli: Type.Integer(),
          }),
          ...errorResponses(404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      assertStoreAccess(request, request.body.storeId, 'stock.adjust');
      return reply
        .status(201)
        .send(unwrap(await adjustStock(db, callerOf(actorOf(request)), request.body, now())));
    },
  );

  app.post(
    '/api/v1/stock/counts',
    {
      config: { permission: 'stock.adjust' },
      schema: {
        tags: ['stock'],
        summary: 'Record a stock count',
        description:
          'Sets counted quantities; each difference with the current on-hand is recorded as a count correction movement. Idempotent by id.',
        body: StockCountBody,
        response: { 201: StockCountResult, ...errorResponses(404, 409, 422) },
      },
    },
    async (request, reply) => {
      assertStoreAccess(request, request.body.storeId, 'stock.adjust');
      return reply
        .status(201)
        .send(unwrap(await recordStockCount(db, callerOf(actorOf(request)), request.body, now())));
    },
  );

  app.get(
    '/api/v1/stock/levels',
    {
      config: { permission: 'stock.read' },
      schema: {
        tags: ['stock'],
        summary: 'Stock levels of a store',
        description:
          'On-hand per variant (= the sum of its movements), in thousandths. `negative=true` lists the negative-stock exceptions.',
        querystring: StockLevelQuery,
        response: { 200: StockLevelPage, ...errorResponses() },
      },
    },
    async (request) => {
      const q = request.query;
      assertStoreAccess(request, q.storeId);
      return listStockLevels(db, {
        organisationId: actorOf(request).organisationId,
        storeId: q.storeId,
        variantId: q.variantId,
        negative: q.negative,
        afterVariantId: q.cursor,
        limit: q.limit ?? 50,
      });
    },
  );

  app.get(
    '/api/v1/stock/movements',
    {
      config: { permission: 'stock.read' },
      schema: {
        tags: ['stock'],
        summary: 'Stock movements',
        description:
          'The ledger itself: every sale, return, void, adjustment and count correction, oldest first.',
        querystring: StockMovementQuery,
        response: { 200: StockMovementPage, ...errorResponses() },
      },
    },
    async (request) => {
      const q = request.query;
      if (q.storeId) assertStoreAccess(request, q.storeId);
      return listStockMovements(db, {
        organisationId: actorOf(request).organisationId,
        visibleStoreIds: visibleStoreIds(actorOf(request)),
        storeId: q.storeId,
        variantId: q.variantId,
        documentId: q.documentId,
        afterId: q.cursor,
        limit: q.limit ?? 50,
      });
    },
  );
}
