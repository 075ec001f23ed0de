import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { uuidv7 } from '../../lib/uuidv7.ts';

/** Where a security event happened and who caused it. */
export interface AuditContext {
  organisationId: string | null;
  actorKind: 'staff' | 'apiToken' | 'device' | 'anonymous' | 'system';
  actorId: string | null;
  storeId?: string | null;
  deviceId?: string | null;
  ip?: string | null;
}

export interface AuditEvent {
  /** `noun.verb_past`, e.g. `auth.login_failed`, `staff.pin_changed`, `role.updated`. */
  action: string;
  outcome: 'success' | 'failure' | 'denied';
  targetKind?: string | null;
  targetId?: string | null;
  /** Never secrets: no PINs, passwords, tokens or hashes. */
  details?: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);

/** JSON with sorted keys, so the hash does not depend on property order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Appends a security event to the audit log inside the caller's transaction.
 * Events are numbered by the `audit_seq` counter row, which stays locked until
 * commit (so numbers follow commit order), and each hash covers the previous
 * hash: the journal can chain and verify it like sales entries. The table's
 * triggers refuse UPDATE and DELETE.
 */
export async function recordAudit(
  trx: Transaction<DB>,
  context: AuditContext,
  event: AuditEvent,
  occurredAt: string,
): Promise<number> {
  const counter = await trx
    .updateTable('counters')
    .set({ value: sql`value + 1` })
    .where('name', '=', 'audit_seq')
    .returning('value')
    .executeTakeFirstOrThrow();
  const seq = Number(counter.value);
  const previous = await trx
    .selectFrom('audit_events')
    .select('hash')
    .where('seq', '=', seq - 1)
    .executeTakeFirst();
  const row = {
    id: uuidv7(),
    seq,
    organisation_id: context.organisationId,
    occurred_at: occurredAt,
    actor_kind: context.actorKind,
    actor_id: context.actorId,
    action: event.action,
    outcome: event.outcome,
    target_kind: event.targetKind ?? null,
    target_id: event.targetId ?? null,
    store_id: context.storeId ?? null,
    device_id: context.deviceId ?? null,
    ip: context.ip ?? null,
    details: canonical(event.details ?? {}),
  };
  const prevHash = previous?.hash ?? GENESIS;
  const hash = createHash('sha256')
    .update(`${prevHash}\n${canonical(row)}`)
    .digest('hex');
  await trx
    .insertInto('audit_events')
    .values({ ...row, prev_hash: prevHash, hash })
    .execute();
  return seq;
}

/** Recomputes the chain; returns the first broken seq, or null when intact. */
export async function verifyAuditChain(trx: Transaction<DB>): Promise<number | null> {
  const rows = await trx.selectFrom('audit_events').selectAll().orderBy('seq').execute();
  let prevHash = GENESIS;
  for (const r of rows) {
    const { prev_hash, hash, ...row } = r;
    const expected = createHash('sha256')
      .update(`${prevHash}\n${canonical({ ...row, seq: Number(row.seq) })}`)
      .digest('hex');
    if (prev_hash !== prevHash || hash !== expected) return Number(r.seq);
    prevHash = hash;
  }
  return null;
}
