import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { failure, type Outcome } from '../../http/errors.ts';

/** Who asks: their organisation, and which stores they may see (staff are scoped to their stores). */
export interface RegisterCaller {
  organisationId: string;
  canSeeStore(storeId: string): boolean;
}

async function registerOf(db: Kysely<DB>, caller: RegisterCaller, registerId: string): Promise<boolean> {
  const row = await db
    .selectFrom('registers')
    .innerJoin('stores', 'stores.id', 'registers.store_id')
    .select('stores.id as storeId')
    .where('registers.id', '=', registerId)
    .where('stores.organisation_id', '=', caller.organisationId)
    .executeTakeFirst();
  return Boolean(row && caller.canSeeStore(row.storeId));
}

const unknownRegister = (registerId: string) =>
  failure('SYNC_UNKNOWN_REGISTER', `Register ${registerId} does not exist in your organisation.`, {
    field: 'registerId',
  });

export interface Heartbeat {
  registerId: string;
  pendingItems: number;
  appVersion?: string;
  storagePersisted?: boolean;
  lastSyncAt?: string;
  quotaUsedBytes?: number;
  quotaBytes?: number;
}

/** Records a register's heartbeat: what it still has to send, its version, whether its storage is persistent. */
export async function recordHeartbeat(
  db: Kysely<DB>,
  caller: RegisterCaller,
  beat: Heartbeat,
  now: string,
): Promise<Outcome<null>> {
  if (!(await registerOf(db, caller, beat.registerId)))
    return { ok: false, error: unknownRegister(beat.registerId) };
  const details = JSON.stringify({
    quotaUsedBytes: beat.quotaUsedBytes ?? null,
    quotaBytes: beat.quotaBytes ?? null,
  });
  await db
    .insertInto('register_sync_status')
    .values({
      register_id: beat.registerId,
      last_sync_at: beat.lastSyncAt ?? null,
      last_heartbeat_at: now,
      pending_items: beat.pendingItems,
      app_version: beat.appVersion ?? null,
      storage_persisted: beat.storagePersisted === undefined ? null : beat.storagePersisted ? 1 : 0,
      details,
    })
    .onConflict((oc) =>
      oc.column('register_id').doUpdateSet({
        last_heartbeat_at: now,
        pending_items: beat.pendingItems,
        app_version: beat.appVersion ?? null,
        storage_persisted: beat.storagePersisted === undefined ? null : beat.storagePersisted ? 1 : 0,
        details,
        ...(beat.lastSyncAt ? { last_sync_at: beat.lastSyncAt } : {}),
      }),
    )
    .execute();
  return { ok: true, value: null };
}

/** Sync status of every register of the organisation, with their open incidents. */
export async function listSyncStatus(db: Kysely<DB>, caller: RegisterCaller) {
  const rows = await db
    .selectFrom('register_sync_status')
    .innerJoin('registers', 'registers.id', 'register_sync_status.register_id')
    .innerJoin('stores', 'stores.id', 'registers.store_id')
    .selectAll('register_sync_status')
    .select((eb) =>
      eb
        .selectFrom('incidents')
        .select(sql<number>`count(*)`.as('n'))
        .whereRef('incidents.register_id', '=', 'register_sync_status.register_id')
        .where('incidents.resolved_at', 'is', null)
        .as('open_incidents'),
    )
    .where('stores.organisation_id', '=', caller.organisationId)
    .orderBy('register_sync_status.register_id')
    .select('stores.id as store_id')
    .execute();
  return rows
    .filter((r) => caller.canSeeStore(r.store_id))
    .map((r) => ({
      registerId: r.register_id,
      lastSyncAt: r.last_sync_at,
      lastHeartbeatAt: r.last_heartbeat_at,
      pendingItems: r.pending_items,
      appVersion: r.app_version,
      storagePersisted: r.storage_persisted === null ? null : r.storage_persisted === 1,
      openIncidents: Number(r.open_incidents ?? 0),
    }));
}

/**
 * Grants the register to one holder (a tab or device) at a time: free,
 * expired or already ours → granted (renewed); otherwise a 409 naming when it
 * frees up. One atomic upsert, so two tabs asking at once cannot both win.
 */
export async function acquireLease(
  db: Kysely<DB>,
  caller: RegisterCaller,
  registerId: string,
  holderId: string,
  ttlSeconds: number,
  now: Date,
): Promise<Outcome<{ registerId: string; holderId: string; expiresAt: string }>> {
  if (!(await registerOf(db, caller, registerId))) return { ok: false, error: unknownRegister(registerId) };
  const nowIso = now.toISOString();
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000).toISOString();
  const granted = await db
    .insertInto('register_leases')
    .values({ register_id: registerId, holder_id: holderId, expires_at: expiresAt, acquired_at: nowIso })
    .onConflict((oc) =>
      oc
        .column('register_id')
        .doUpdateSet({ holder_id: holderId, expires_at: expiresAt, acquired_at: nowIso })
        .where((eb) =>
          eb.or([
            eb('register_leases.holder_id', '=', holderId),
            eb('register_leases.expires_at', '<', nowIso),
          ]),
        ),
    )
    .returning(['holder_id'])
    .executeTakeFirst();
  if (granted?.holder_id === holderId) return { ok: true, value: { registerId, holderId, expiresAt } };
  const current = await db
    .selectFrom('register_leases')
    .select(['expires_at'])
    .where('register_id', '=', registerId)
    .executeTakeFirst();
  return {
    ok: false,
    error: failure(
      'SYNC_REGISTER_IN_USE',
      `This register is open on another tab or device until ${current?.expires_at ?? 'soon'}. Close it there, or use another register.`,
      { expiresAt: current?.expires_at ?? null },
    ),
  };
}

/** Gives the register back so another tab or device may sell on it at once. */
export async function releaseLease(
  db: Kysely<DB>,
  caller: RegisterCaller,
  registerId: string,
  holderId: string,
): Promise<Outcome<null>> {
  if (!(await registerOf(db, caller, registerId))) return { ok: false, error: unknownRegister(registerId) };
  await db
    .deleteFrom('register_leases')
    .where('register_id', '=', registerId)
    .where('holder_id', '=', holderId)
    .execute();
  return { ok: true, value: null };
}
