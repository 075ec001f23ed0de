import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DrawerKickBody, EmailReceiptBody, JobStatus, PrintReceiptBody, ReceiptQuery, Reprint, ReprintBody, Uuid } from '@kassa/contracts';
import type { ModuleDeps } from '../../app.ts';
import { HttpError, failure, unwrap } from '../../http/errors.ts';
import { errorResponses } from '../../http/responses.ts';
import { findJob } from '../../jobs/index.ts';
import { actorOf, assertStoreAccess, staffIdOf } from '../auth/index.ts';
import { loadReceipt } from './load-receipt.ts';
import { DRAWER_KICK_WINDOW_MS, kickDrawerForSale, queueReceiptJob, reprintReceipt, type ReceiptCaller } from './receipt-commands.ts';
import { receiptEscPos, renderHtml, renderText } from '@kassa/domain/receipt-printing';
import { registerPrinterRoutes } from './printers.routes.ts';
import { registerReceiptSettingsRoutes } from './receipt-settings.routes.ts';
import { registerReceiptProfileRoutes } from './receipt-profile.routes.ts';
import type { MailSettings } from './email.handler.ts';

/** The module's routes also need to know whether e-mail is configured: the receipt profile tells registers. */
export interface ReceiptModuleDeps extends ModuleDeps {
  mail: MailSettings | null;
}

const IdParams = Type.Object({ id: Uuid });
const saleNotFound = (id: string) => new HttpError(failure('RECEIPTS_SALE_NOT_FOUND', `Sale ${id} was not found. Check the receipt code.`, { id }));

function callerOf(request: FastifyRequest): ReceiptCaller {
  const actor = actorOf(request);
  return { organisationId: actor.organisationId, staffId: staffIdOf(actor) };
}

/** Receipts over HTTP: render, reprint, print and e-mail; printers per register; receipt settings per store; job status. */
export function registerReceiptRoutes(server: FastifyInstance, deps: ReceiptModuleDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const db = deps.database.db;
  const now = () => deps.clock.now().toISOString();
  /** Store scoping: the sale's store must be visible (404) and allow the permission (403). */
  const assertSaleAccess = async (request: FastifyRequest, saleId: string, permission: string) => {
    const sale = await db.selectFrom('sales').select('store_id').where('id', '=', saleId).where('organisation_id', '=', actorOf(request).organisationId).executeTakeFirst();
    if (!sale) throw saleNotFound(saleId);
    assertStoreAccess(request, sale.store_id, permission);
  };

  app.get('/api/v1/sales/:id/receipt', {
    config: { permission: 'sales.read' },
    schema: {
      tags: ['receipts'], summary: 'Render a receipt',
      description: 'The receipt of a sale as plain text, HTML (58 or 80 mm, printable from the browser) or ESC/POS bytes for a receipt printer, in Dutch or English (default: the store\'s language). `copy=n` renders it as "DUPLICAAT n"/"COPY n" without counting; use POST …/reprints to count a reprint.',
      params: IdParams, querystring: ReceiptQuery,
      response: { 200: Type.Unknown({ description: 'text/plain, text/html or application/octet-stream (ESC/POS)' }), ...errorResponses(404) },
    },
  }, async (request, reply) => {
    await assertSaleAccess(request, request.params.id, 'sales.read');
    const { format = 'text', width = 80, locale, copy } = request.query;
    const loaded = await loadReceipt(db, actorOf(request).organisationId, request.params.id, { locale, copyNumber: copy });
    if (!loaded) throw saleNotFound(request.params.id);
    if (format === 'escpos') return reply.type('application/octet-stream').send(Buffer.from(await receiptEscPos(loaded.document, { width })));
    if (format === 'html') return reply.type('text/html; charset=utf-8').send(renderHtml(loaded.document, width));
    return reply.type('text/plain; charset=utf-8').send(renderText(loaded.document, width));
  });

  app.post('/api/v1/sales/:id/reprints', {
    config: { permission: 'sales.read' },
    schema: {
      tags: ['receipts'], summary: 'Reprint a receipt',
      description: 'Counts and journals a reprint: the copy is marked "DUPLICAAT n"/"COPY n". With `printerId` the copy is printed through the outbox. Idempotent by `id`.',
      params: IdParams, body: ReprintBody, response: { 201: Reprint, ...errorResponses(404, 409) },
    },
  }, async (request, reply) => {
    await assertSaleAccess(request, request.params.id, 'sales.read');
    return reply.status(201).send(unwrap(await reprintReceipt(db, callerOf(request), request.params.id, request.body, now())));
  });

  app.post('/api/v1/sales/:id/prints', {
    config: { permission: 'sales.sell' },
    schema: {
      tags: ['receipts'], summary: 'Print a receipt on a network printer',
      description: 'Queues a print job (the body `id` is the job id): the outbox prints it once, retrying while the printer is off, and never twice for the same id. Optionally pulses the cash drawer. Answers 202 at once; the sale never waits for the printer.',
      params: IdParams, body: PrintReceiptBody, response: { 202: JobStatus, ...errorResponses(404, 409) },
    },
  }, async (request, reply) => {
    await assertSaleAccess(request, request.params.id, 'sales.sell');
    const { id, printerId, openDrawer = false, locale } = request.body;
    unwrap(await queueReceiptJob(db, callerOf(request), request.params.id, { id, type: 'print', payload: { printerId, locale: locale ?? null, copyNumber: null, openDrawer } }, now()));
    return reply.status(202).send(jobStatusOf((await findJob(db, id))!));
  });

  app.post('/api/v1/sales/:id/drawer-kicks', {
    config: { permission: 'sales.sell' },
    schema: {
      tags: ['receipts'], summary: 'Open the cash drawer for a cash sale',
      description: `Pulses the cash drawer through the register's receipt printer (its first network printer) for a sale paid (partly) in cash, once per \`id\`, through the job outbox. Refused (409) for a sale without cash, a register without a network printer, or a sale made more than ${DRAWER_KICK_WINDOW_MS / 60_000} minutes ago: a sale delivered late (made offline) never opens the drawer later. A drawer without a sale is a no-sale (POST /shifts/{id}/no-sales).`,
      params: IdParams, body: DrawerKickBody, response: { 202: JobStatus, ...errorResponses(404, 409) },
    },
  }, async (request, reply) => {
    await assertSaleAccess(request, request.params.id, 'sales.sell');
    unwrap(await kickDrawerForSale(db, callerOf(request), request.params.id, request.body.id, now()));
    return reply.status(202).send(jobStatusOf((await findJob(db, request.body.id))!));
  });

  app.post('/api/v1/sales/:id/emails', {
    config: { permission: 'sales.sell' },
    schema: {
      tags: ['receipts'], summary: 'E-mail a receipt',
      description: 'Queues the receipt as an e-mail (HTML with a plain-text part) through the outbox; sent once per `id`. Needs KASSA_SMTP_URL on the server: without it the job is accepted and waits (pending) until the server is started with it; the register\'s receipt profile says so (`emailConfigured`).',
      params: IdParams, body: EmailReceiptBody, response: { 202: JobStatus, ...errorResponses(404, 409) },
    },
  }, async (request, reply) => {
    await assertSaleAccess(request, request.params.id, 'sales.sell');
    const { id, to, locale } = request.body;
    unwrap(await queueReceiptJob(db, callerOf(request), request.params.id, { id, type: 'email', payload: { to, locale: locale ?? null } }, now()));
    return reply.status(202).send(jobStatusOf((await findJob(db, id))!));
  });

  app.get('/api/v1/jobs/:id', {
    config: { permission: 'sales.read' },
    schema: { tags: ['receipts'], summary: 'Status of a print or e-mail job', description: 'Pending, running, done or failed, with attempts and the last error (e.g. the printer was off).', params: IdParams, response: { 200: JobStatus, ...errorResponses(404) } },
  }, async (request) => {
    const job = await findJob(db, request.params.id);
    if (!job || job.organisation_id !== actorOf(request).organisationId) throw new HttpError(failure('JOBS_NOT_FOUND', `Job ${request.params.id} does not exist.`));
    return jobStatusOf(job);
  });

  registerPrinterRoutes(app, deps);
  registerReceiptSettingsRoutes(app, deps);
  registerReceiptProfileRoutes(app, deps);
}

function jobStatusOf(job: NonNullable<Awaited<ReturnType<typeof findJob>>>) {
  return { id: job.id, type: job.type, status: job.status, attempts: Number(job.attempts), nextAttemptAt: job.next_attempt_at, lastError: job.last_error, completedAt: job.completed_at };
}
