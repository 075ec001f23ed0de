import type { Transaction } from 'kysely';
import type { SaleDocument } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import type { SaleCaller } from './record-sale.ts';
import type { SaleFlag } from './sale-flags.ts';

type Approval = NonNullable<SaleCaller['approvals']>[number];

/**
 * The managers' approvals of a sale: those the request carries (X-Kassa-Approval,
 * checked and consumed by the auth hook) and those the document names
 * (given at the register, the sale delivered later through its outbox). A
 * document's approval counts when the server issued it for this store, this
 * permission and this approver; any other is left out and flagged, so a
 * journal entry never names an approver the server cannot vouch for.
 */
export async function approvalsOfSale(
  trx: Transaction<DB>,
  organisationId: string,
  doc: SaleDocument,
  fromRequest: SaleCaller['approvals'],
): Promise<{ approvals: Approval[]; flags: SaleFlag[] }> {
  const named = doc.approvals ?? [];
  const approvals = [...(fromRequest ?? [])];
  if (named.length === 0) return { approvals, flags: [] };
  const issued = await trx
    .selectFrom('approvals')
    .select(['id', 'permission', 'approver_staff_id'])
    .where('organisation_id', '=', organisationId)
    .where('store_id', '=', doc.storeId)
    .where(
      'id',
      'in',
      named.map((a) => a.approvalId),
    )
    .execute();
  const byId = new Map(issued.map((row) => [row.id, row]));
  const flags: SaleFlag[] = [];
  for (const a of named) {
    const row = byId.get(a.approvalId);
    if (row && row.permission === a.permission && row.approver_staff_id === a.approverStaffId) {
      approvals.push({
        permission: a.permission,
        approverStaffId: a.approverStaffId,
        approvalId: a.approvalId,
      });
    } else {
      flags.push({
        code: 'APPROVAL_UNKNOWN',
        message: `The sale names approval ${a.approvalId} (${a.permission}), which this server did not issue for that approver in this store: check who approved.`,
        details: { approvalId: a.approvalId, permission: a.permission, approverStaffId: a.approverStaffId },
      });
    }
  }
  return { approvals, flags };
}
