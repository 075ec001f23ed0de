import type { RegisterDatabase } from '../db/database.ts';
import type { ApiClient } from '../sync/api.ts';
import type { OfflineSession } from './offline-pin.ts';

/**
 * After an offline sign-in the register has no server session: card payments, a manager's
 * approval, shifts and returns need one. The PIN typed offline is kept in this module's memory
 * only (never in storage, gone with the tab) until the server can check it; then it is sent once
 * to POST /api/v1/auth/pin, the offline session becomes a server session, and the PIN is
 * forgotten. A refusal (the PIN changed meanwhile, the person was deactivated) forgets it too, so
 * the register never feeds the server's lockout with repeated tries. See STAFF.md, offline sign-in.
 */
let pending: { staffId: string; pin: string } | null = null;

export function rememberOfflinePin(staffId: string, pin: string): void {
  pending = { staffId, pin };
}

export function forgetOfflinePin(): void {
  pending = null;
}

/** What the upgrade did: the new session, nothing to do, the server refused, or it is still unreachable. */
export type Upgrade =
  | { kind: 'upgraded'; session: { token: string; staffId: string; name: string; offline: false } }
  | { kind: 'nothing' | 'refused' | 'unreachable' };

let running: Promise<Upgrade> | null = null;

/** Sends the remembered PIN once; calls while it is on its way share its answer. */
export function upgradeOfflineSession(
  db: RegisterDatabase,
  api: ApiClient,
  credential: string,
  session: OfflineSession,
): Promise<Upgrade> {
  running ??= upgrade(db, api, credential, session).finally(() => {
    running = null;
  });
  return running;
}

async function upgrade(db: RegisterDatabase, api: ApiClient, credential: string, session: OfflineSession): Promise<Upgrade> {
  const remembered = pending;
  if (!remembered || remembered.staffId !== session.staffId) return { kind: 'nothing' };
  const answer = await api.call<{ token: string; staffId: string; name: string }>('POST', '/api/v1/auth/pin', {
    body: { staffId: remembered.staffId, pin: remembered.pin },
    token: credential,
  });
  if (!answer.ok) {
    const { status } = answer.error;
    if (status === 0 || status === 502 || status === 503 || status === 504) return { kind: 'unreachable' };
    // Back-off answers (429) mean the device must wait: try again later with the same PIN.
    if (status === 429) return { kind: 'unreachable' };
    forgetOfflinePin();
    return { kind: 'refused' };
  }
  forgetOfflinePin();
  const upgraded = { token: answer.value.token, staffId: answer.value.staffId, name: answer.value.name, offline: false as const };
  // Only if the same person is still signed in (a switch of cashier meanwhile wins).
  const kept = await db.transaction('rw', db.meta, async () => {
    const current = (await db.meta.get('session'))?.value as { staffId?: string; offline?: boolean } | undefined;
    if (!current?.offline || current.staffId !== upgraded.staffId) return false;
    await db.meta.put({ key: 'session', value: upgraded });
    return true;
  });
  return kept ? { kind: 'upgraded', session: upgraded } : { kind: 'nothing' };
}
