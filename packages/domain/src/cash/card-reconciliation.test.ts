import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  reconcileCardTerminal,
  type DocumentCardTenders,
  type TerminalCardOperation,
} from './card-reconciliation.ts';

describe('reconcileCardTerminal', () => {
  it('lists only the sales whose terminal figure differs from their card tenders, with the reason', () => {
    const documents: DocumentCardTenders[] = [
      { saleId: 'a', amount: 1295 },
      { saleId: 'b', amount: 1000 },
      { saleId: 'd', amount: 450 },
      { saleId: 'r', amount: -1295 },
    ];
    const operations: TerminalCardOperation[] = [
      { saleId: 'a', kind: 'payment', amount: 1295 },
      // Charged twice: the first approval was lost at the till and the customer paid again.
      { saleId: 'b', kind: 'payment', amount: 1000 },
      { saleId: 'b', kind: 'payment', amount: 1000 },
      // Approved, but the sale never reached the shift.
      { saleId: 'c', kind: 'payment', amount: 799 },
      { saleId: 'r', kind: 'refund', amount: 1295 },
    ];
    expect(reconcileCardTerminal(documents, operations)).toEqual({
      tendered: 1450,
      terminal: 2799,
      difference: 1349,
      operations: 5,
      sales: [
        { saleId: 'b', tendered: 1000, terminal: 2000, difference: 1000, reason: 'amount_differs' },
        { saleId: 'c', tendered: 0, terminal: 799, difference: 799, reason: 'no_sale' },
        // A card tender no terminal approved: a stand-alone terminal or an offline payment.
        { saleId: 'd', tendered: 450, terminal: 0, difference: -450, reason: 'no_terminal_payment' },
      ],
    });
  });

  it('is all zeros for a shift without card payments', () => {
    expect(reconcileCardTerminal([], [])).toEqual({
      tendered: 0,
      terminal: 0,
      difference: 0,
      operations: 0,
      sales: [],
    });
  });

  it('adds up: the difference is the sum of the listed sales, whatever the order', () => {
    const saleId = fc.constantFrom('s1', 's2', 's3', 's4');
    fc.assert(
      fc.property(
        fc.array(fc.record({ saleId, amount: fc.integer({ min: -50_000, max: 50_000 }) })),
        fc.array(
          fc.record({
            saleId,
            kind: fc.constantFrom('payment' as const, 'refund' as const),
            amount: fc.integer({ min: 1, max: 50_000 }),
          }),
        ),
        (documents, operations) => {
          const result = reconcileCardTerminal(documents, operations);
          expect(result.difference).toBe(result.terminal - result.tendered);
          expect(result.sales.reduce((sum, s) => sum + s.difference, 0)).toBe(result.difference);
          expect(reconcileCardTerminal([...documents].reverse(), [...operations].reverse())).toEqual(result);
        },
      ),
      { numRuns: 300 },
    );
  });
});
