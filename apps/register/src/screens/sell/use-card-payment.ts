import { useEffect, useRef, useState } from 'react';
import type { CartPayment } from '../../db/database.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { abortAttempt, pendingAttemptOf, queryAttemptStatus, readAttempt, startAttempt, type Attempt } from '../../payments/card-attempts.ts';
import { addTender } from '../../sale/payment-state.ts';
import type { ApiClient } from '../../sync/api.ts';

/** What the payment screen shows about the card: nothing running, running (with the terminal's progress), or unknown. */
export type CardView =
  | { phase: 'idle'; outcome?: CardOutcome }
  | { phase: 'running'; attemptId: string; amount: number; progress: Attempt['progress']; aborting: boolean; connectionLost: boolean }
  | { phase: 'unknown'; attemptId: string; amount: number; checking: boolean; terminalSilent: boolean }
  | { phase: 'unreachable'; attemptId: string; amount: number };

export type CardOutcome =
  | { kind: 'approved'; amount: number; brand: string | null; maskedPan: string | null }
  | { kind: 'declined'; amount: number; reasonCode: string; reason: string }
  | { kind: 'cancelled'; amount: number }
  | { kind: 'notStarted' }
  | { kind: 'failed'; message: string };

export interface CardPaymentOptions {
  api: ApiClient;
  getToken(): Promise<string | null>;
  registerId: string;
  currency: string;
  payment: CartPayment;
  /** Writes the cart's payment (saved with the cart on every change). */
  update(change: (p: CartPayment) => CartPayment): void;
}

const LONG_POLL_MS = 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Drives one card attempt at a time: start it for the sale, follow it by long-polling, abort it,
 * and resolve an `unknown` outcome by asking the terminal (never by starting a new attempt).
 * The running attempt is kept in the cart, so after a reload the screen follows it again.
 */
export function useCardPayment(options: CardPaymentOptions) {
  const [view, setView] = useState<CardView>({ phase: 'idle' });
  const ref = useRef(options);
  ref.current = options;
  // Each follow loop has its own generation; starting another one or leaving stops the old one.
  const generation = useRef(0);

  function clearAttempt(outcome: CardOutcome) {
    generation.current += 1;
    ref.current.update((p) => ({ ...p, cardAttempt: undefined }));
    setView({ phase: 'idle', outcome });
  }

  function settle(attempt: Attempt) {
    generation.current += 1;
    if (attempt.state === 'approved') {
      ref.current.update((p) => {
        const already = p.tenders.some((t) => t.type === 'card' && t.reference === attempt.id);
        const next = already ? p : addTender(p, { type: 'card', amount: attempt.amount, reference: attempt.id });
        return { ...next, cardAttempt: undefined };
      });
      setView({ phase: 'idle', outcome: { kind: 'approved', amount: attempt.amount, brand: attempt.card.brand, maskedPan: attempt.card.maskedPan } });
    } else if (attempt.state === 'declined') {
      clearAttempt({ kind: 'declined', amount: attempt.amount, reasonCode: attempt.failure?.reason ?? 'other', reason: attempt.failure?.message ?? '' });
    } else if (attempt.state === 'cancelled') {
      clearAttempt({ kind: 'cancelled', amount: attempt.amount });
    } else if (attempt.state === 'unknown') {
      setView({ phase: 'unknown', attemptId: attempt.id, amount: attempt.amount, checking: false, terminalSilent: false });
    }
  }

  async function follow(attemptId: string, amount: number) {
    const mine = ++generation.current;
    setView({ phase: 'running', attemptId, amount, progress: null, aborting: false, connectionLost: false });
    let failures = 0;
    while (generation.current === mine) {
      const token = await ref.current.getToken();
      const answer = token ? await readAttempt(ref.current.api, token, attemptId, LONG_POLL_MS) : null;
      if (generation.current !== mine) return;
      if (!answer || !answer.ok) {
        // 404: the start never reached the server, so nothing can have been charged.
        if (answer && answer.error.status === 404) return clearAttempt({ kind: 'notStarted' });
        failures += 1;
        setView((v) => (v.phase === 'running' ? { ...v, connectionLost: true } : v));
        await sleep(Math.min(5000, 500 * failures));
        continue;
      }
      failures = 0;
      const attempt = answer.value;
      if (attempt.state === 'in_progress' || attempt.state === 'created') {
        setView((v) => (v.phase === 'running' && v.attemptId === attemptId ? { ...v, amount: attempt.amount, progress: attempt.progress, connectionLost: false } : v));
        continue;
      }
      return settle(attempt);
    }
  }

  // After a reload the cart still names the attempt that was running: follow it again.
  useEffect(() => {
    const open = ref.current.payment.cardAttempt;
    if (open) void follow(open.id, open.amount);
    return () => {
      generation.current += 1;
    };
  }, []);

  async function send(attemptId: string, amount: number, terminalId: string) {
    const { api, getToken, registerId, currency, payment } = ref.current;
    const token = await getToken();
    if (!token) return clearAttempt({ kind: 'failed', message: '' });
    const answer = await startAttempt(api, token, { id: attemptId, saleId: payment.saleId, registerId, terminalId, amount, currency });
    if (answer.ok) return follow(attemptId, amount);
    const pending = pendingAttemptOf(answer.error);
    if (pending) {
      // Another attempt of this sale is still open (e.g. started before a reload): follow that one.
      ref.current.update((p) => ({ ...p, cardAttempt: { id: pending, amount, terminalId } }));
      return follow(pending, amount);
    }
    // No answer: the attempt may or may not exist; sending the same id again is safe (idempotent).
    if (answer.error.status === 0) return setView({ phase: 'unreachable', attemptId, amount });
    clearAttempt({ kind: 'failed', message: answer.error.message });
  }

  return {
    view,
    busy: view.phase !== 'idle',
    /** Charges `amount` on the terminal for this sale. */
    start(amount: number, terminalId: string) {
      if (view.phase !== 'idle') return;
      const id = uuidv7();
      // Recorded in the cart before the request leaves: a reload mid-payment finds it again.
      ref.current.update((p) => ({ ...p, cardAttempt: { id, amount, terminalId } }));
      setView({ phase: 'running', attemptId: id, amount, progress: 'sent', aborting: false, connectionLost: false });
      void send(id, amount, terminalId);
    },
    /** Sends the same start again (same id) after the server did not answer. */
    retry() {
      const open = ref.current.payment.cardAttempt;
      if (view.phase !== 'unreachable' || !open) return;
      setView({ phase: 'running', attemptId: open.id, amount: open.amount, progress: 'sent', aborting: false, connectionLost: false });
      void send(open.id, open.amount, open.terminalId);
    },
    async abort() {
      if (view.phase !== 'running') return;
      setView({ ...view, aborting: true });
      const token = await ref.current.getToken();
      if (token) await abortAttempt(ref.current.api, token, view.attemptId);
      // The follow loop reports what the terminal did (cancelled, or approved just before the abort).
    },
    /** Asks the terminal what happened to an unknown attempt. */
    async askTerminal() {
      if (view.phase !== 'unknown') return;
      const current = view;
      setView({ ...current, checking: true, terminalSilent: false });
      const token = await ref.current.getToken();
      const answer = token ? await queryAttemptStatus(ref.current.api, token, current.attemptId) : null;
      if (!answer || !answer.ok) return setView({ ...current, checking: false, terminalSilent: true });
      if (answer.value.state === 'in_progress') return follow(current.attemptId, current.amount);
      if (answer.value.state === 'unknown') return setView({ ...current, checking: false, terminalSilent: true });
      settle(answer.value);
    },
    dismiss() {
      if (view.phase === 'idle') setView({ phase: 'idle' });
    },
  };
}
