import { describe, expect, it } from 'vitest';
import { OPEN_STATES, transition, type AttemptEvent, type AttemptState } from '../src/modules/payments/attempt-states.ts';

const STATES: AttemptState[] = ['created', 'in_progress', 'approved', 'declined', 'cancelled', 'unknown'];
const EVENTS: AttemptEvent[] = ['start', 'response.approved', 'response.declined', 'response.cancelled', 'response.lost', 'status.approved', 'status.declined', 'status.cancelled'];

describe('the payment attempt state machine', () => {
  it.each([
    ['created', 'start', 'in_progress'],
    ['in_progress', 'response.approved', 'approved'],
    ['in_progress', 'response.declined', 'declined'],
    ['in_progress', 'response.cancelled', 'cancelled'],
    ['in_progress', 'response.lost', 'unknown'],
    ['unknown', 'status.approved', 'approved'],
    ['unknown', 'status.declined', 'declined'],
    ['unknown', 'status.cancelled', 'cancelled'],
    ['in_progress', 'status.approved', 'approved'],
  ] as const)('moves %s on %s to %s', (state, event, next) => {
    expect(transition(state, event)).toEqual({ ok: true, next, reverse: false });
  });

  it('leaves unknown only through a transaction-status query', () => {
    for (const event of EVENTS.filter((e) => !e.startsWith('status.'))) expect(transition('unknown', event).ok).toBe(false);
  });

  it('never leaves a final state for another one', () => {
    for (const state of ['approved', 'declined', 'cancelled'] as const) {
      for (const event of EVENTS) {
        const t = transition(state, event);
        if (t.ok) expect(t.next).toBe(state);
      }
    }
  });

  it('keeps a declined or cancelled attempt unpaid when a late approval arrives, and asks for a reversal', () => {
    for (const state of ['declined', 'cancelled'] as const) {
      expect(transition(state, 'status.approved')).toEqual({ ok: true, next: state, reverse: true });
      expect(transition(state, 'response.approved')).toEqual({ ok: true, next: state, reverse: true });
    }
  });

  it('cancels and reverses an approval of an attempt the register abandoned', () => {
    expect(transition('in_progress', 'response.approved', true)).toEqual({ ok: true, next: 'cancelled', reverse: true });
    expect(transition('unknown', 'status.approved', true)).toEqual({ ok: true, next: 'cancelled', reverse: true });
    expect(transition('in_progress', 'response.cancelled', true)).toEqual({ ok: true, next: 'cancelled', reverse: false });
  });

  it('treats exactly created, in_progress and unknown as open (blocking a new attempt)', () => {
    expect([...OPEN_STATES].sort()).toEqual(['created', 'in_progress', 'unknown']);
    expect(STATES.filter((s) => transition(s, 'start').ok)).toEqual(['created']);
  });
});
