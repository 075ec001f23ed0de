import type { Transaction } from 'kysely';
import type { SaleDocument } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import { failure, type Outcome } from '../../http/errors.ts';

export interface CardTenderFlag {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

const refuse = (code: string, message: string, details: Record<string, unknown>) => ({ ok: false as const, error: failure(code, message, details) });

/**
 * The card-tender rule (docs/PAYMENTS.md): a card tender whose `reference` is
 * a payment attempt this server knows is accepted only when that attempt is
 * approved (and not reversed), belongs to this sale, and its amount and
 * currency equal the tender's (a refund tender is negative and needs an
 * approved refund). A reference the server does not know is accepted but
 * flagged: the register may have paid on a terminal offline
 * (store-and-forward) and the attempt arrives later. A card tender without a
 * reference (a stand-alone terminal) is accepted as before. Runs inside the
 * sale's own transaction.
 */
export async function verifyCardTenders(trx: Transaction<DB>, organisationId: string, doc: SaleDocument): Promise<Outcome<CardTenderFlag[]>> {
  const tenders = doc.tenders.flatMap((t, index) => (t.type === 'card' && t.reference ? [{ index, amount: t.amount, reference: t.reference }] : []));
  if (tenders.length === 0) return { ok: true, value: [] };
  const rows = await trx
    .selectFrom('payment_attempts')
    .select(['id', 'sale_id', 'kind', 'state', 'amount', 'currency', 'reversal_status'])
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', [...new Set(tenders.map((t) => t.reference))])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const flags: CardTenderFlag[] = [];
  for (const tender of tenders) {
    const field = `tenders[${tender.index}].reference`;
    const attempt = byId.get(tender.reference);
    if (!attempt) {
      flags.push({ code: 'CARD_PAYMENT_UNVERIFIED', message: `Card tender ${tender.reference} is not a payment this server knows: check it against the terminal's settlement report.`, details: { field, reference: tender.reference } });
      continue;
    }
    if (attempt.state !== 'approved' || attempt.reversal_status !== null) {
      return refuse('SALES_CARD_NOT_APPROVED', `Card payment ${attempt.id} is ${attempt.reversal_status ? 'reversed' : attempt.state}, not approved: the sale is not paid. ${attempt.state === 'unknown' ? 'Ask the terminal for its status first.' : 'Take the payment again.'}`, { field, attemptId: attempt.id, state: attempt.state });
    }
    if (attempt.sale_id !== doc.id) {
      return refuse('SALES_CARD_PAYMENT_OF_OTHER_SALE', `Card payment ${attempt.id} was taken for sale ${attempt.sale_id}, not for this one.`, { field, attemptId: attempt.id, saleId: attempt.sale_id });
    }
    const signed = attempt.kind === 'refund' ? -Number(attempt.amount) : Number(attempt.amount);
    if (signed !== tender.amount || attempt.currency !== doc.currency) {
      return refuse('SALES_CARD_AMOUNT_MISMATCH', `The card tender says ${tender.amount} ${doc.currency} but the terminal ${attempt.kind === 'refund' ? 'refunded' : 'approved'} ${signed} ${attempt.currency}.`, { field, attemptId: attempt.id, tendered: tender.amount, approved: signed });
    }
  }
  return { ok: true, value: flags };
}
