import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { worksInStores } from '../auth/index.ts';
import { failure, type Failure } from '../../http/errors.ts';
import { allowedNextPunches, loadEntries, type PunchType } from './timeclock.service.ts';

export interface RegisterPunch {
  /** The outbox item id: it becomes the time entry's id, so a resent punch is found, never doubled. */
  id: string;
  type: PunchType;
  staffId: string;
  occurredAt: string;
}

export interface PunchDevice {
  organisationId: string;
  storeId: string;
  deviceId: string;
}

export type PunchOutcome =
  { ok: true; status: 'recorded' | 'duplicate'; entryId: string } | { ok: false; error: Failure };

const fail = (code: string, message: string, details?: Record<string, unknown>): PunchOutcome => ({
  ok: false,
  error: failure(code, message, details),
});

/** Active staff of the organisation who work in the device's store (a store role or an all-store role). */
async function worksInStore(db: Kysely<DB>, device: PunchDevice, staffId: string): Promise<boolean> {
  const row = await db
    .selectFrom('staff')
    .select('id')
    .where('id', '=', staffId)
    .where('organisation_id', '=', device.organisationId)
    .where('active', '=', 1)
    .where(worksInStores([device.storeId]))
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Records a punch a register made, possibly offline and delivered later
 * through its outbox (issue 4: clock-ins are outbox items). The register
 * checked the person's PIN (online or with the offline verifier); the server
 * checks that the person works in the device's store and that the punch
 * follows the person's entry before it in time (punches delivered late land
 * in their place, not at the end). Only the entry before is checked: a
 * register sends a break's start and end one after the other, and the start
 * alone does not fit before a later clock-out. Idempotent by the item id.
 */
export async function recordRegisterPunch(
  db: Kysely<DB>,
  device: PunchDevice,
  punch: RegisterPunch,
  now: string,
): Promise<PunchOutcome> {
  const at = new Date(punch.occurredAt).toISOString();
  const [existing] = await loadEntries(db, { organisationId: device.organisationId, ids: [punch.id] });
  if (existing) {
    const same =
      existing.staffId === punch.staffId &&
      existing.type === punch.type &&
      existing.originalAt === at &&
      existing.storeId === device.storeId;
    return same
      ? { ok: true, status: 'duplicate', entryId: existing.id }
      : fail('SYNC_ITEM_REUSED', `Item ${punch.id} was pushed before with other content.`, { id: punch.id });
  }
  if (at > new Date(Date.parse(now) + 5 * 60_000).toISOString()) {
    return fail(
      'TIMECLOCK_PUNCH_IN_FUTURE',
      `The punch is dated ${at}, later than the server's clock: check the register's clock.`,
      {
        field: 'occurredAt',
      },
    );
  }
  if (!(await worksInStore(db, device, punch.staffId))) {
    return fail(
      'TIMECLOCK_STAFF_NOT_HERE',
      `Staff member ${punch.staffId} does not work in this store (or is not active).`,
      {
        field: 'staffId',
      },
    );
  }
  const before = await loadEntries(db, {
    organisationId: device.organisationId,
    staffId: punch.staffId,
    fromAt: new Date(Date.parse(at) - 7 * 86_400_000).toISOString(),
    toAt: at,
  });
  const last = before.filter((e) => !e.voided).at(-1);
  const allowed = allowedNextPunches(last?.type);
  if (!allowed.includes(punch.type)) {
    return fail(
      'TIMECLOCK_INVALID_TRANSITION',
      `Cannot ${punch.type.replace('_', ' ')} at ${at}: the entry before it is ${last?.type.replace('_', ' ') ?? 'none'}. A manager can correct the time clock.`,
      { last: last?.type ?? null, allowed },
    );
  }
  const staff = await db
    .selectFrom('staff')
    .select('hourly_wage')
    .where('id', '=', punch.staffId)
    .executeTakeFirstOrThrow();
  try {
    await db
      .insertInto('time_entries')
      .values({
        id: punch.id,
        organisation_id: device.organisationId,
        store_id: device.storeId,
        staff_id: punch.staffId,
        type: punch.type,
        at,
        hourly_wage: staff.hourly_wage,
        device_id: device.deviceId,
        created_at: now,
      })
      .execute();
  } catch (error) {
    // The same item pushed twice at once: the other push recorded it; answer as its replay.
    const [raced] = await loadEntries(db, { organisationId: device.organisationId, ids: [punch.id] });
    if (raced) return recordRegisterPunch(db, device, punch, now);
    throw error;
  }
  return { ok: true, status: 'recorded', entryId: punch.id };
}
