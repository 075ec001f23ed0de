import { HttpError, failure, notFound } from '../../http/errors.ts';
import { uuidv7 } from '../../lib/uuidv7.ts';
import type { Executor } from '../stores/index.ts';
import {
  assertStoreAccess,
  deviceOf,
  recordAudit,
  verifyPinOnDevice,
  type Actor,
  type AuditContext,
  type AuthContext,
} from '../auth/index.ts';
import type { EffectiveEntry } from './hours.ts';

export type PunchType = EffectiveEntry['type'];

// Allowed next punches after the last one (a transition table, not nested ifs).
const NEXT: Record<PunchType | 'none', PunchType[]> = {
  none: ['clock_in'],
  clock_out: ['clock_in'],
  clock_in: ['break_start', 'clock_out'],
  break_end: ['break_start', 'clock_out'],
  break_start: ['break_end'],
};

/** The punches that may follow an entry of this type (or the first punch when there is none). */
export function allowedNextPunches(last: PunchType | undefined): PunchType[] {
  return NEXT[last ?? 'none'];
}

export interface TimeEntryView {
  id: string;
  staffId: string;
  storeId: string;
  type: PunchType;
  at: string;
  originalAt: string;
  voided: boolean;
  hourlyWage: number | null;
  corrections: Array<{
    id: string;
    at: string | null;
    voided: boolean;
    reason: string;
    correctedBy: string;
    createdAt: string;
  }>;
}

/** Entries with their corrections applied (the latest correction wins; originals are never changed). */
export async function loadEntries(
  db: Executor,
  where: {
    staffId?: string;
    storeId?: string;
    organisationId: string;
    fromAt?: string;
    toAt?: string;
    ids?: string[];
  },
): Promise<TimeEntryView[]> {
  let q = db.selectFrom('time_entries').selectAll().where('organisation_id', '=', where.organisationId);
  if (where.staffId) q = q.where('staff_id', '=', where.staffId);
  if (where.storeId) q = q.where('store_id', '=', where.storeId);
  if (where.fromAt) q = q.where('at', '>=', where.fromAt);
  if (where.toAt) q = q.where('at', '<', where.toAt);
  if (where.ids) q = q.where('id', 'in', where.ids);
  const rows = await q.orderBy('at').orderBy('id').execute();
  if (rows.length === 0) return [];
  const corrections = await db
    .selectFrom('time_entry_corrections')
    .selectAll()
    .where(
      'entry_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows
    .map((row) => {
      const own = corrections.filter((c) => c.entry_id === row.id);
      const last = own.at(-1);
      return {
        id: row.id,
        staffId: row.staff_id,
        storeId: row.store_id,
        type: row.type,
        at: last?.at ?? row.at,
        originalAt: row.at,
        voided: last ? last.voided === 1 : false,
        hourlyWage: row.hourly_wage,
        corrections: own.map((c) => ({
          id: c.id,
          at: c.at,
          voided: c.voided === 1,
          reason: c.reason,
          correctedBy: c.corrected_by,
          createdAt: c.created_at,
        })),
      };
    })
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** Who punches: the signed-in person, or anyone of this store with their PIN on the device. */
async function puncher(
  ctx: AuthContext,
  actor: Actor,
  input: { staffId?: string | undefined; pin?: string | undefined },
  ip: string | null,
): Promise<string> {
  if (actor.kind === 'staffSession' && (!input.staffId || input.staffId === actor.staffId))
    return actor.staffId;
  if (!input.staffId || !input.pin) {
    throw new HttpError(
      failure('TIMECLOCK_PIN_REQUIRED', 'Send staffId and PIN to clock someone in or out on this register.', {
        fields: ['staffId', 'pin'],
      }),
    );
  }
  const staff = await verifyPinOnDevice(ctx, deviceOf(actor), {
    staffId: input.staffId,
    pin: input.pin,
    ip,
    purpose: 'timeclock',
  });
  return staff.staffId;
}

/** Records a punch at the register, if it follows the last one (no clock-in twice, no clock-out during a break). */
export async function punch(
  ctx: AuthContext,
  actor: Actor,
  type: PunchType,
  input: { staffId?: string | undefined; pin?: string | undefined },
  ip: string | null,
): Promise<TimeEntryView> {
  const staffId = await puncher(ctx, actor, input, ip);
  const device = deviceOf(actor);
  const now = ctx.now();
  const recent = await loadEntries(ctx.db, {
    organisationId: actor.organisationId,
    staffId,
    fromAt: new Date(Date.parse(now) - 7 * 86_400_000).toISOString(),
  });
  const last = recent.filter((e) => !e.voided).at(-1);
  if (!NEXT[last?.type ?? 'none'].includes(type)) {
    throw new HttpError(
      failure(
        'TIMECLOCK_INVALID_TRANSITION',
        `Cannot ${type.replace('_', ' ')} now: the last entry is ${last?.type.replace('_', ' ') ?? 'none'}.`,
        { last: last?.type ?? null, allowed: NEXT[last?.type ?? 'none'] },
      ),
    );
  }
  const staff = await ctx.db
    .selectFrom('staff')
    .select('hourly_wage')
    .where('id', '=', staffId)
    .executeTakeFirstOrThrow();
  const id = uuidv7();
  await ctx.db
    .insertInto('time_entries')
    .values({
      id,
      organisation_id: actor.organisationId,
      store_id: device.storeId,
      staff_id: staffId,
      type,
      at: now,
      hourly_wage: staff.hourly_wage,
      device_id: device.deviceId,
      created_at: now,
    })
    .execute();
  return (await loadEntries(ctx.db, { organisationId: actor.organisationId, ids: [id] }))[0]!;
}

/** A manager corrects an entry's time or voids it, with a reason; the original stays. */
export async function correctEntry(
  ctx: AuthContext,
  actor: Actor,
  entryId: string,
  input: { at?: string | undefined; void?: boolean | undefined; reason: string },
  audit: AuditContext,
): Promise<TimeEntryView> {
  const entry = (await loadEntries(ctx.db, { organisationId: actor.organisationId, ids: [entryId] }))[0];
  if (!entry) throw notFound('Time entry', entryId);
  try {
    assertStoreAccess(actor, entry.storeId, 'timeclock.manage');
  } catch (error) {
    if ((error as { status?: number }).status === 404) throw notFound('Time entry', entryId);
    throw error;
  }
  if (input.at === undefined && input.void === undefined) {
    throw new HttpError(
      failure('TIMECLOCK_CORRECTION_INVALID', 'Give the corrected time (at) or void: true.', {
        fields: ['at', 'void'],
      }),
    );
  }
  const now = ctx.now();
  const at = input.at === undefined ? null : new Date(input.at).toISOString();
  if (at !== null && at > now)
    throw new HttpError(
      failure('TIMECLOCK_CORRECTION_INVALID', 'A corrected time cannot be in the future.', { field: 'at' }),
    );
  await ctx.db.transaction().execute(async (trx) => {
    const id = uuidv7();
    const correctedBy = actor.kind === 'staffSession' ? actor.staffId : `${actor.kind}:${actor.id}`;
    await trx
      .insertInto('time_entry_corrections')
      .values({
        id,
        entry_id: entryId,
        at,
        voided: input.void ? 1 : 0,
        reason: input.reason,
        corrected_by: correctedBy,
        created_at: now,
      })
      .execute();
    await recordAudit(
      trx,
      audit,
      {
        action: 'timeclock.entry_corrected',
        outcome: 'success',
        targetKind: 'time_entry',
        targetId: entryId,
        details: { from: entry.at, to: at, void: Boolean(input.void), reason: input.reason },
      },
      now,
    );
  });
  return (await loadEntries(ctx.db, { organisationId: actor.organisationId, ids: [entryId] }))[0]!;
}
