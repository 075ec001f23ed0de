/**
 * The simulator's behaviour is chosen by the cents of the amount, like the
 * test amounts of real acquirers (docs/PAYMENTS.md lists them):
 *
 *   …,05  declined: insufficient funds      …,31  no response at all (approves, never answers)
 *   …,13  declined: card blocked            …,41  approves, then the response is lost
 *   …,21  slow cardholder (long delay)      …,51  PIN entry, then approves
 *   …,61  declines, then the host approves late (TransactionStatus shows it)
 *   anything else approves.
 * With the acquirer unreachable (store-and-forward) the terminal decides alone: within the
 * offline limit it approves offline, above it it declines ("Offline limit exceeded"); …,13 is
 * still declined (the card refuses), and …,05 is approved offline and declined at upload.
 * Refunds and reversals (money back to a card) have their own cents, so that
 * a sale paid with any amount above can be given back normally:
 *
 *   …,71  the acquirer refuses the refund    …,81  refunds, then the response is lost
 *   anything else refunds.
 */
export type Behaviour = 'approve' | 'insufficient_funds' | 'card_blocked' | 'slow' | 'no_response' | 'lost_response' | 'pin' | 'late_approval';

const BY_CENTS: Record<number, Behaviour> = {
  5: 'insufficient_funds',
  13: 'card_blocked',
  21: 'slow',
  31: 'no_response',
  41: 'lost_response',
  51: 'pin',
  61: 'late_approval',
};

/** The behaviour for an amount in minor units. */
export function behaviourFor(amountMinor: number): Behaviour {
  return BY_CENTS[Math.abs(amountMinor) % 100] ?? 'approve';
}

/** How long each step takes; the CLI uses lifelike values, tests pass milliseconds. */
export interface SimulatorDelays {
  /** Presenting the card and authorising. */
  cardMs: number;
  /** The slow cardholder (…,21). */
  slowMs: number;
  /** PIN entry (…,51). */
  pinMs: number;
  /** Between the decline and the host's late approval (…,61). */
  lateApprovalMs: number;
  /** Between the acquirer coming back and the stored offline transactions being uploaded. */
  uploadMs: number;
}

export const LIFELIKE_DELAYS: SimulatorDelays = { cardMs: 2500, slowMs: 20_000, pinMs: 3000, lateApprovalMs: 5000, uploadMs: 10_000 };
export const FAST_DELAYS: SimulatorDelays = { cardMs: 5, slowMs: 60, pinMs: 10, lateApprovalMs: 20, uploadMs: 20 };

export type RefundBehaviour = 'refund' | 'refund_refused' | 'refund_lost_response';

const REFUND_BY_CENTS: Record<number, RefundBehaviour> = { 71: 'refund_refused', 81: 'refund_lost_response' };

/** The behaviour of a refund or reversal of an amount in minor units. */
export function refundBehaviourFor(amountMinor: number): RefundBehaviour {
  return REFUND_BY_CENTS[Math.abs(amountMinor) % 100] ?? 'refund';
}
