import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { failure, type Outcome } from '../../http/errors.ts';

export interface CardTenderFlag {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** What the rule reads of a document: a sale document, or the tenders of a void being built. */
export interface TenderedDocument {
  id: string;
  currency: string;
  tenders: ReadonlyArray<{ type: string; amount?: number; reference?: string | null }>;
  /** Return lines name the sales they return: their card payments are where a card refund must go. */
  lines?: ReadonlyArray<{ returnOf?: { saleId: string } | null }>;
}

const refuse = (code: string, message: string, details: Record<string, unknown>) => ({ ok: false as const, error: failure(code, message, details) });

/** Approved, unreversed card payments of the sales a return gives money back for. */
async function paymentsOfReturnedSales(trx: Transaction<DB>, organisationId: string, doc: TenderedDocument): Promise<Set<string>> {
  const saleIds = [...new Set((doc.lines ?? []).flatMap((l) => (l.returnOf ? [l.returnOf.saleId] : [])))];
  if (saleIds.length === 0) return new Set();
  const rows = await trx
    .selectFrom('payment_attempts')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('sale_id', 'in', saleIds)
    .where('kind', '=', 'payment')
    .where('state', '=', 'approved')
    .where('reversal_status', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * The card-tender rule (docs/PAYMENTS.md): a card tender whose `reference` is
 * a payment attempt this server knows is accepted only when that attempt is
 * approved (and not reversed), belongs to this document, and its amount and
 * currency equal the tender's (a refund tender is negative and needs an
 * approved refund). Money back for a sale paid through a terminal goes back to
 * that card: the refund must be a referenced refund of one of the returned
 * sales' payments. A reference the server does not know is accepted but
 * flagged: the register may have paid on a terminal offline
 * (store-and-forward) and the attempt arrives later. A card tender without a
 * reference (a stand-alone terminal) is accepted as before. Runs inside the
 * document's own transaction.
 */
export async function verifyCardTenders(trx: Transaction<DB>, organisationId: string, doc: TenderedDocument): Promise<Outcome<CardTenderFlag[]>> {
  const tenders = doc.tenders.flatMap((t, index) => (t.type === 'card' && t.reference ? [{ index, amount: t.amount ?? 0, reference: t.reference }] : []));
  if (tenders.length === 0) return { ok: true, value: [] };
  const rows = await trx
    .selectFrom('payment_attempts')
    .select(['id', 'sale_id', 'kind', 'state', 'amount', 'currency', 'reversal_status', 'original_attempt_id'])
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', [...new Set(tenders.map((t) => t.reference))])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const returnedPayments = rows.some((r) => r.kind === 'refund') ? await paymentsOfReturnedSales(trx, organisationId, doc) : new Set<string>();
  const flags: CardTenderFlag[] = [];
  for (const tender of tenders) {
    const field = `tenders[${tender.index}].reference`;
    const attempt = byId.get(tender.reference);
    if (!attempt) {
      flags.push({ code: 'CARD_PAYMENT_UNVERIFIED', message: `Card tender ${tender.reference} is not a payment this server knows: check it against the terminal's settlement report.`, details: { field, reference: tender.reference } });
      continue;
    }
    if (attempt.state !== 'approved' || attempt.reversal_status !== null) {
      const next = attempt.state === 'unknown' ? 'Ask the terminal for its status first.' : attempt.kind === 'refund' ? 'Refund it again.' : 'Take the payment again.';
      return refuse('SALES_CARD_NOT_APPROVED', `Card ${attempt.kind} ${attempt.id} is ${attempt.reversal_status ? 'reversed' : attempt.state}, not approved: ${attempt.kind === 'refund' ? 'no money went back to the card' : 'the sale is not paid'}. ${next}`, { field, attemptId: attempt.id, state: attempt.state });
    }
    if (attempt.sale_id !== doc.id) {
      return refuse('SALES_CARD_PAYMENT_OF_OTHER_SALE', `Card ${attempt.kind} ${attempt.id} was made for document ${attempt.sale_id}, not for this one.`, { field, attemptId: attempt.id, saleId: attempt.sale_id });
    }
    const signed = attempt.kind === 'refund' ? -Number(attempt.amount) : Number(attempt.amount);
    if (signed !== tender.amount || attempt.currency !== doc.currency) {
      return refuse('SALES_CARD_AMOUNT_MISMATCH', `The card tender says ${tender.amount} ${doc.currency} but the terminal ${attempt.kind === 'refund' ? 'refunded' : 'approved'} ${signed} ${attempt.currency}.`, { field, attemptId: attempt.id, tendered: tender.amount, approved: signed });
    }
    if (attempt.kind === 'refund' && returnedPayments.size > 0 && !returnedPayments.has(attempt.original_attempt_id ?? '')) {
      const payments = [...returnedPayments];
      return refuse('SALES_CARD_REFUND_NOT_TO_ORIGINAL_CARD', `Refund ${attempt.id} is not a refund of the card payment of the returned sale: refund through POST /api/v1/payments/${payments[0]}/refunds so the money goes back to the card that paid.`, { field, attemptId: attempt.id, payments });
    }
  }
  return { ok: true, value: flags };
}
