import { HttpError, failure } from '../../http/errors.ts';
import { uuidv7 } from '../../lib/uuidv7.ts';
import type { ApprovalUse, StaffSessionActor } from './actor.ts';
import { decisionInStore } from './access.ts';
import { recordAudit } from './audit.ts';
import { addMinutes, type AuthContext } from './context.ts';
import { verifyPinOnDevice, type PinDevice } from './pin-auth.ts';
import { APPROVAL_PREFIX, hashToken, randomToken } from './tokens.ts';

/** An approval is meant for the very next action at the till. */
export const APPROVAL_TTL_MINUTES = 2;

async function approverAllows(
  ctx: AuthContext,
  staffId: string,
  storeId: string,
  permission: string,
): Promise<boolean> {
  const staff = await ctx.db
    .selectFrom('staff')
    .select(['all_stores_role_id', 'active'])
    .where('id', '=', staffId)
    .executeTakeFirst();
  if (!staff || staff.active !== 1) return false;
  return (await decisionInStore(ctx.db, { id: staffId, allStoresRoleId: staff.all_stores_role_id }, storeId, permission)) === 'allow';
}

/**
 * A manager approves one action on the same device by entering their PIN.
 * The approver must hold `allow` for the permission in the device's store.
 * Returns a single-use token for `X-Kassa-Approval`.
 */
export async function createApproval(
  ctx: AuthContext,
  device: PinDevice,
  input: {
    approverStaffId: string;
    pin: string;
    permission: string;
    reason: string | null;
    requestedBy: string | null;
    ip: string | null;
  },
): Promise<{ approvalId: string; token: string; expiresAt: string }> {
  await verifyPinOnDevice(ctx, device, {
    staffId: input.approverStaffId,
    pin: input.pin,
    ip: input.ip,
    purpose: 'approval',
  });
  const now = ctx.now();
  const audit = {
    organisationId: device.organisationId,
    actorKind: 'staff' as const,
    actorId: input.approverStaffId,
    storeId: device.storeId,
    deviceId: device.deviceId,
    ip: input.ip,
  };
  if (!(await approverAllows(ctx, input.approverStaffId, device.storeId, input.permission))) {
    await ctx.db
      .transaction()
      .execute((trx) =>
        recordAudit(
          trx,
          audit,
          {
            action: 'approval.refused',
            outcome: 'denied',
            targetKind: 'permission',
            targetId: input.permission,
            details: { reason: input.reason },
          },
          now,
        ),
      );
    throw new HttpError(
      failure('AUTH_NOT_APPROVER', `This person may not approve "${input.permission}" in this store.`, {
        permission: input.permission,
      }),
    );
  }
  const token = randomToken(APPROVAL_PREFIX);
  const approvalId = uuidv7();
  const expiresAt = addMinutes(now, APPROVAL_TTL_MINUTES);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('approvals')
      .values({
        id: approvalId,
        token_hash: hashToken(token),
        organisation_id: device.organisationId,
        store_id: device.storeId,
        device_id: device.deviceId,
        permission: input.permission,
        approver_staff_id: input.approverStaffId,
        requested_by: input.requestedBy,
        reason: input.reason,
        created_at: now,
        expires_at: expiresAt,
        consumed_at: null,
        consumed_by: null,
      })
      .execute();
    await recordAudit(
      trx,
      audit,
      {
        action: 'approval.granted',
        outcome: 'success',
        targetKind: 'approval',
        targetId: approvalId,
        details: { permission: input.permission, reason: input.reason, requestedBy: input.requestedBy },
      },
      now,
    );
  });
  return { approvalId, token, expiresAt };
}

/**
 * Checks and consumes an approval for this request: same organisation, store
 * and device, same permission, unexpired, unused, and the approver still holds
 * `allow`. Consumption is a conditional update, so a token works exactly once.
 */
export async function consumeApproval(
  ctx: AuthContext,
  actor: StaffSessionActor,
  token: string,
  permission: string,
  request: { method: string; url: string; ip: string | null },
): Promise<ApprovalUse> {
  const now = ctx.now();
  const invalid = new HttpError(
    failure(
      'AUTH_APPROVAL_INVALID',
      'This approval is unknown, used, expired or for another action. Ask a manager to approve again.',
      { permission },
    ),
  );
  if (!token.startsWith(APPROVAL_PREFIX) || token.length > 200) throw invalid;
  const row = await ctx.db
    .selectFrom('approvals')
    .selectAll()
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.consumed_at !== null || row.expires_at <= now) throw invalid;
  if (
    row.organisation_id !== actor.organisationId ||
    row.store_id !== actor.storeId ||
    row.device_id !== actor.deviceId ||
    row.permission !== permission
  )
    throw invalid;
  if (!(await approverAllows(ctx, row.approver_staff_id, row.store_id, permission))) throw invalid;
  await ctx.db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable('approvals')
      .set({
        consumed_at: now,
        consumed_by: `${actor.staffId} ${request.method} ${request.url}`.slice(0, 500),
      })
      .where('id', '=', row.id)
      .where('consumed_at', 'is', null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw invalid;
    await recordAudit(
      trx,
      {
        organisationId: actor.organisationId,
        actorKind: 'staff',
        actorId: actor.staffId,
        storeId: actor.storeId,
        deviceId: actor.deviceId,
        ip: request.ip,
      },
      {
        action: 'approval.used',
        outcome: 'success',
        targetKind: 'approval',
        targetId: row.id,
        details: {
          permission,
          approvedBy: row.approver_staff_id,
          method: request.method,
          url: request.url.split('?')[0],
        },
      },
      now,
    );
  });
  return { approvalId: row.id, approverStaffId: row.approver_staff_id, permission, reason: row.reason };
}
