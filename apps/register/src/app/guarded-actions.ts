import { refreshOfflinePins } from '../auth/offline-pin.ts';
import { forgetOfflinePin } from '../auth/session-upgrade.ts';
import type { OutboxItem, RegisterDatabase } from '../db/database.ts';
import { uuidv7 } from '../lib/uuid.ts';
import { refreshStaff } from '../screens/staff.ts';
import type { ApiClient } from '../sync/api.ts';
import { refreshCustomTenders } from '../sync/custom-tenders.ts';
import { refreshFavourites } from '../sync/favourites.ts';
import type { SyncEngine } from '../sync/sync-engine.ts';
import { installUpdate } from './app-update.ts';
import type { DeviceInfo, SessionInfo } from './register-context.tsx';
import { overrideEvent, waitingItems, type GuardedAction, type GuardOverride, type WaitingItems } from './waiting-guard.ts';

/**
 * The register's guarded actions (waiting-guard.ts): each checks the outbox itself at the moment it
 * runs (an item may have been committed since the dialog opened) and refuses while items wait unless
 * a manager's override is given; the override goes into the journal with the action.
 */
export type GuardOutcome =
  | { ok: true }
  /** Items wait and nobody overrode. */
  | { ok: false; reason: 'waiting'; waiting: WaitingItems }
  /** The action needs the server, which did not answer. */
  | { ok: false; reason: 'offline' }
  /** No new version is waiting (app update). */
  | { ok: false; reason: 'noUpdate' };

export interface GuardDeps {
  db: RegisterDatabase;
  api: ApiClient;
  engine: SyncEngine | null;
  device: DeviceInfo;
  session: SessionInfo | null;
  /** The token the outbox is pushed with (the session's, or the device's own). */
  getToken(): Promise<string | null>;
}

const event = (kind: 'register.signed_out' | 'register.data_reloaded' | 'register.device_reset', staffId: string | null, at: string, details: Record<string, string | number | boolean | null>): OutboxItem => ({
  id: uuidv7(),
  kind: 'register_event',
  payload: { kind, occurredAt: at, staffId, details },
  status: 'pending',
  attempts: 0,
  error: null,
  createdAt: at,
});

/** The override's journal entry when items wait; a refusal when they wait and nobody overrode. */
async function guard(deps: GuardDeps, action: GuardedAction, override: GuardOverride | null, at: string): Promise<{ waiting: WaitingItems; entries: OutboxItem[] } | GuardOutcome> {
  const waiting = await waitingItems(deps.db);
  if (waiting.count === 0) return { waiting, entries: [] };
  if (!override) return { ok: false, reason: 'waiting', waiting };
  return { waiting, entries: [overrideEvent(action, waiting, override, deps.session?.staffId ?? null, at)] };
}

/**
 * Signs the cashier out. The outbox stays on the device and keeps draining with the device's own
 * credential (the server lets an enrolled device deliver it), so nothing waiting is lost; the guard
 * is there so that a cashier does not walk away from a register that cannot send.
 */
export async function signOut(deps: GuardDeps, override: GuardOverride | null): Promise<GuardOutcome> {
  const { db, api, session } = deps;
  const at = new Date().toISOString();
  const checked = await guard(deps, 'sign_out', override, at);
  if ('ok' in checked) return checked;
  const entries = [...checked.entries, event('register.signed_out', session?.staffId ?? null, at, { waiting: checked.waiting.count, method: session?.offline ? 'offline_pin' : 'server' })];
  await db.transaction('rw', [db.outbox, db.meta], async () => {
    await db.outbox.bulkAdd(entries);
    await db.meta.delete('session');
  });
  forgetOfflinePin();
  // The server session ends too (an offline session has none); offline it simply expires.
  if (session && !session.offline) void api.call('POST', '/api/v1/auth/logout', { token: session.token });
  void deps.engine?.drain();
  return { ok: true };
}

/**
 * Reads everything the device keeps of the server's data again: the whole catalogue (the old copy
 * stays usable until the new one is complete), who may sign in and their offline PIN verifiers, the
 * store's favourites and tenders. The outbox is not touched.
 */
export async function reloadData(deps: GuardDeps, override: GuardOverride | null, refreshStore: () => Promise<unknown>): Promise<GuardOutcome> {
  const { db, api, engine, device, session } = deps;
  const at = new Date().toISOString();
  const checked = await guard(deps, 'reload_data', override, at);
  if ('ok' in checked) return checked;
  if (!engine || !(await engine.reloadCatalog())) return { ok: false, reason: 'offline' };
  await Promise.all([
    refreshStaff(db, api, device.credential),
    refreshOfflinePins(db, api, device.credential),
    refreshStore(),
    refreshFavourites(db, api, device.credential, device.storeId),
    session && !session.offline ? refreshCustomTenders(db, api, session.token, device.storeId) : null,
  ]);
  const items = await db.items.count();
  await db.outbox.bulkAdd([...checked.entries, event('register.data_reloaded', session?.staffId ?? null, at, { items, waiting: checked.waiting.count })]);
  void engine.drain();
  return { ok: true };
}

/**
 * Wipes this device's register database so it can be enrolled anew (another register, another
 * store). It always needs a manager, and the server must have recorded the reset (and, when items
 * are still waiting, the override naming them) before anything is deleted: once wiped, the device has
 * nothing left to send it with. So it needs the network. What can still be delivered is sent first;
 * the two entries are then pushed on their own, not queued, so a refused reset leaves no entry saying
 * it happened.
 */
export async function resetDevice(deps: GuardDeps, approval: GuardOverride, beforeWipe: () => void): Promise<GuardOutcome> {
  const { db, api, engine, device, session } = deps;
  await engine?.drain();
  const at = new Date().toISOString();
  const waiting = await waitingItems(db);
  const entries = [
    ...(waiting.count > 0 ? [overrideEvent('device_reset', waiting, approval, session?.staffId ?? null, at)] : []),
    event('register.device_reset', session?.staffId ?? null, at, { waiting: waiting.count, approvedBy: approval.approverStaffId, approvalId: approval.approvalId, method: approval.method }),
  ];
  const token = (await deps.getToken()) ?? device.credential;
  const items = entries.map(({ id, kind, payload }) => ({ id, kind, payload }));
  const answer = await api.call<{ results: Array<{ id: string; status: string }> }>('POST', '/api/v1/sync/push', { body: { registerId: device.registerId, items }, token });
  const recorded = answer.ok && entries.every((e) => answer.value.results.some((r) => r.id === e.id && r.status !== 'rejected'));
  if (!recorded) return { ok: false, reason: 'offline' };
  beforeWipe();
  db.close();
  await db.delete();
  return { ok: true };
}

/** Installs the waiting new version now (the page reloads); the override is queued first. */
export async function updateNow(deps: GuardDeps, override: GuardOverride | null): Promise<GuardOutcome> {
  const at = new Date().toISOString();
  const checked = await guard(deps, 'app_update', override, at);
  if ('ok' in checked) return checked;
  if (checked.entries.length) await deps.db.outbox.bulkAdd(checked.entries);
  return (await installUpdate()) ? { ok: true } : { ok: false, reason: 'noUpdate' };
}
