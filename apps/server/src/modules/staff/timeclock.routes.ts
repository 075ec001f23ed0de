import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { CorrectionBody, HoursQuery, HoursReport, PunchBody, TimeEntry, Uuid } from '@kassa/contracts';
import { HttpError, failure, notFound } from '../../http/errors.ts';
import { errorResponses } from '../../http/responses.ts';
import {
  actorOf,
  assertStoreAccess,
  auditContextOf,
  DEVICE,
  type Actor,
  type AuthContext,
} from '../auth/index.ts';
import { computeHours } from './hours.ts';
import { correctEntry, loadEntries, punch, type PunchType } from './timeclock.service.ts';

const PUNCHES: Array<[string, PunchType, string]> = [
  ['clock-in', 'clock_in', 'Clock in'],
  ['clock-out', 'clock_out', 'Clock out'],
  ['break-start', 'break_start', 'Start a break'],
  ['break-end', 'break_end', 'End a break'],
];
const MAX_DAYS = 62;

/** Time clock: punches at the register, manager corrections, hours and labour cost. */
export function registerTimeclockRoutes(root: FastifyInstance, ctx: AuthContext): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  for (const [path, type, summary] of PUNCHES) {
    app.post(
      `/api/v1/timeclock/${path}`,
      {
        config: { permission: DEVICE },
        schema: {
          tags: ['time clock'],
          summary,
          description:
            'On an enrolled register: the signed-in person, or anyone working in this store with staffId + PIN (wrong PINs count towards the lockout).',
          body: PunchBody,
          response: { 201: TimeEntry, ...errorResponses(409, 422, 429) },
        },
      },
      async (request, reply) => {
        const entry = await punch(ctx, actorOf(request), type, request.body, request.ip);
        return reply.status(201).send(entry);
      },
    );
  }

  app.post(
    '/api/v1/timeclock/entries/:id/corrections',
    {
      config: { permission: 'timeclock.manage' },
      schema: {
        tags: ['time clock'],
        summary: 'Correct a time clock entry',
        description:
          'A new time or void, with a reason. The original entry and every correction are kept; the latest correction counts.',
        params: Type.Object({ id: Uuid }),
        body: CorrectionBody,
        response: { 201: TimeEntry, ...errorResponses(404, 422) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      return reply
        .status(201)
        .send(
          await correctEntry(ctx, actor, request.params.id, request.body, auditContextOf(actor, request)),
        );
    },
  );

  app.get(
    '/api/v1/timeclock/entries',
    {
      config: { permission: 'timeclock.manage' },
      schema: {
        tags: ['time clock'],
        summary: 'List time clock entries',
        description: 'Entries of a store in a period (with their corrections), to find the one to correct.',
        querystring: HoursQuery,
        response: { 200: Type.Object({ items: Type.Array(TimeEntry) }), ...errorResponses(404, 422) },
      },
    },
    async (request) => {
      const { entries } = await loadPeriod(ctx, actorOf(request), request.query);
      return { items: entries };
    },
  );

  app.get(
    '/api/v1/timeclock/hours',
    {
      config: { permission: 'timeclock.manage' },
      schema: {
        tags: ['time clock'],
        summary: 'Hours and labour cost per person',
        description:
          'Per business day (store time zone) and ISO week. A shift counts on the day it started; minutes are whole minutes minus breaks; ' +
          'labour cost = minutes × hourly wage at clock-in / 60, rounded half up once per day; weeks and totals are sums of days.',
        querystring: HoursQuery,
        response: { 200: HoursReport, ...errorResponses(404, 422) },
      },
    },
    async (request) => {
      const q = request.query;
      const { store, entries: all } = await loadPeriod(ctx, actorOf(request), q);
      const entries = all.filter((e) => !e.voided);
      const staffIds = [...new Set(entries.map((e) => e.staffId))];
      const names = staffIds.length
        ? await ctx.db.selectFrom('staff').select(['id', 'name']).where('id', 'in', staffIds).execute()
        : [];
      const period = { timeZone: store.time_zone, from: q.from, to: q.to };
      const staff = names
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map((s) => ({
          staffId: s.id,
          name: s.name,
          ...computeHours(
            entries.filter((e) => e.staffId === s.id),
            period,
          ),
        }))
        .filter((s) => s.days.length > 0 || s.openEntry);
      return { storeId: store.id, currency: store.currency, from: q.from, to: q.to, staff };
    },
  );
}

/** The store (visible to the actor) and its entries around a period of business days. */
async function loadPeriod(
  ctx: AuthContext,
  actor: Actor,
  q: { storeId: string; from: string; to: string; staffId?: string | undefined },
) {
  assertStoreAccess(actor, q.storeId, 'timeclock.manage');
  const store = await ctx.db
    .selectFrom('stores')
    .select(['id', 'time_zone', 'currency'])
    .where('id', '=', q.storeId)
    .where('organisation_id', '=', actor.organisationId)
    .executeTakeFirst();
  if (!store) throw notFound('Store', q.storeId);
  const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000;
  if (!(days >= 0 && days < MAX_DAYS)) {
    throw new HttpError(
      failure('TIMECLOCK_PERIOD_TOO_LONG', `from must be on or before to, at most ${MAX_DAYS} days apart.`, {
        from: q.from,
        to: q.to,
      }),
    );
  }
  // A margin of two days either side covers every time zone and shifts over midnight.
  const fromAt = new Date(Date.parse(q.from) - 2 * 86_400_000).toISOString();
  const toAt = new Date(Date.parse(q.to) + 3 * 86_400_000).toISOString();
  const entries = await loadEntries(ctx.db, {
    organisationId: actor.organisationId,
    storeId: store.id,
    staffId: q.staffId,
    fromAt,
    toAt,
  });
  return { store, entries };
}
