import type { Transaction } from 'kysely';
import type { RecordedSale } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import { failure, type Outcome } from '../../http/errors.ts';
import { verifyCardTenders, type CardTenderFlag } from './verify-card-tenders.ts';

export interface CardRefundClaim {
  paymentId: string;
  refundId: string;
}

type Tender = RecordedSale['tenders'][number];

const refuse = (code: string, message: string, details: Record<string, unknown>) => ({
  ok: false as const,
  error: failure(code, message, details),
});

/**
 * The card tenders of a void (docs/PAYMENTS.md, refunds on a void): every card
 * tender of the sale that was paid through a payment attempt this server knows
 * is given back by an approved, referenced refund of that attempt, made for
 * this void (saleId = the void's id) and of the whole tender. The void's card
 * tender then names the refund, so the same card-tender rule as a sale's
 * checks it, and a void is never recorded as refunded to card without one.
 * Card tenders without a reference (stand-alone terminal) or with one the
 * server does not know are reversed as before (the latter flagged).
 */
export async function cardTendersOfVoid(
  trx: Transaction<DB>,
  organisationId: string,
  voidDoc: { id: string; currency: string },
  saleTenders: readonly Tender[],
  claims: readonly CardRefundClaim[],
): Promise<Outcome<{ tenders: Tender[]; flags: CardTenderFlag[] }>> {
  const references = saleTenders.flatMap((t) => (t.type === 'card' && t.reference ? [t.reference] : []));
  const payments =
    references.length === 0
      ? []
      : await trx
          .selectFrom('payment_attempts')
          .select('id')
          .where('organisation_id', '=', organisationId)
          .where('kind', '=', 'payment')
          .where('id', 'in', references)
          .execute();
  const paid = new Set(payments.map((p) => p.id));
  const byPayment = new Map(claims.map((c) => [c.paymentId, c.refundId]));
  const stray = claims.findIndex((c) => !paid.has(c.paymentId));
  if (stray >= 0) {
    return refuse(
      'SALES_CARD_REFUND_UNMATCHED',
      `cardRefunds[${stray}].paymentId ${claims[stray]!.paymentId} is not a card payment of this sale: name the payment attempt in the sale's card tender.`,
      { field: `cardRefunds[${stray}].paymentId` },
    );
  }
  const tenders: Tender[] = [];
  for (const t of saleTenders) {
    const amount = t.amount === 0 ? 0 : -t.amount;
    const reversed: Tender = { ...t, amount, tendered: t.tendered === null ? null : amount, change: 0 };
    if (t.type !== 'card' || !t.reference || !paid.has(t.reference)) {
      tenders.push(reversed);
      continue;
    }
    const refundId = byPayment.get(t.reference);
    if (!refundId) {
      return refuse(
        'SALES_CARD_REFUND_REQUIRED',
        `The sale was paid by card (payment ${t.reference}, ${t.amount} ${voidDoc.currency}): refund it through the terminal first (POST /api/v1/payments/${t.reference}/refunds with saleId ${voidDoc.id}), then void with cardRefunds naming that refund.`,
        { field: 'cardRefunds', paymentId: t.reference, amount: t.amount },
      );
    }
    tenders.push({ ...reversed, reference: refundId });
  }
  const refunds = await trx
    .selectFrom('payment_attempts')
    .select(['id', 'kind', 'original_attempt_id'])
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', [...byPayment.values(), '-'])
    .execute();
  for (const [index, claim] of claims.entries()) {
    const refund = refunds.find((r) => r.id === claim.refundId);
    if (!refund || refund.kind !== 'refund' || refund.original_attempt_id !== claim.paymentId) {
      return refuse(
        'SALES_CARD_REFUND_OF_OTHER_PAYMENT',
        `cardRefunds[${index}].refundId ${claim.refundId} is not a refund of payment ${claim.paymentId}: make it with POST /api/v1/payments/${claim.paymentId}/refunds.`,
        { field: `cardRefunds[${index}].refundId` },
      );
    }
  }
  const checked = await verifyCardTenders(trx, organisationId, { ...voidDoc, tenders });
  if (checked.ok) return { ok: true, value: { tenders, flags: checked.value } };
  // The void's body has no tenders: point at the cardRefunds entry that named the refund.
  const index = claims.findIndex((c) => c.refundId === checked.error.details?.attemptId);
  const field = index >= 0 ? `cardRefunds[${index}].refundId` : 'cardRefunds';
  return { ok: false, error: { ...checked.error, details: { ...checked.error.details, field } } };
}
