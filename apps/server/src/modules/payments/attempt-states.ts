/**
 * The payment attempt state machine as a transition table (pure; the
 * repository applies it with a compare-and-set on the row's version).
 *
 *   created ──start──▶ in_progress ──response.*──▶ approved | declined | cancelled
 *                          │  └──────lost──────▶ unknown ──status.*──▶ approved | declined | cancelled
 *                          └──status.*──▶ (after a crash the status query settles it too)
 *
 * `unknown` is left only by a transaction-status query (DOMAIN.md, Payments):
 * a timeout or lost response says nothing about whether the card was charged.
 * An approval that arrives for an attempt the register gave up on (aborted,
 * or already declined/cancelled) must not become a paid sale: the attempt
 * keeps its unpaid state and the approval is reversed through the terminal.
 */

export type AttemptState = 'created' | 'in_progress' | 'approved' | 'declined' | 'cancelled' | 'unknown';

/** `response.*` comes back on the operation's own call; `status.*` from a transaction-status query. */
export type AttemptEvent =
  | 'start'
  | 'response.approved'
  | 'response.declined'
  | 'response.cancelled'
  | 'response.lost'
  | 'status.approved'
  | 'status.declined'
  | 'status.cancelled';

export type Transition =
  | { ok: true; next: AttemptState; reverse: boolean }
  | { ok: false; reason: string };

type Row = Partial<Record<AttemptEvent, AttemptState>>;

const TABLE: Record<AttemptState, Row> = {
  created: { start: 'in_progress' },
  in_progress: {
    'response.approved': 'approved',
    'response.declined': 'declined',
    'response.cancelled': 'cancelled',
    'response.lost': 'unknown',
    'status.approved': 'approved',
    'status.declined': 'declined',
    'status.cancelled': 'cancelled',
  },
  unknown: { 'status.approved': 'approved', 'status.declined': 'declined', 'status.cancelled': 'cancelled' },
  approved: { 'status.approved': 'approved', 'response.approved': 'approved' },
  declined: { 'status.declined': 'declined', 'response.declined': 'declined' },
  cancelled: { 'status.cancelled': 'cancelled', 'response.cancelled': 'cancelled' },
};

/** States in which money may still move: no new attempt on the sale while one is in them. */
export const OPEN_STATES: readonly AttemptState[] = ['created', 'in_progress', 'unknown'];

export const isOpen = (state: AttemptState): boolean => OPEN_STATES.includes(state);

const isApproval = (event: AttemptEvent) => event === 'response.approved' || event === 'status.approved';

/**
 * The next state for an event. `abandoned` is true when the register aborted
 * the attempt: an approval then leads to `cancelled` plus a reversal. An
 * approval that arrives after the attempt was settled as declined or
 * cancelled (a late approval) keeps that state and asks for a reversal.
 */
export function transition(state: AttemptState, event: AttemptEvent, abandoned = false): Transition {
  if (isApproval(event) && (state === 'declined' || state === 'cancelled')) return { ok: true, next: state, reverse: true };
  if (isApproval(event) && abandoned && (state === 'in_progress' || state === 'unknown')) return { ok: true, next: 'cancelled', reverse: true };
  const next = TABLE[state][event];
  if (!next) return { ok: false, reason: `a ${state} attempt cannot take "${event}"` };
  return { ok: true, next, reverse: false };
}
