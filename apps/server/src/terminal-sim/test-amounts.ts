/**
 * The simulator's behaviour is chosen by the cents of the amount, like the
 * test amounts of real acquirers (docs/PAYMENTS.md lists them):
 *
 *   …,05  declined: insufficient funds      …,31  no response at all (approves, never answers)
 *   …,13  declined: card blocked            …,41  approves, then the response is lost
 *   …,21  slow cardholder (long delay)      …,51  PIN entry, then approves
 *   …,61  declines, then the host approves late (TransactionStatus shows it)
 *   anything else approves.
 * Refunds and reversals always approve.
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
}

export const LIFELIKE_DELAYS: SimulatorDelays = { cardMs: 2500, slowMs: 20_000, pinMs: 3000, lateApprovalMs: 5000 };
export const FAST_DELAYS: SimulatorDelays = { cardMs: 5, slowMs: 60, pinMs: 10, lateApprovalMs: 20 };
