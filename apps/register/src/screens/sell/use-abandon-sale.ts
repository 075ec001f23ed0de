import { useState } from 'react';
import type { CartPayment, RegisterDatabase } from '../../db/database.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import type { Attempt } from '../../payments/card-attempts.ts';
import { followToOutcome, isFinal, refundCardPayment } from '../../payments/card-refunds.ts';
import type { PaidTender } from '../../sale/sale-document.ts';
import type { ApiClient, ApiResult } from '../../sync/api.ts';

/** What the payment screen shows while a half-paid sale is given up. */
export type AbandonView =
  | { phase: 'idle' }
  | { phase: 'refunding'; amount: number; progress: Attempt['progress'] }
  | { phase: 'failed'; reason: 'declined' | 'unknown' | 'offline' | 'refused'; amount: number; message: string };

export interface AbandonOptions {
  db: RegisterDatabase;
  api: ApiClient;
  getToken(): Promise<string | null>;
  registerId: string;
  payment: CartPayment;
  update(change: (p: CartPayment) => CartPayment): void;
  /** Runs a request, asking a manager's approval when the server wants one (useApproval). */
  withApproval<T>(attempt: (headers?: Record<string, string>) => Promise<ApiResult<T>>): Promise<ApiResult<T> | null>;
  /** Every card payment is back on the card: the sale is dropped. */
  onAbandoned(): void;
}

const refundKey = (paymentId: string) => `cardRefund:${paymentId}`;

/**
 * Gives up a sale the customer paid part of by card (they walk away, or change their mind): each
 * approved card payment is refunded on the terminal (a referenced refund, PAYMENTS.md), one after
 * the other, and only when all of them are back on the card is the sale dropped. Cash handed over
 * is simply given back. The refund's id is kept on the device before it is sent, so a reload, a
 * lost answer or a second tap follows the same refund and never starts a second one.
 */
export function useAbandonSale(options: AbandonOptions) {
  const [view, setView] = useState<AbandonView>({ phase: 'idle' });

  async function refundIdFor(paymentId: string): Promise<string> {
    const { db } = options;
    return db.transaction('rw', db.meta, async () => {
      const kept = (await db.meta.get(refundKey(paymentId)))?.value as string | undefined;
      if (kept) return kept;
      const id = uuidv7();
      await db.meta.put({ key: refundKey(paymentId), value: id });
      return id;
    });
  }

  async function refundOne(tender: PaidTender & { type: 'card'; reference: string }): Promise<boolean> {
    const { api, getToken, payment, registerId, withApproval, update, db } = options;
    const amount = tender.amount;
    setView({ phase: 'refunding', amount, progress: 'sent' });
    const token = await getToken();
    const id = await refundIdFor(tender.reference);
    const started = token
      ? await withApproval((headers) => refundCardPayment(api, token, tender.reference, { id, amount, saleId: payment.saleId, registerId }, headers))
      : null;
    if (!token || !started) {
      setView({ phase: 'idle' });
      return false;
    }
    if (!started.ok) {
      const offline = started.error.status === 0;
      setView({ phase: 'failed', reason: offline ? 'offline' : 'refused', amount, message: started.error.message });
      return false;
    }
    const final = isFinal(started.value)
      ? started.value
      : await followToOutcome(api, token, id, (attempt) => setView({ phase: 'refunding', amount, progress: attempt.progress }));
    if (final?.state === 'approved') {
      await db.meta.delete(refundKey(tender.reference));
      update((p) => ({ ...p, tenders: p.tenders.filter((t) => !(t.type === 'card' && t.reference === tender.reference)) }));
      return true;
    }
    if (final && (final.state === 'declined' || final.state === 'cancelled')) {
      // Nothing was given back: a new try is a new refund.
      await db.meta.delete(refundKey(tender.reference));
      setView({ phase: 'failed', reason: 'declined', amount, message: final.failure?.message ?? '' });
      return false;
    }
    // Still unknown: the same refund is followed again on the next try (its id is kept).
    setView({ phase: 'failed', reason: 'unknown', amount, message: '' });
    return false;
  }

  return {
    view,
    busy: view.phase === 'refunding',
    async abandon() {
      if (view.phase === 'refunding') return;
      const cards = (options.payment.tenders as PaidTender[]).filter(
        (t): t is PaidTender & { type: 'card'; reference: string } => t.type === 'card' && typeof t.reference === 'string',
      );
      for (const tender of cards) if (!(await refundOne(tender))) return;
      setView({ phase: 'idle' });
      options.onAbandoned();
    },
  };
}
