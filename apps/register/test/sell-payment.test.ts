import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRegisterDatabase, type CartApproval, type RegisterDatabase } from '../src/db/database.ts';
import { uuidv7 } from '../src/lib/uuid.ts';
import { approvalEvents, approvalsInForce, decisionFor, discountAboveLimit, lineDiscountBp, withApproval, DISCOUNT_ABOVE_LIMIT, PRICE_OVERRIDE } from '../src/sale/approvals.ts';
import { addItem, emptyCart, overrideLinePrice, removeLine, updateLine } from '../src/sale/cart.ts';
import { commitPaidSale } from '../src/sale/commit-paid-sale.ts';
import { addTender, canUndoTender, cardDue, cashStillDue, hasApprovedCard, leavePayment, paymentOf, removeTender, withPayment } from '../src/sale/payment-state.ts';
import { cashRuleOf } from '../src/sale/totals.ts';
import { aCashSale, anItem } from './support/sales.ts';

const NL = cashRuleOf('nearest-5');
const WHO = { storeId: '0192f1c4-0000-7000-8000-000000000001', registerId: '0192f1c4-0000-7000-8000-000000000002' };

describe('the payment of a cart', () => {
  it('fixes the sale id once and keeps it when leaving and coming back', () => {
    const cart = withPayment(emptyCart(), (p) => p);
    const again = leavePayment(withPayment(cart, (p) => addTender(p, { type: 'cash', tendered: 500 })));
    expect(paymentOf(again).saleId).toBe(paymentOf(cart).saleId);
    expect(paymentOf(again).tenders).toEqual([]);
  });

  it('keeps an approved card payment: it cannot be removed and the sale cannot go back to editing', () => {
    const approved = { type: 'card' as const, amount: 1000, reference: uuidv7() };
    let cart = withPayment(emptyCart(), (p) => addTender(addTender(p, approved), { type: 'cash', tendered: 2000 }));
    expect(canUndoTender(approved)).toBe(false);
    expect(canUndoTender({ type: 'card', amount: 1000 })).toBe(true);
    expect(removeTender(paymentOf(cart), 0).tenders).toHaveLength(2);
    expect(removeTender(paymentOf(cart), 1).tenders).toEqual([approved]);
    expect(hasApprovedCard(cart)).toBe(true);
    cart = leavePayment(cart);
    expect(paymentOf(cart).tenders).toEqual([approved]);
  });

  it('charges a card the exact rest, and asks cash for the rest rounded to 5 cents (only the cash part is rounded)', () => {
    expect(cardDue(2639, [])).toBe(2639);
    expect(cardDue(2639, [{ type: 'card', amount: 1000, reference: 'a' }])).toBe(1639);
    expect(cashStillDue(2639, [{ type: 'card', amount: 1000, reference: 'a' }], NL)).toBe(1640);
    expect(cashStillDue(2639, [{ type: 'cash', tendered: 2000 }], NL)).toBe(640);
    expect(cardDue(2639, [{ type: 'cash', tendered: 2000 }])).toBe(639);
    expect(cashStillDue(2639, [{ type: 'cash', tendered: 5000 }], NL)).toBe(0);
  });
});

describe('discounts and price overrides that need a manager', () => {
  it('measures a line discount as the server does (basis points of the gross, rounded up)', () => {
    expect(lineDiscountBp({ unitPrice: 1295, quantity: 1 }, { kind: 'percent', bp: 2500 })).toBe(2500);
    expect(lineDiscountBp({ unitPrice: 1000, quantity: 2 }, { kind: 'amount', amount: 201 })).toBe(1005);
    expect(lineDiscountBp({ unitPrice: 2000, quantityMilli: 500 }, { kind: 'amount', amount: 100 })).toBe(1000);
  });

  it('asks for approval only above the limit; an amount order discount is above a limit of 0', () => {
    expect(discountAboveLimit(1000, 1000)).toBe(false);
    expect(discountAboveLimit(1001, 1000)).toBe(true);
    expect(discountAboveLimit(0, 0, true)).toBe(true);
    expect(discountAboveLimit(0, 1000, true)).toBe(false);
  });

  it('reads allow, approve and deny from the role; unknown grants ask for approval', () => {
    const cashier = { permissions: { [DISCOUNT_ABOVE_LIMIT]: 'approve', 'sales.sell': 'allow' }, discountLimitBp: 1000 };
    expect(decisionFor(cashier, DISCOUNT_ABOVE_LIMIT)).toBe('approve');
    expect(decisionFor(cashier, 'sales.sell')).toBe('allow');
    expect(decisionFor(cashier, PRICE_OVERRIDE)).toBe('deny');
    expect(decisionFor(null, PRICE_OVERRIDE)).toBe('approve');
  });

  it('carries only the approvals still in force when the sale completes', () => {
    let cart = addItem(addItem(emptyCart(), { item: anItem(), taxes: [] }), { item: anItem({ price: 895 }), taxes: [] });
    const [mug, coffee] = cart.lines;
    cart = updateLine(cart, mug!.id, { lineDiscount: { kind: 'percent', bp: 2500 } });
    cart = overrideLinePrice(cart, coffee!.id, 795);
    expect(cart.lines[1]).toMatchObject({ unitPrice: 795, originalUnitPrice: 895 });
    const approval = (permission: string, lineId: string): CartApproval => ({ permission, approvalId: uuidv7(), approverStaffId: uuidv7(), approverName: 'Mark Manager', lineId, what: 'x' });
    cart = withApproval(cart, approval(DISCOUNT_ABOVE_LIMIT, mug!.id));
    cart = withApproval(cart, approval(DISCOUNT_ABOVE_LIMIT, mug!.id));
    cart = withApproval(cart, approval(PRICE_OVERRIDE, coffee!.id));
    expect(cart.approvals).toHaveLength(2);
    expect(approvalsInForce(cart)).toHaveLength(2);
    expect(approvalsInForce(overrideLinePrice(cart, coffee!.id, 895)).map((a) => a.permission)).toEqual([DISCOUNT_ABOVE_LIMIT]);
    expect(approvalsInForce(removeLine(cart, mug!.id)).map((a) => a.permission)).toEqual([PRICE_OVERRIDE]);
  });
});

describe('committing a paid sale with its approvals', () => {
  let db: RegisterDatabase;
  beforeEach(() => {
    db = openRegisterDatabase(`sell-payment-${Math.random()}`);
  });
  afterEach(() => db.delete());

  const anApproval = (): CartApproval => ({ permission: DISCOUNT_ABOVE_LIMIT, approvalId: uuidv7(), approverStaffId: uuidv7(), approverName: 'Mark Manager', lineId: null, what: 'Order discount of 25 %' });

  it('writes the sale and one override_used event per approval in one transaction, the sale first', async () => {
    const { sale } = aCashSale([anItem()], WHO);
    const approval = anApproval();
    const now = new Date().toISOString();
    await commitPaidSale(db, sale, 'Sanne', now, approvalEvents(sale.id, null, [approval], now));
    const outbox = await db.outbox.orderBy('seq').toArray();
    expect(outbox.map((i) => i.kind)).toEqual(['sale', 'register_event']);
    expect(outbox[1]!.payload).toMatchObject({ kind: 'register.override_used', details: { saleId: sale.id, approvalId: approval.approvalId, approvedBy: approval.approverStaffId, permission: DISCOUNT_ABOVE_LIMIT } });
  });

  it('stores nothing, not even a receipt number, when an event cannot be written', async () => {
    const { sale } = aCashSale([anItem()], WHO);
    const now = new Date().toISOString();
    const [event] = approvalEvents(sale.id, null, [anApproval()], now);
    // The same outbox id twice violates the unique index: the whole commit must roll back.
    await expect(commitPaidSale(db, sale, 'Sanne', now, [event!, event!])).rejects.toThrow();
    expect(await db.sales.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.meta.get('receiptCounter')).toBeUndefined();
  });
});
