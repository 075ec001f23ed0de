import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { CompiledOnce } from '../../db/fixed-sql.ts';
import { HttpError, failure } from '../../http/errors.ts';
import { uuidv7 } from '../../lib/uuidv7.ts';
import type { DeviceActor } from './actor.ts';
import { recordAudit, type AuditContext } from './audit.ts';
import { addMinutes, type AuthContext } from './context.ts';
import { DEVICE_PREFIX, enrolmentCode, hashToken, normaliseCode, randomToken } from './tokens.ts';
import { worksInStores } from './staff-in-store.ts';

export const ENROLMENT_CODE_MINUTES = 15;

/** Issues a one-time enrolment code for a register; only its hash is stored. */
export async function createEnrolmentCode(
  ctx: AuthContext,
  input: {
    organisationId: string;
    storeId: string;
    registerId: string;
    deviceName: string | null;
    createdBy: string;
    audit: AuditContext;
  },
): Promise<{ code: string; expiresAt: string }> {
  const now = ctx.now();
  const code = enrolmentCode();
  const expiresAt = addMinutes(now, ENROLMENT_CODE_MINUTES);
  await ctx.db.transaction().execute(async (trx) => {
    const id = uuidv7();
    await trx
      .insertInto('enrolment_codes')
      .values({
        id,
        organisation_id: input.organisationId,
        store_id: input.storeId,
        register_id: input.registerId,
        code_hash: hashToken(normaliseCode(code)),
        device_name: input.deviceName,
        created_by: input.createdBy,
        created_at: now,
        expires_at: expiresAt,
        used_at: null,
        device_id: null,
      })
      .execute();
    await recordAudit(
      trx,
      input.audit,
      {
        action: 'device.enrolment_code_created',
        outcome: 'success',
        targetKind: 'register',
        targetId: input.registerId,
        details: { codeId: id, expiresAt },
      },
      now,
    );
  });
  return { code, expiresAt };
}

/**
 * Exchanges a one-time code for a device credential. The code is consumed by
 * a conditional update, so two devices racing with one code get one credential.
 */
export async function enrolDevice(
  ctx: AuthContext,
  input: { code: string; deviceName: string | null; ip: string | null },
): Promise<{ deviceId: string; credential: string; registerId: string; storeId: string }> {
  const now = ctx.now();
  const invalid = new HttpError(
    failure(
      'AUTH_ENROLMENT_CODE_INVALID',
      'This enrolment code is unknown, used or expired. Ask a manager for a new code.',
    ),
  );
  const codeHash = hashToken(normaliseCode(input.code));
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('enrolment_codes')
      .selectAll()
      .where('code_hash', '=', codeHash)
      .executeTakeFirst();
    if (!row || row.used_at !== null || row.expires_at <= now) throw invalid;
    const deviceId = uuidv7();
    const taken = await trx
      .updateTable('enrolment_codes')
      .set({ used_at: now, device_id: deviceId })
      .where('id', '=', row.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) !== 1) throw invalid;
    const credential = randomToken(DEVICE_PREFIX);
    const register = await trx
      .selectFrom('registers')
      .select('name')
      .where('id', '=', row.register_id)
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('devices')
      .values({
        id: deviceId,
        organisation_id: row.organisation_id,
        store_id: row.store_id,
        register_id: row.register_id,
        name: input.deviceName ?? row.device_name ?? register.name,
        credential_hash: hashToken(credential),
        enrolled_at: now,
        enrolled_by: row.created_by,
        revoked_at: null,
        failed_pin_streak: 0,
        pin_retry_after: null,
        last_seen_at: now,
      })
      .execute();
    await recordAudit(
      trx,
      {
        organisationId: row.organisation_id,
        actorKind: 'device',
        actorId: deviceId,
        storeId: row.store_id,
        deviceId,
        ip: input.ip,
      },
      {
        action: 'device.enrolled',
        outcome: 'success',
        targetKind: 'register',
        targetId: row.register_id,
        details: { codeId: row.id, approvedBy: row.created_by },
      },
      now,
    );
    return { deviceId, credential, registerId: row.register_id, storeId: row.store_id };
  });
}

// Every request with a device credential runs it: built once (db/fixed-sql.ts).
const DEVICE_BY_CREDENTIAL = new CompiledOnce(
  (db, marks) => db.selectFrom('devices').selectAll().where('credential_hash', '=', marks.credentialHash),
  ['credentialHash'] as const,
);

/** Resolves a device credential, or null when unknown or revoked. Last seen is written at most once a minute. */
export async function authenticateDevice(
  db: Kysely<DB>,
  credential: string,
  now: string,
): Promise<DeviceActor | null> {
  if (!credential.startsWith(DEVICE_PREFIX) || credential.length > 200) return null;
  const [row] = await DEVICE_BY_CREDENTIAL.run<Selectable<DB['devices']>>(db, { credentialHash: hashToken(credential) });
  if (!row || row.revoked_at !== null) return null;
  if (row.last_seen_at === null || Date.parse(now) - Date.parse(row.last_seen_at) >= 60_000) {
    await db.updateTable('devices').set({ last_seen_at: now }).where('id', '=', row.id).execute();
  }
  return {
    kind: 'device',
    id: row.id,
    deviceId: row.id,
    organisationId: row.organisation_id,
    name: row.name,
    registerId: row.register_id,
    storeId: row.store_id,
  };
}

/** Who may sign in on a device: active staff working in its store, with a PIN. Ids, names and languages only. */
export async function listDeviceStaff(
  db: Kysely<DB>,
  device: { organisationId: string; storeId: string },
): Promise<Array<{ id: string; name: string; locale: string }>> {
  return db
    .selectFrom('staff')
    .select(['id', 'name', 'locale'])
    .where('organisation_id', '=', device.organisationId)
    .where('active', '=', 1)
    .where('pin_hash', 'is not', null)
    .where(worksInStores([device.storeId]))
    .orderBy('name')
    .orderBy('id')
    .execute();
}
