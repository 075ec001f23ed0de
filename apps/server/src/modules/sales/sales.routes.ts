import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  RecordedSale,
  SaleDocument,
  SaleHistory,
  SaleListQuery,
  SalePage,
  Uuid,
  VoidSaleBody,
} from '@kassa/contracts';
import type { ModuleDeps } from '../../app.ts';
import { HttpError, failure, unwrap } from '../../http/errors.ts';
import { errorResponses } from '../../http/responses.ts';
import { actorOf, canSeeStore, requirePermission, visibleStoreIds } from '../auth/index.ts';
import { authorizeDirectSale, outboxSaleCaller } from './sale-permissions.ts';
import { recordSale } from './record-sale.ts';
import { findSaleById } from './sales.repository.ts';
import { findSaleHistory, findSaleIdByReceipt, listSales } from './list-sales.ts';
import { voidSale } from './void-sale.ts';

const notFound = (what: string) =>
  new HttpError(
    failure('SALES_NOT_FOUND', `${what} was not found. Check the receipt number or scan the receipt again.`),
  );

/** Sales over HTTP: record (idempotent), list, read, look up by receipt. */
export function registerSalesRoutes(server: FastifyInstance, deps: ModuleDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const db = deps.database.db;

  app.post(
    '/api/v1/sales',
    {
      config: { permission: 'sales.sell' },
      schema: {
        tags: ['sales'],
        summary: 'Record a completed sale, return or exchange',
        description:
          'Records the document a register completed. The server recomputes the arithmetic with the same domain code (422 names each figure that differs), accepts the prices the register used and flags deviations. ' +
          'Idempotent by `id`: sending the same document again returns the first answer (200) and creates nothing; the same id with other content is a 409. ' +
          'Returns need `sales.refund`, returns without a receipt also `sales.refund.without_receipt` and a `reasonCode`; a price override needs `sales.price_override`, selling an unknown item (a line with `unknownItem: true`) `sales.unknown_item` (token scope `sales:unknown_item`). ' +
          "Where the caller's role says a manager must approve, send the approval in `X-Kassa-Approval` (403 AUTH_APPROVAL_REQUIRED names the permission).",
        body: SaleDocument,
        response: { 201: RecordedSale, 200: RecordedSale, ...errorResponses(409, 413, 422) },
      },
    },
    async (request, reply) => {
      const caller = await authorizeDirectSale(request, request.body);
      const result = unwrap(await recordSale(db, caller, request.body, deps.clock.now().toISOString()));
      return reply.status(result.replayed ? 200 : 201).send(result.sale);
    },
  );

  app.get(
    '/api/v1/sales',
    {
      config: { permission: 'sales.read' },
      schema: {
        tags: ['sales'],
        summary: 'List sales',
        description:
          'Sales newest first, filtered by store, register, staff, customer, kind, flagged, receipt number and business day range (store time zone).',
        querystring: SaleListQuery,
        response: { 200: SalePage, ...errorResponses() },
      },
    },
    async (request) => {
      const { cursor, limit, ...filters } = request.query;
      const actor = actorOf(request);
      return listSales(db, {
        organisationId: actor.organisationId,
        visibleStoreIds: visibleStoreIds(actor),
        ...filters,
        beforeId: cursor,
        limit: limit ?? 50,
      });
    },
  );

  app.get(
    '/api/v1/sales/lookup',
    {
      config: { permission: 'sales.read' },
      schema: {
        tags: ['sales'],
        summary: 'Find a sale by its receipt',
        description:
          'By the code of the receipt barcode/QR (`code`), or by `registerId` + `receiptNumber` (+ `kind`, default sale). Used to start a return.',
        querystring: Type.Object(
          {
            code: Type.Optional(Type.String({ maxLength: 80 })),
            registerId: Type.Optional(Uuid),
            receiptNumber: Type.Optional(Type.Integer({ minimum: 1 })),
            kind: Type.Optional(
              Type.Union([
                Type.Literal('sale'),
                Type.Literal('return'),
                Type.Literal('exchange'),
                Type.Literal('void'),
              ]),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: RecordedSale, ...errorResponses(404) },
      },
    },
    async (request) => {
      const organisationId = actorOf(request).organisationId;
      const id = await findSaleIdByReceipt(db, organisationId, request.query);
      const sale = id ? await findSaleById(db, organisationId, id) : undefined;
      if (!sale || !canSeeStore(actorOf(request), sale.storeId)) throw notFound('That receipt');
      return sale;
    },
  );

  app.get(
    '/api/v1/sales/:id',
    {
      config: { permission: 'sales.read' },
      schema: {
        tags: ['sales'],
        summary: 'Get a sale',
        description:
          'One sale with the quantities returned so far per line. Its journal entries: `GET /api/v1/journal?documentId=…`; its returns: `GET /api/v1/sales?…` filtered by kind.',
        params: Type.Object({ id: Uuid }),
        response: { 200: RecordedSale, ...errorResponses(404) },
      },
    },
    async (request) => {
      const sale = await findSaleById(db, actorOf(request).organisationId, request.params.id);
      if (!sale || !canSeeStore(actorOf(request), sale.storeId)) throw notFound(`Sale ${request.params.id}`);
      return sale;
    },
  );

  app.get(
    '/api/v1/sales/:id/history',
    {
      config: { permission: 'sales.read' },
      schema: {
        tags: ['sales'],
        summary: 'A sale and what happened to it since',
        description:
          'The sale, the returns, exchanges and voids that refer to it, and the journal entries of all of them.',
        params: Type.Object({ id: Uuid }),
        response: { 200: SaleHistory, ...errorResponses(404) },
      },
    },
    async (request) => {
      const organisationId = actorOf(request).organisationId;
      const sale = await findSaleById(db, organisationId, request.params.id);
      if (!sale || !canSeeStore(actorOf(request), sale.storeId)) throw notFound(`Sale ${request.params.id}`);
      return findSaleHistory(db, organisationId, sale);
    },
  );

  app.post(
    '/api/v1/sales/:id/void',
    {
      config: { permission: 'sales.void' },
      schema: {
        tags: ['sales'],
        summary: 'Void a sale',
        description:
          'Reverses a sale of today with a new void document (the sale itself is never changed): stock goes back, the tenders are reversed, the journal records it. ' +
          "A sale can be voided once; a partly returned sale cannot be voided. Idempotent by the void's `id`. " +
          'A card tender paid through a terminal is given back only by an approved refund there: refund it first (POST /api/v1/payments/{paymentId}/refunds with saleId = the void id) and name it in `cardRefunds` (422 SALES_CARD_REFUND_REQUIRED otherwise).',
        params: Type.Object({ id: Uuid }),
        body: VoidSaleBody,
        response: { 201: RecordedSale, ...errorResponses(404, 409, 422) },
      },
    },
    async (request, reply) => {
      const now = deps.clock.now();
      const original = await findSaleById(db, actorOf(request).organisationId, request.params.id);
      if (!original || !canSeeStore(actorOf(request), original.storeId))
        throw notFound(`Sale ${request.params.id}`);
      // The role in the sale's store decides; a cashier's void may need a manager's approval.
      await requirePermission(request, 'sales.void', original.storeId);
      const voided = await voidSale(
        db,
        outboxSaleCaller(request),
        request.params.id,
        request.body,
        now.toISOString(),
      );
      return reply.status(201).send(unwrap(voided));
    },
  );
}
