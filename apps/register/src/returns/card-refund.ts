import type { RecordedSale } from '@kassa/contracts';

/**
 * The terminal payment of the original sale a card refund of `amount` goes back to: the first of
 * its card payments taken through the terminal (a `reference`) that covers the amount, else the
 * largest. Null when the sale was not paid through a terminal (cash, or a stand-alone terminal):
 * then the card refund is given on the terminal by hand and recorded without reference.
 */
export function terminalPaymentFor(original: RecordedSale | null, amount: number): string | null {
  const paid = (original?.tenders ?? []).filter(
    (t): t is typeof t & { reference: string } => t.type === 'card' && t.amount > 0 && typeof t.reference === 'string' && t.reference !== '',
  );
  if (paid.length === 0) return null;
  return (paid.find((t) => t.amount >= amount) ?? [...paid].sort((a, b) => b.amount - a.amount)[0]!).reference;
}
