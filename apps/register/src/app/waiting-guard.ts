import { verifyOfflinePin, type OfflineCheck } from '../auth/offline-pin.ts';
import type { OutboxItem, RegisterDatabase } from '../db/database.ts';
import { uuidv7 } from '../lib/uuid.ts';

/**
 * What could leave the outbox's items behind or stop them being sent (DOMAIN.md, Durability): each
 * is refused while items wait to be sent, unless a manager overrides with their PIN. The override
 * is journaled (`register.override_used`, with what was waiting), so the server knows who let it
 * happen even when the items themselves never arrive.
 */
export type GuardedAction = 'sign_out' | 'reload_data' | 'device_reset' | 'app_update';

/** The permission an override needs (the server's GUARD_OVERRIDE_PERMISSION): managers and owners hold it. */
export const GUARD_OVERRIDE_PERMISSION = 'devices.manage';

/** What waits in the outbox, as the override's journal entry names it. */
export interface WaitingItems {
  count: number;
  /** Sales, returns and exchanges among them (the rest are journal entries, clock punches, offline periods). */
  documents: number;
  rejected: number;
  /** The documents' receipt numbers, e.g. "41, 42, R7", cut to fit the journal entry. */
  receipts: string;
}

export async function waitingItems(db: RegisterDatabase): Promise<WaitingItems> {
  const items = await db.outbox.toArray();
  const documents = items.flatMap((i) => (i.kind === 'sale' ? [i.payload] : []));
  const receipts = documents.map((d) => `${d.kind === 'sale' ? '' : 'R'}${d.receiptNumber}`).join(', ');
  return {
    count: items.length,
    documents: documents.length,
    rejected: items.filter((i) => i.status === 'rejected').length,
    receipts: receipts.length > 500 ? `${receipts.slice(0, 497)}...` : receipts,
  };
}

/** A manager's override: given by the server (an approval) or, with no server, by their PIN checked on this device. */
export interface GuardOverride {
  approvalId: string;
  approverStaffId: string;
  approverName: string;
  method: 'server' | 'offline_pin';
}

/** The journal entry of an override, sent through the outbox like every other entry. */
export function overrideEvent(action: GuardedAction, waiting: WaitingItems, override: GuardOverride, staffId: string | null, at: string): OutboxItem {
  return {
    id: uuidv7(),
    kind: 'register_event',
    payload: {
      kind: 'register.override_used',
      occurredAt: at,
      staffId,
      details: {
        action,
        permission: GUARD_OVERRIDE_PERMISSION,
        waiting: waiting.count,
        documents: waiting.documents,
        rejected: waiting.rejected,
        receipts: waiting.receipts,
        approvalId: override.approvalId,
        approvedBy: override.approverStaffId,
        approverName: override.approverName,
        method: override.method,
      },
    },
    status: 'pending',
    attempts: 0,
    error: null,
    createdAt: at,
  };
}

export type OfflineOverrideCheck = OfflineCheck | { ok: false; reason: 'notApprover' };

/**
 * With no server to ask, a manager's override is their PIN checked on this device (auth/offline-pin.ts,
 * lockout and all) plus the `managesDevices` flag the server served with their verifier.
 */
export async function checkOverrideOffline(db: RegisterDatabase, staffId: string, pin: string): Promise<OfflineOverrideCheck> {
  const check = await verifyOfflinePin(db, staffId, pin);
  if (!check.ok) return check;
  return (await db.offlinePins.get(staffId))?.managesDevices ? check : { ok: false, reason: 'notApprover' };
}
