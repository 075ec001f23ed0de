import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PaymentAttempt, PaymentListQuery, PaymentPage, PaymentWaitQuery, RefundPaymentBody, StartPaymentBody, Uuid } from '@kassa/contracts';
import type { ModuleDeps } from '../../app.ts';
import { unwrap } from '../../http/errors.ts';
import { errorResponses } from '../../http/responses.ts';
import { actorOf, canSeeStore, requirePermission, staffIdOf, visibleStoreIds } from '../auth/index.ts';
import { createPaymentsContext, type PaymentSettings, type PaymentsContext } from './payments-context.ts';
import { findAttemptRow, listAttemptRows, refundedAmountOf, toAttempt, type AttemptRow } from './payments.repository.ts';
import { abortAttempt, checkAttemptStatus, visibleAttempt, waitForAttempt } from './resolve-payment.ts';
import { startAttempt, type PaymentCaller } from './start-payment.ts';
import { registerTerminalRoutes } from './terminals.routes.ts';
import { registerPaymentSettingsRoutes } from './payment-settings.routes.ts';
import './payments.errors.ts';

const Params = Type.Object({ id: Uuid });
const tags = ['payments'];

function callerOf(request: FastifyRequest): PaymentCaller {
  const actor = actorOf(request);
  return { organisationId: actor.organisationId, staffId: staffIdOf(actor), canSeeStore: (storeId) => canSeeStore(actor, storeId) };
}

/** Card payments over HTTP: the server talks to the terminal; the register follows the attempt. */
export function registerPaymentRoutes(server: FastifyInstance, deps: ModuleDeps & { payments?: PaymentSettings }): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const settings = deps.payments ?? {};
  const ctx: PaymentsContext = createPaymentsContext({ db: deps.database.db, clock: deps.clock, settings, log: (message, details) => server.log.info(details, message) });
  // Shutdown waits for terminal calls in flight, so their outcome is recorded (else a status query settles it after restart).
  server.addHook('onClose', async () => void (await Promise.allSettled([...ctx.tasks.values()])));
  const present = async (row: AttemptRow) => toAttempt(row, row.kind === 'payment' ? await refundedAmountOf(ctx.db, row.id) : 0);
  const attempt = { 200: PaymentAttempt, 201: PaymentAttempt };

  app.post('/api/v1/payments', {
    config: { permission: 'sales.sell' },
    schema: {
      tags, summary: 'Start a card payment on a terminal', body: StartPaymentBody, response: { ...attempt, ...errorResponses(404, 409, 422) },
      description: 'Creates a card attempt for a sale (the sale may not exist on the server yet) and sends it to the terminal; answers at once with state `in_progress`. ' +
        'Follow it with `GET /api/v1/payments/{id}?waitMs=…`. Idempotent by `id` (same body: the attempt as it is now, 200; other body: 409). ' +
        'No new attempt on a sale while another is `in_progress` or `unknown` (409 PAYMENTS_ATTEMPT_PENDING). `kind: "refund"` is an unreferenced refund and needs `sales.refund`.',
    },
  }, async (request, reply) => {
    if (request.body.kind === 'refund') await requirePermission(request, 'sales.refund');
    const { kind = 'payment', ...body } = request.body;
    const started = unwrap(await startAttempt(ctx, callerOf(request), { ...body, kind }));
    return reply.status(started.replayed ? 200 : 201).send(await present(started.row));
  });

  app.get('/api/v1/payments', {
    config: { permission: 'sales.read' },
    schema: { tags, summary: 'List card attempts', description: 'Newest first; filter by sale, register or state. Card data is only brand, masked PAN, entry mode, auth code and provider reference.', querystring: PaymentListQuery, response: { 200: PaymentPage, ...errorResponses() } },
  }, async (request) => {
    const actor = actorOf(request);
    const { limit = 50, cursor, ...filters } = request.query;
    const rows = await listAttemptRows(ctx.db, { organisationId: actor.organisationId, storeIds: visibleStoreIds(actor), ...filters, beforeId: cursor, limit });
    const page = rows.slice(0, limit);
    return { items: await Promise.all(page.map(present)), nextCursor: rows.length > limit ? page.at(-1)!.id : null };
  });

  app.get('/api/v1/payments/:id', {
    config: { permission: 'sales.read' },
    schema: { tags, summary: 'Get a card attempt', description: 'The attempt with its state and what the terminal shows (`progress`). With `waitMs` the answer waits until the terminal call ends or the time passes (long-poll).', params: Params, querystring: PaymentWaitQuery, response: { 200: PaymentAttempt, ...errorResponses(404) } },
  }, async (request) => {
    const caller = callerOf(request);
    unwrap(await visibleAttempt(ctx, caller, request.params.id));
    await waitForAttempt(ctx, request.params.id, request.query.waitMs ?? 0);
    return present((await findAttemptRow(ctx.db, request.params.id))!);
  });

  app.post('/api/v1/payments/:id/abort', {
    config: { permission: 'sales.sell' },
    schema: { tags, summary: 'Abort a card attempt', description: 'Tells the terminal to stop. An approval that still arrives for an aborted attempt is reversed automatically and reported as an incident. An approved attempt cannot be aborted (409): refund it.', params: Params, response: { 200: PaymentAttempt, ...errorResponses(404, 409) } },
  }, async (request) => present(unwrap(await abortAttempt(ctx, callerOf(request), request.params.id))));

  app.post('/api/v1/payments/:id/status', {
    config: { permission: 'sales.sell' },
    schema: { tags, summary: 'Ask the terminal for the outcome', description: 'Sends a transaction-status query to the terminal and records the answer: the only way to resolve an `unknown` attempt (timeout, lost response, crash). A late approval of a declined or aborted attempt found this way is reversed and reported. 503 when the terminal does not answer.', params: Params, response: { 200: PaymentAttempt, ...errorResponses(404, 503) } },
  }, async (request) => present(unwrap(await checkAttemptStatus(ctx, callerOf(request), request.params.id))));

  app.post('/api/v1/payments/:id/refunds', {
    config: { permission: 'sales.sell' },
    schema: { tags, summary: 'Refund an approved card payment', description: 'A referenced refund (reversal) of an approved payment, all of it or `amount`, through the terminal; needs `sales.refund`. Creates a refund attempt (idempotent by `id`) that is followed like a payment. ' +
        'For a void or a return give `saleId` = that document\'s id, then name the approved refund in it (`cardRefunds` of the void, or the return\'s card tender `reference`). The refunds of a payment never exceed it (422 PAYMENTS_REFUND_EXCEEDS_PAYMENT).', params: Params, body: RefundPaymentBody, response: { ...attempt, ...errorResponses(404, 409, 422) } },
  }, async (request, reply) => {
    await requirePermission(request, 'sales.refund');
    const caller = callerOf(request);
    const original = unwrap(await visibleAttempt(ctx, caller, request.params.id));
    if (original.kind !== 'payment' || original.state !== 'approved' || original.reversal_status) {
      unwrap({ ok: false, error: { code: 'PAYMENTS_NOT_REFUNDABLE', message: `Payment ${original.id} is ${original.reversal_status ? 'reversed' : original.state}: only an approved payment can be refunded.`, details: { state: original.state } } });
    }
    const { id, amount, saleId, registerId, terminalId } = request.body;
    const left = Number(original.amount) - (await refundedAmountOf(ctx.db, original.id, true));
    const started = unwrap(
      await startAttempt(ctx, caller, { id, kind: 'refund', saleId: saleId ?? original.sale_id, registerId: registerId ?? original.register_id, terminalId: terminalId ?? original.terminal_id, amount: amount ?? Math.max(left, 1), currency: original.currency, original }),
    );
    return reply.status(started.replayed ? 200 : 201).send(await present(started.row));
  });

  registerTerminalRoutes(app, ctx);
  registerPaymentSettingsRoutes(app, ctx);
}
