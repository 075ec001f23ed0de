import type { Discount } from '@kassa/domain';
import type { Cart, CartApproval, CartLine, RegisterDatabase } from '../db/database.ts';
import { uuidv7 } from '../lib/uuid.ts';
import type { ApiClient, ApiResult } from '../sync/api.ts';

/** What the signed-in person may do in this store (GET /api/v1/auth/me), kept per session for offline use. */
export interface StaffGrants {
  permissions: Record<string, string>;
  discountLimitBp: number | null;
}

export const DISCOUNT_ABOVE_LIMIT = 'sales.discount.above_limit';
export const PRICE_OVERRIDE = 'sales.price_override';
/**
 * Selling an item the catalogue does not know, at a description and price the cashier types: its own
 * permission (built-in roles: cashier approve, manager and owner allow). Its approval is sent in the sale
 * document like the others; the server journals it as `sale.unknown_item` and flags the sale UNKNOWN_ITEM.
 */
export const UNKNOWN_ITEM = 'sales.unknown_item';

export async function refreshGrants(db: RegisterDatabase, api: ApiClient, token: string): Promise<StaffGrants | null> {
  const answer = await api.call<StaffGrants>('GET', '/api/v1/auth/me', { token });
  if (!answer.ok) return null;
  const grants = { permissions: answer.value.permissions, discountLimitBp: answer.value.discountLimitBp };
  await db.meta.put({ key: `grants:${token.slice(-16)}`, value: grants });
  return grants;
}

export async function storedGrants(db: RegisterDatabase, token: string): Promise<StaffGrants | null> {
  return ((await db.meta.get(`grants:${token.slice(-16)}`))?.value as StaffGrants | undefined) ?? null;
}

/** A line discount in basis points of the line's gross amount, rounded up (the server's rule, sale-permissions.ts). */
export function lineDiscountBp(line: Pick<CartLine, 'unitPrice' | 'quantity' | 'quantityMilli'>, discount: Discount): number {
  if (discount.kind === 'percent') return discount.bp;
  const gross = Math.abs(line.unitPrice * (line.quantity ?? (line.quantityMilli ?? 0) / 1000));
  return gross === 0 ? 0 : Math.ceil((discount.amount * 10_000) / gross);
}

/** Above the role's limit? An order discount as an amount counts as above a limit of 0 only (as on the server). */
export function discountAboveLimit(discountBp: number, limitBp: number | null, amountOrderDiscount = false): boolean {
  const limit = limitBp ?? 0;
  return discountBp > limit || (amountOrderDiscount && limit === 0);
}

/** allow: go ahead; approve: a manager's PIN first; deny: not at all. Unknown grants (never read) ask for approval. */
export function decisionFor(grants: StaffGrants | null, permission: string): 'allow' | 'approve' | 'deny' {
  if (!grants) return 'approve';
  const decision = grants.permissions[permission];
  return decision === 'allow' || decision === 'approve' ? decision : 'deny';
}

export interface ApprovalGranted {
  approvalId: string;
  token: string;
  permission: string;
  approverStaffId: string;
  expiresAt: string;
}

/** A manager approves on this register with their PIN (STAFF.md, Manager approvals). */
export function requestApproval(api: ApiClient, token: string, body: { approverStaffId: string; pin: string; permission: string; reason: string }): Promise<ApiResult<ApprovalGranted>> {
  return api.call<ApprovalGranted>('POST', '/api/v1/approvals', { token, body });
}

/** Keeps one approval per permission and line: a newer one replaces the older. */
export function withApproval(cart: Cart, approval: CartApproval): Cart {
  const others = (cart.approvals ?? []).filter((a) => !(a.permission === approval.permission && a.lineId === approval.lineId));
  return { ...cart, approvals: [...others, approval] };
}

/** Approvals still in force when the sale completes: their line is still there with its discount or price. */
export function approvalsInForce(cart: Cart): CartApproval[] {
  return (cart.approvals ?? []).filter((a) => {
    if (a.lineId === null) return a.permission !== DISCOUNT_ABOVE_LIMIT || cart.orderDiscount !== undefined;
    const line = cart.lines.find((l) => l.id === a.lineId);
    if (!line) return false;
    if (a.permission === UNKNOWN_ITEM) return line.unknownItem === true;
    // An unknown item's approval under PRICE_OVERRIDE: a cart kept from before UNKNOWN_ITEM had its own permission.
    if (a.permission === PRICE_OVERRIDE) return line.originalUnitPrice !== undefined || line.unknownItem === true;
    return line.lineDiscount !== undefined;
  });
}

/**
 * The journal entries that carry a sale's approvals to the server: one `register.override_used`
 * register event per approval, pushed through the outbox right after the sale (SELLING.md).
 */
export function approvalEvents(saleId: string, staffId: string | null, approvals: readonly CartApproval[], occurredAt: string) {
  return approvals.map((a) => ({
    id: uuidv7(),
    kind: 'register_event' as const,
    payload: {
      kind: 'register.override_used' as const,
      occurredAt,
      staffId,
      details: { saleId, permission: a.permission, approvalId: a.approvalId, approvedBy: a.approverStaffId, approverName: a.approverName, lineId: a.lineId, what: a.what.slice(0, 500) },
    },
  }));
}
