import type { SaleDocument } from '@kassa/contracts';
import type { JsonValue } from '@kassa/domain';
import { failure, type Outcome } from '../../http/errors.ts';
import { quantityMilliOf } from './check-sale-document.ts';

/** Selling an item the catalogue does not know, at a description and price the cashier typed. */
export const UNKNOWN_ITEM_PERMISSION = 'sales.unknown_item';

type Line = SaleDocument['lines'][number];
type Approvals = Array<{ permission: string; approverStaffId: string; approvalId: string }> | undefined;

/**
 * A line that sells an unknown item: marked `unknownItem: true` (a line without a variant must be,
 * check-sale-document.ts) with a positive quantity. Returning an unknown item sold earlier is a
 * return: `sales.refund` or `sales.refund.without_receipt` guard it, not this permission.
 */
export function sellsUnknownItem(line: Line): boolean {
  return line.unknownItem === true && quantityMilliOf(line) > 0;
}

/**
 * Sales from a register's outbox were approved at the till (possibly offline): only a role that
 * outright denies unknown items refuses them here (direct POSTs are checked in sale-permissions.ts).
 */
export function checkUnknownItemPermission(
  doc: SaleDocument,
  caller: { can(permission: string, storeId: string): boolean },
): Outcome<null> {
  const index = doc.lines.findIndex(sellsUnknownItem);
  if (index === -1 || caller.can(UNKNOWN_ITEM_PERMISSION, doc.storeId)) return { ok: true, value: null };
  return {
    ok: false,
    error: failure(
      'SALES_PERMISSION_REQUIRED',
      `Line ${doc.lines[index]!.id} sells an unknown item, which needs the permission "${UNKNOWN_ITEM_PERMISSION}": ask a manager, or pick a product from the catalogue.`,
      { permission: UNKNOWN_ITEM_PERMISSION, field: `lines[${index}]` },
    ),
  };
}

/**
 * The `sale.unknown_item` journal entry (kind and payload; the caller adds chain, store and times):
 * every unknown item the sale sells, as typed, and the manager who approved it (null when the
 * seller's role allowed it, or the approval could not be verified). A kind of its own, next to
 * `sale.price_override`, because another permission and another approver stand behind it. Null
 * for a sale without unknown items.
 */
export function unknownItemsEntry(
  doc: SaleDocument,
  approvals: Approvals,
): { kind: 'sale.unknown_item'; payload: JsonValue } | null {
  const lines = doc.lines.filter(sellsUnknownItem).map((l) => ({
    lineId: l.id,
    description: l.description,
    ...(l.quantityMilli !== undefined ? { quantityMilli: l.quantityMilli } : { quantity: l.quantity! }),
    unitPrice: l.unitPrice,
    taxes: l.taxes.map((t) => ({ code: t.code, rateBp: t.rateBp })),
  }));
  if (lines.length === 0) return null;
  return {
    kind: 'sale.unknown_item',
    payload: {
      saleId: doc.id,
      staffId: doc.staffId ?? null,
      approvedBy: approvals?.find((a) => a.permission === UNKNOWN_ITEM_PERMISSION)?.approverStaffId ?? null,
      lines,
    },
  };
}
