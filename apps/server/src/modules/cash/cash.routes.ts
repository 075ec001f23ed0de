import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { CashMovement, CashMovementBody, CloseShiftBody, NoSaleBody, OpenShiftBody, Shift, Uuid, XReport, ZReport, ZReportList } from '@kassa/contracts';
import type { ModuleDeps } from '../../app.ts';
import { HttpError, failure, unwrap } from '../../http/errors.ts';
import { errorResponses } from '../../http/responses.ts';
import { actorOf, assertStoreAccess } from '../auth/index.ts';
import { closeShift } from './close-shift.ts';
import { openShift } from './open-shift.ts';
import { recordCashMovement } from './record-cash-movement.ts';
import { assertRegisterAccess, assertShiftAccess, cashCallerOf } from './route-access.ts';
import { findOpenShift, findShift, findZReport, listZReports, toShift } from './shifts.repository.ts';
import { xReport } from './x-report.ts';

const IdParams = Type.Object({ id: Uuid });
const shiftNotFound = (id: string) => new HttpError(failure('CASH_SHIFT_NOT_FOUND', `There is no open shift ${id}. Open a shift with a counted float first.`, { id }));

/** Shifts, pay-ins/outs, no-sale drawer opens, X and Z reports. */
export function registerCashRoutes(server: FastifyInstance, deps: ModuleDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const db = deps.database.db;
  const now = () => deps.clock.now().toISOString();

  app.post('/api/v1/registers/:id/shifts', {
    config: { permission: 'cash.shift.open' },
    schema: {
      tags: ['cash'], summary: 'Open a shift',
      description: 'Opens a shift on the register with the float counted per note and coin. One open shift per register (409 otherwise). The opening discrepancy (float counted minus what the previous close left in the drawer) is recorded apart from the closing over/short. Journaled; idempotent by `id`.',
      params: IdParams, body: OpenShiftBody, response: { 201: Shift, 200: Shift, ...errorResponses(404, 409, 422) },
    },
  }, async (request, reply) => {
    await assertRegisterAccess(request, db, request.params.id, 'cash.shift.open');
    const result = unwrap(await openShift(db, cashCallerOf(request), request.params.id, request.body, now()));
    return reply.status(result.replayed ? 200 : 201).send(result.shift);
  });

  app.get('/api/v1/registers/:id/shifts/current', {
    config: { permission: 'cash.report.view' },
    schema: { tags: ['cash'], summary: 'The open shift of a register', description: 'The register\'s open shift, or 404 when none is open.', params: IdParams, response: { 200: Shift, ...errorResponses(404) } },
  }, async (request) => {
    await assertRegisterAccess(request, db, request.params.id, 'cash.report.view');
    const shift = await findOpenShift(db, actorOf(request).organisationId, request.params.id);
    if (!shift) throw shiftNotFound(request.params.id);
    return toShift(shift);
  });

  app.get('/api/v1/shifts/:id', {
    config: { permission: 'cash.report.view' },
    schema: { tags: ['cash'], summary: 'Get a shift', description: 'A shift with its float, opening discrepancy and, once closed, its Z report id.', params: IdParams, response: { 200: Shift, ...errorResponses(404) } },
  }, async (request) => {
    await assertShiftAccess(request, db, request.params.id, 'cash.report.view');
    return toShift((await findShift(db, actorOf(request).organisationId, request.params.id))!);
  });

  app.post('/api/v1/shifts/:id/movements', {
    config: { permission: 'cash.movement.record' },
    schema: {
      tags: ['cash'], summary: 'Pay cash in or out',
      description: 'Records a pay-in (change from the bank) or pay-out (small expenses) with a reason in an open shift. Journaled; the drawer opens through the register\'s receipt printer when it has one. Idempotent by `id`.',
      params: IdParams, body: CashMovementBody, response: { 201: CashMovement, ...errorResponses(404, 409, 422) },
    },
  }, async (request, reply) => {
    await assertShiftAccess(request, db, request.params.id, 'cash.movement.record');
    return reply.status(201).send(unwrap(await recordCashMovement(db, cashCallerOf(request), request.params.id, request.body, now())));
  });

  app.post('/api/v1/shifts/:id/no-sales', {
    config: { permission: 'cash.drawer.open_no_sale' },
    schema: {
      tags: ['cash'], summary: 'Open the drawer without a sale',
      description: 'Opens the cash drawer without a sale (permission `cash.drawer.open_no_sale`, often with a manager\'s approval). Journaled and counted on the X/Z report; kicks the drawer through the register\'s receipt printer. Idempotent by `id`.',
      params: IdParams, body: NoSaleBody, response: { 201: CashMovement, ...errorResponses(404, 409, 422) },
    },
  }, async (request, reply) => {
    await assertShiftAccess(request, db, request.params.id, 'cash.drawer.open_no_sale');
    return reply.status(201).send(unwrap(await recordCashMovement(db, cashCallerOf(request), request.params.id, { ...request.body, kind: 'no_sale' }, now())));
  });

  app.get('/api/v1/shifts/:id/x-report', {
    config: { permission: 'cash.report.view' },
    schema: { tags: ['cash'], summary: 'X report', description: 'The shift\'s figures so far, what should be in the till per tender, and the terminal\'s side of the card takings (`cardTerminal`: approved terminal payments against card tenders, per sale). Reads only; any time.', params: IdParams, response: { 200: XReport, ...errorResponses(404) } },
  }, async (request) => {
    await assertShiftAccess(request, db, request.params.id, 'cash.report.view');
    return unwrap(await xReport(db, actorOf(request).organisationId, request.params.id, now()));
  });

  app.post('/api/v1/shifts/:id/close', {
    config: { permission: 'cash.shift.close' },
    schema: {
      tags: ['cash'], summary: 'Close a shift (Z report)',
      description: 'Blind count per tender (the expected figures are not shown before), then the Z report: numbered per register without gaps, immutable, with totals per tender and VAT rate, discounts, returns, voids, cash rounding, the perpetual grand total and the journal chain head. `cardTerminal` sets what the payment terminal approved against the card tenders, per sale (a customer charged twice, a charge without its sale, a card tender no terminal approved), apart from the over/short. Idempotent by the Z report `id`.',
      params: IdParams, body: CloseShiftBody, response: { 201: ZReport, 200: ZReport, ...errorResponses(404, 409, 422) },
    },
  }, async (request, reply) => {
    await assertShiftAccess(request, db, request.params.id, 'cash.shift.close');
    const result = unwrap(await closeShift(db, cashCallerOf(request), request.params.id, request.body, now()));
    return reply.status(result.replayed ? 200 : 201).send(result.report);
  });

  app.get('/api/v1/z-reports/:id', {
    config: { permission: 'cash.report.view' },
    schema: { tags: ['cash'], summary: 'Get a Z report', description: 'One Z report as it was written at close; it never changes.', params: IdParams, response: { 200: ZReport, ...errorResponses(404) } },
  }, async (request) => {
    const found = await findZReport(db, actorOf(request).organisationId, request.params.id);
    if (!found) throw new HttpError(failure('CASH_Z_REPORT_NOT_FOUND', `Z report ${request.params.id} does not exist.`));
    assertStoreAccess(request, found.report.storeId, 'cash.report.view');
    return found.report;
  });

  app.get('/api/v1/registers/:id/z-reports', {
    config: { permission: 'cash.report.view' },
    schema: {
      tags: ['cash'], summary: 'Z reports of a register', description: 'Newest first.', params: IdParams,
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) }, { additionalProperties: false }),
      response: { 200: ZReportList, ...errorResponses(404) },
    },
  }, async (request) => {
    await assertRegisterAccess(request, db, request.params.id, 'cash.report.view');
    return { items: await listZReports(db, actorOf(request).organisationId, request.params.id, request.query.limit ?? 50) };
  });
}
