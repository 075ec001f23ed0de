import { addMinor } from '../money.ts';

/*
 * The terminal's side of the card takings of a shift: what the payment terminal approved against
 * what the shift's documents record as card tenders. The blind count compares the card slip total
 * with the tenders; this compares the tenders with the terminal, per sale, so a manager sees a
 * customer charged twice, a charge whose sale never arrived, or a card tender no terminal approved.
 */

/** An approved card operation on the register's terminal: a payment (+) or a refund (−) for a sale id. */
export interface TerminalCardOperation {
  readonly saleId: string;
  readonly kind: 'payment' | 'refund';
  readonly amount: number;
}

/** The card tenders of one document of the shift, summed (negative for returns and voids). */
export interface DocumentCardTenders {
  readonly saleId: string;
  readonly amount: number;
}

/**
 * Why a sale's figures differ: the terminal approved a different amount than the sale records
 * (e.g. charged twice), approved a payment for a sale that was not recorded in this shift, or
 * approved nothing for a card tender (a stand-alone terminal, or an offline payment).
 */
export type CardDifferenceReason = 'amount_differs' | 'no_sale' | 'no_terminal_payment';

export interface CardSaleDifference {
  readonly saleId: string;
  readonly tendered: number;
  readonly terminal: number;
  /** terminal − tendered: positive when the terminal took more than the sale records. */
  readonly difference: number;
  readonly reason: CardDifferenceReason;
}

export interface CardTerminalReconciliation {
  /** Σ card tenders of the shift's documents. */
  readonly tendered: number;
  /** Σ approved payments − approved refunds on the terminal for this shift. */
  readonly terminal: number;
  readonly difference: number;
  /** Number of approved terminal operations counted. */
  readonly operations: number;
  /** Only the sales whose figures differ, by sale id. */
  readonly sales: readonly CardSaleDifference[];
}

function sumBySale<T>(
  items: readonly T[],
  saleIdOf: (item: T) => string,
  amountOf: (item: T) => number,
): Map<string, number> {
  const sums = new Map<string, number>();
  for (const item of items) sums.set(saleIdOf(item), addMinor(sums.get(saleIdOf(item)) ?? 0, amountOf(item)));
  return sums;
}

/** Compares the shift's card tenders with what its terminal approved, sale by sale. Order does not matter. */
export function reconcileCardTerminal(
  documents: readonly DocumentCardTenders[],
  operations: readonly TerminalCardOperation[],
): CardTerminalReconciliation {
  const tendered = sumBySale(
    documents,
    (d) => d.saleId,
    (d) => d.amount,
  );
  const terminal = sumBySale(
    operations,
    (o) => o.saleId,
    (o) => (o.kind === 'refund' ? -o.amount : o.amount),
  );
  const saleIds = [...new Set([...tendered.keys(), ...terminal.keys()])].sort();
  const sales: CardSaleDifference[] = [];
  for (const saleId of saleIds) {
    const t = tendered.get(saleId);
    const p = terminal.get(saleId);
    const difference = addMinor(p ?? 0, -(t ?? 0));
    if (difference === 0) continue;
    const reason: CardDifferenceReason =
      t === undefined ? 'no_sale' : p === undefined ? 'no_terminal_payment' : 'amount_differs';
    sales.push({ saleId, tendered: t ?? 0, terminal: p ?? 0, difference, reason });
  }
  const tenderedTotal = [...tendered.values()].reduce(addMinor, 0);
  const terminalTotal = [...terminal.values()].reduce(addMinor, 0);
  return {
    tendered: tenderedTotal,
    terminal: terminalTotal,
    difference: addMinor(terminalTotal, -tenderedTotal),
    operations: operations.length,
    sales,
  };
}
