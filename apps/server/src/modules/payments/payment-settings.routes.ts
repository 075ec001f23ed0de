import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  PaymentIncidentList,
  PaymentIncidentQuery,
  PaymentSettingsView,
  UpdatePaymentSettingsBody,
  Uuid,
} from '@kassa/contracts';
import { HttpError, failure, unwrap } from '../../http/errors.ts';
import { errorResponses } from '../../http/responses.ts';
import { actorOf, actorRef, assertStoreAccess, auditContextOf, visibleStoreIds } from '../auth/index.ts';
import { findPaymentSettings, toPaymentSettingsView } from './offline-limits.ts';
import type { PaymentsContext } from './payments-context.ts';
import { PAYMENT_INCIDENT_KINDS } from './payments.repository.ts';
import { updatePaymentSettings } from './update-payment-settings.ts';

/** A store's offline card payment limits, and the payment incidents a manager follows up. */
export function registerPaymentSettingsRoutes(server: FastifyInstance, ctx: PaymentsContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['payments'];
  const params = Type.Object({ id: Uuid });

  app.get(
    '/api/v1/stores/:id/payment-settings',
    {
      config: { permission: 'settings.manage' },
      schema: {
        tags,
        summary: 'Offline card payment settings of a store',
        params,
        response: { 200: PaymentSettingsView, ...errorResponses(404) },
        description:
          'Whether terminals that support it may approve card payments while they cannot reach their acquirer (store-and-forward), the most per payment and per business day (minor units, all terminals of the store together). Never saved: version 0, offline payments off.',
      },
    },
    async (request) => {
      assertStoreAccess(request, request.params.id, 'settings.manage');
      const store = await ctx.db
        .selectFrom('stores')
        .select(['id', 'currency'])
        .where('id', '=', request.params.id)
        .where('organisation_id', '=', actorOf(request).organisationId)
        .executeTakeFirst();
      if (!store)
        throw new HttpError(
          failure(
            'PAYMENTS_SETTINGS_STORE_NOT_FOUND',
            `Store ${request.params.id} does not exist in your organisation.`,
            { storeId: request.params.id },
          ),
        );
      return toPaymentSettingsView(store.id, store.currency, await findPaymentSettings(ctx.db, store.id));
    },
  );

  app.put(
    '/api/v1/stores/:id/payment-settings',
    {
      config: { permission: 'settings.manage' },
      schema: {
        tags,
        summary: 'Change the offline card payment settings of a store',
        params,
        body: UpdatePaymentSettingsBody,
        response: { 200: PaymentSettingsView, ...errorResponses(404, 409, 422) },
        description:
          'Limits in minor units of the store currency. `transactionLimit` may not exceed `dailyLimit`, and enabling needs a `transactionLimit` above 0 (422 PAYMENTS_SETTINGS_INVALID naming the field). Send the `version` you read: a stale version is 409; the same change sent again returns the saved settings. Applies to payments started after the change. Recorded in the audit log (`payment_settings.updated`).',
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
        await updatePaymentSettings(
          ctx.db,
          caller,
          request.params.id,
          request.body,
          ctx.clock.now().toISOString(),
        ),
      );
    },
  );

  app.get(
    '/api/v1/payment-incidents',
    {
      config: { permission: 'sales.read' },
      schema: {
        tags,
        summary: 'Card payment incidents',
        querystring: PaymentIncidentQuery,
        response: { 200: PaymentIncidentList, ...errorResponses() },
        description:
          'What a manager must follow up, newest first: offline approvals the acquirer refused at upload (`PAYMENT_OFFLINE_DECLINED_AT_UPLOAD`: the customer left with the goods, the money did not come) or that were not uploaded within 24 h (`PAYMENT_OFFLINE_NOT_UPLOADED`), and late approvals reversed or not reversible. The sales stay recorded.',
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const stores = visibleStoreIds(actor);
      let query = ctx.db
        .selectFrom('incidents')
        .selectAll()
        .where('organisation_id', '=', actor.organisationId)
        .where('kind', 'in', PAYMENT_INCIDENT_KINDS);
      if (stores !== 'all') query = query.where('store_id', 'in', stores.length > 0 ? stores : ['-']);
      if (request.query.storeId) query = query.where('store_id', '=', request.query.storeId);
      if (request.query.open) query = query.where('resolved_at', 'is', null);
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(500).execute();
      return {
        items: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          storeId: r.store_id,
          registerId: r.register_id,
          paymentId: r.reference_id,
          details: JSON.parse(r.details) as Record<string, unknown>,
          createdAt: r.created_at,
          resolvedAt: r.resolved_at,
        })),
      };
    },
  );
}
