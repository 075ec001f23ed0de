import { roundCash, type CashRoundingRule } from '@kassa/domain';
import type { Cart, CartPayment } from '../db/database.ts';
import { uuidv7 } from '../lib/uuid.ts';
import type { PaidTender } from './sale-document.ts';

/**
 * The payment of the cart being sold. It lives in the cart (saved on every change), so an approved
 * card payment, or a card attempt still running on the terminal, survives a reload or a crash.
 * The sale id is fixed when paying starts: card attempts are taken for it and the sale document
 * carries it (PAYMENTS.md, the card-tender rule).
 */
export function paymentOf(cart: Cart): CartPayment {
  return cart.payment ?? { saleId: uuidv7(), tenders: [] };
}

export function withPayment(cart: Cart, update: (p: CartPayment) => CartPayment): Cart {
  return { ...cart, payment: update(paymentOf(cart)) };
}

export function addTender(payment: CartPayment, tender: PaidTender): CartPayment {
  return { ...payment, tenders: [...payment.tenders, tender] };
}

/** Cash and stand-alone tenders can be taken back; an approved integrated card payment only by a refund. */
export function canUndoTender(tender: PaidTender): boolean {
  return !(tender.type === 'card' && tender.reference);
}

export function removeTender(payment: CartPayment, index: number): CartPayment {
  const tender = payment.tenders[index];
  if (!tender || !canUndoTender(tender)) return payment;
  return { ...payment, tenders: payment.tenders.filter((_, i) => i !== index) };
}

/** Card money already taken: the sale must be paid to the end (cash or card), it cannot go back to editing. */
export function hasApprovedCard(cart: Cart): boolean {
  return (cart.payment?.tenders ?? []).some((t) => !canUndoTender(t));
}

/** Leaving the payment screen: undoable tenders go, the sale id and approved card payments stay. */
export function leavePayment(cart: Cart): Cart {
  if (!cart.payment) return cart;
  const kept = cart.payment.tenders.filter((t) => !canUndoTender(t));
  if (kept.length === 0 && !cart.payment.cardAttempt) return { ...cart, payment: { saleId: cart.payment.saleId, tenders: [] } };
  return { ...cart, payment: { ...cart.payment, tenders: kept } };
}

/** What a card may still be charged: the exact rest (card is never rounded and never overpaid). */
export function cardDue(total: number, tenders: readonly PaidTender[]): number {
  const paid = tenders.reduce((sum, t) => sum + (t.type === 'cash' ? t.tendered : t.amount), 0);
  return Math.max(0, total - paid);
}

/** What is still due in cash: the rest after card and other tenders, cash-rounded (only the cash part is rounded), minus cash given. */
export function cashStillDue(total: number, tenders: readonly PaidTender[], rule: CashRoundingRule): number {
  const nonCash = tenders.reduce((sum, t) => sum + (t.type === 'cash' ? 0 : t.amount), 0);
  const cash = tenders.reduce((sum, t) => sum + (t.type === 'cash' ? t.tendered : 0), 0);
  return Math.max(0, roundCash(Math.max(0, total - nonCash), rule) - cash);
}
