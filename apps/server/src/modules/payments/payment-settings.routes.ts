import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  PaymentIncidentList,
  PaymentIncidentQuery,
  PaymentSettingsView,
  UpdatePaymentSettingsBody,
} from '@kassa/contracts';
import { errorResponses } from '../../http/responses.ts';
import { registerVersionedSettingsRoutes } from '../../http/versioned-settings.ts';
import { actorOf, visibleStoreIds } from '../auth/index.ts';
import type { PaymentsContext } from './payments-context.ts';
import { PAYMENT_INCIDENT_KINDS } from './payments.repository.ts';
import { paymentSettings, updatePaymentSettings } from './update-payment-settings.ts';

/** A store's offline card payment limits, and the payment incidents a manager follows up. */
export function registerPaymentSettingsRoutes(server: FastifyInstance, ctx: PaymentsContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['payments'];

  registerVersionedSettingsRoutes(server, ctx, paymentSettings, {
    path: '/api/v1/stores/:id/payment-settings',
    tags,
    readPermission: 'settings.manage',
    view: PaymentSettingsView,
    body: UpdatePaymentSettingsBody,
    get: {
      summary: 'Offline card payment settings of a store',
      description:
        'Whether terminals that support it may approve card payments while they cannot reach their acquirer (store-and-forward), the most per payment and per business day (minor units, all terminals of the store together). Never saved: version 0, offline payments off.',
    },
    put: {
      summary: 'Change the offline card payment settings of a store',
      description:
        'Limits in minor units of the store currency. `transactionLimit` may not exceed `dailyLimit`, and enabling needs a `transactionLimit` above 0 (422 PAYMENTS_SETTINGS_INVALID naming the field). Send the `version` you read: a stale version is 409; the same change sent again returns the saved settings. Applies to payments started after the change. Recorded in the audit log (`payment_settings.updated`).',
    },
    update: updatePaymentSettings,
  });

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
