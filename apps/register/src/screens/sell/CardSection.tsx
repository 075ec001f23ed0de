import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currencyExponent, formatMinor, parseDecimalToMinor } from '@kassa/domain';
import type { Terminal } from '../../payments/card-attempts.ts';
import type { CardOutcome, CardView } from './use-card-payment.ts';

export interface CardSectionProps {
  view: CardView;
  terminal: Terminal | null;
  online: boolean;
  /** The most the card may be charged now (the exact rest). */
  due: number;
  currency: string;
  locale: string;
  disabled: boolean;
  money(amount: number): string;
  onStart(amount: number, terminalId: string): void;
  onAbort(): void;
  onAskTerminal(): void;
  onRetry(): void;
  /** Stand-alone terminal (none connected to Kassa): record the card payment taken there. */
  onStandAlone(amount: number): void;
}

/** Card on the terminal: amount (the rest, or part of it for a split), progress, cancel, and the unknown-outcome recovery. */
export function CardSection(props: CardSectionProps) {
  const { t } = useTranslation();
  const { view, terminal, online, due, currency, money } = props;
  const exponent = currencyExponent(currency);
  const separator = props.locale.startsWith('nl') ? ',' : '.';
  const [text, setText] = useState(() => formatMinor(due, exponent, separator));
  useEffect(() => setText(formatMinor(due, exponent, separator)), [due, exponent, separator]);
  const parsed = parseDecimalToMinor(text.replace(/[.,]/, '.'), exponent);
  const amount = parsed.ok ? parsed.value : null;
  const tooMuch = amount !== null && amount > due;
  const valid = amount !== null && amount > 0 && !tooMuch;

  if (!terminal) {
    // A stand-alone terminal takes what the cashier keys in there: the rest, or part of it for a split.
    return (
      <>
        <p className="muted">{t('pay.cardHint')}</p>
        <form className="row" onSubmit={(e) => { e.preventDefault(); if (valid) props.onStandAlone(amount); }}>
          <label className="field grow">
            {t('card.amount')}
            <input inputMode="decimal" name="card-amount" value={text} onChange={(e) => setText(e.target.value.replace(/[^\d.,]/g, ''))} disabled={props.disabled || due <= 0} aria-invalid={!valid} />
          </label>
          <button type="submit" className="btn" data-testid="card-standalone" disabled={props.disabled || !valid}>
            {t('pay.card')} {valid ? money(amount) : ''}
          </button>
        </form>
        {tooMuch && <p className="banner bad">{t('card.tooMuch', { amount: money(due) })}</p>}
      </>
    );
  }
  const idle = view.phase === 'idle';
  return (
    <div className="card-pay" data-testid="card-section">
      <p className="muted">{terminal.name}</p>
      {!online && idle && <p className="banner warn" role="alert">{t('card.offline')}</p>}
      {idle && (
        <form className="row" onSubmit={(e) => { e.preventDefault(); if (valid) props.onStart(amount, terminal.id); }}>
          <label className="field grow">
            {t('card.amount')}
            <input inputMode="decimal" name="card-amount" value={text} onChange={(e) => setText(e.target.value.replace(/[^\d.,]/g, ''))} disabled={props.disabled || !online || due <= 0} aria-invalid={!valid} />
          </label>
          <button type="submit" className="btn primary" data-testid="card-pay" disabled={props.disabled || !online || !valid}>
            {t('card.pay', { amount: valid ? money(amount) : '' })}
          </button>
        </form>
      )}
      {idle && tooMuch && <p className="banner bad">{t('card.tooMuch', { amount: money(due) })}</p>}
      {idle && view.outcome && <Outcome outcome={view.outcome} money={money} />}
      {view.phase === 'running' && (
        <div className="card-progress" role="status" aria-live="polite" data-testid="card-status" data-phase={view.progress ?? 'sent'}>
          <p className="big-status">
            {money(view.amount)} · {view.aborting ? t('card.aborting') : t(`card.progress_${view.progress ?? 'sent'}`)}
          </p>
          {view.connectionLost && <p className="banner warn">{t('card.connectionLost')}</p>}
          <button type="button" className="btn danger" data-testid="card-cancel" onClick={props.onAbort} disabled={view.aborting}>{t('card.cancel')}</button>
        </div>
      )}
      {view.phase === 'unknown' && (
        <div className="banner bad" role="alert" data-testid="card-status" data-phase="unknown">
          <p>{t('card.unknown', { amount: money(view.amount) })}</p>
          {view.terminalSilent && <p>{t('card.terminalSilent')}</p>}
          <button type="button" className="btn primary" data-testid="card-ask" onClick={props.onAskTerminal} disabled={view.checking || !online}>
            {view.checking ? t('card.asking') : t('card.askTerminal')}
          </button>
        </div>
      )}
      {view.phase === 'unreachable' && (
        <div className="banner bad" role="alert" data-testid="card-status" data-phase="unreachable">
          <p>{t('card.unreachable')}</p>
          <button type="button" className="btn primary" onClick={props.onRetry}>{t('card.retry')}</button>
        </div>
      )}
    </div>
  );
}

function Outcome({ outcome, money }: { outcome: CardOutcome; money(amount: number): string }) {
  const { t } = useTranslation();
  if (outcome.kind === 'approved')
    return <p className="banner ok" role="status" data-testid="card-outcome" data-outcome="approved">✓ {t('card.approved', { amount: money(outcome.amount), card: [outcome.brand, outcome.maskedPan].filter(Boolean).join(' ') })}</p>;
  const text =
    // The terminal's own words are English; known reasons are said in the cashier's language.
    outcome.kind === 'declined' ? t('card.declined', { amount: money(outcome.amount), reason: t(`card.reason_${outcome.reasonCode}`, { defaultValue: outcome.reason }) }) :
    outcome.kind === 'cancelled' ? t('card.cancelled', { amount: money(outcome.amount) }) :
    outcome.kind === 'notStarted' ? t('card.notStarted') :
    t('card.failed', { message: outcome.message });
  return <p className="banner bad" role="alert" data-testid="card-outcome" data-outcome={outcome.kind}>✕ {text}</p>;
}
