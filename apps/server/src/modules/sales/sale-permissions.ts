import type { FastifyRequest } from 'fastify';
import type { SaleDocument } from '@kassa/contracts';
import { actorOf, canSeeStore, decide, grantInStore, requirePermission, type Actor } from '../auth/index.ts';
import { overridesPrice, quantityMilliOf } from './check-sale-document.ts';
import type { SaleCaller } from './record-sale.ts';
import { UNKNOWN_ITEM_PERMISSION, sellsUnknownItem } from './unknown-items.ts';

/** A line's discount in basis points of its amount, to compare with the role's discount limit. */
function lineDiscountBp(line: SaleDocument['lines'][number]): number {
  const discount = line.lineDiscount;
  if (!discount) return 0;
  if (discount.kind === 'percent') return discount.bp;
  const gross = Math.abs(line.unitPrice * (line.quantity ?? (line.quantityMilli ?? 0) / 1000));
  return gross === 0 ? 0 : Math.ceil((discount.amount * 10_000) / gross);
}

/**
 * The permissions a document needs beyond selling: returns, returns without
 * a receipt, price overrides, unknown items, and discounts above the cashier's
 * limit (a till-staff rule: integrations with a token are not bound by a role's limit).
 */
export function permissionsForDocument(doc: SaleDocument, actor: Actor): string[] {
  const needed = new Set<string>();
  const returnLines = doc.lines.filter((l) => quantityMilliOf(l) < 0);
  // A return without a receipt is the stronger permission and implies the
  // plain refund, so a cashier needs one manager approval for it, not two.
  if (returnLines.some((l) => !l.returnOf)) needed.add('sales.refund.without_receipt');
  else if (returnLines.length > 0) needed.add('sales.refund');
  if (doc.lines.some(overridesPrice)) needed.add('sales.price_override');
  if (doc.lines.some(sellsUnknownItem)) needed.add(UNKNOWN_ITEM_PERMISSION);
  if (actor.kind === 'staffSession') {
    const limit = grantInStore(actor, doc.storeId)?.discountLimitBp ?? 0;
    const orderBp = doc.orderDiscount?.kind === 'percent' ? doc.orderDiscount.bp : 0;
    if (
      doc.lines.some((l) => lineDiscountBp(l) > limit) ||
      orderBp > limit ||
      (doc.orderDiscount?.kind === 'amount' && limit === 0)
    ) {
      needed.add('sales.discount.above_limit');
    }
  }
  return [...needed];
}

/**
 * A sale posted directly: every permission the document needs is checked
 * now, against the role in the document's store; one that needs a manager's
 * approval consumes the X-Kassa-Approval of this request.
 */
export async function authorizeDirectSale(request: FastifyRequest, doc: SaleDocument): Promise<SaleCaller> {
  const actor = actorOf(request);
  const approvals = [];
  for (const permission of permissionsForDocument(doc, actor)) {
    const use = await requirePermission(request, permission, doc.storeId);
    if (use)
      approvals.push({
        permission: use.permission,
        approverStaffId: use.approverStaffId,
        approvalId: use.approvalId,
      });
  }
  return {
    organisationId: actor.organisationId,
    can: () => true,
    canSeeStore: (storeId) => canSeeStore(actor, storeId),
    approvals,
  };
}

/**
 * Sales pushed from a register's outbox happened already, possibly offline:
 * an action that needed a manager's approval was approved at the till (and
 * journaled there), so only an outright deny refuses it here.
 */
export function outboxSaleCaller(request: FastifyRequest): SaleCaller {
  const actor = actorOf(request);
  return {
    organisationId: actor.organisationId,
    // A register delivering its outbox on its own: the cashier's rights were checked at the till.
    can: (permission, storeId) => actor.kind === 'device' || decide(actor, permission, storeId) !== 'deny',
    canSeeStore: (storeId) => canSeeStore(actor, storeId),
  };
}
