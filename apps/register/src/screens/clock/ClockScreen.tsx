import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegister } from '../../app/register-context.tsx';
import { focusOnOpen } from '../menu/focus.ts';
import { formatTime, intlLocale } from '../../lib/format.ts';

type Punch = 'clock_in' | 'clock_out' | 'break_start' | 'break_end';
const PATHS: Record<Punch, string> = { clock_in: 'clock-in', clock_out: 'clock-out', break_start: 'break-start', break_end: 'break-end' };
const LABELS: Record<Punch, string> = { clock_in: 'clock.in', clock_out: 'clock.out', break_start: 'clock.breakStart', break_end: 'clock.breakEnd' };
/** What may follow the last punch (the server's rule; it decides, this only greys out buttons). */
const NEXT: Record<Punch | 'none', Punch[]> = { none: ['clock_in'], clock_out: ['clock_in'], clock_in: ['clock_out', 'break_start'], break_start: ['break_end'], break_end: ['clock_out', 'break_start'] };

interface LastPunch {
  type: Punch;
  at: string | null;
}

/**
 * Clock in / out for the signed-in cashier (`POST /timeclock/*`, body `{}`). Punches need the
 * network: the server stamps the time and keeps the order. The last punch is remembered on the
 * device per person only to show the state; when it is unknown every punch is offered and the
 * server's 409 tells which one applies.
 */
export default function ClockScreen({ onClose }: { onClose(): void }) {
  const { t, i18n } = useTranslation();
  const { db, api, session } = useRegister();
  const locale = intlLocale(i18n.language);
  const key = `clock:${session?.staffId ?? ''}`;
  const [last, setLast] = useState<LastPunch | null>(null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void db.meta.get(key).then((row) => setLast((row?.value as LastPunch | undefined) ?? null));
  }, [db, key]);

  async function remember(next: LastPunch) {
    setLast(next);
    await db.meta.put({ key, value: next });
  }

  async function punch(type: Punch) {
    if (!session || busy) return;
    setBusy(true);
    setMessage(null);
    const answer = await api.call<{ type: Punch; at: string }>('POST', `/api/v1/timeclock/${PATHS[type]}`, { body: {}, token: session.token });
    setBusy(false);
    if (answer.ok) {
      await remember({ type: answer.value.type, at: answer.value.at });
      return setMessage({ tone: 'ok', text: t(`clock.state_${answer.value.type}`, { time: formatTime(answer.value.at, locale) }) });
    }
    if (answer.error.code === 'TIMECLOCK_INVALID_TRANSITION') {
      const serverLast = (answer.error.details?.last as Punch | null | undefined) ?? null;
      if (serverLast) await remember({ type: serverLast, at: null });
      return setMessage({ tone: 'bad', text: t('clock.refused', { last: t(`clock.last_${serverLast ?? 'none'}`) }) });
    }
    setMessage({ tone: 'bad', text: answer.error.status === 0 ? t('shift.networkNeeded') : t('shift.failed', { message: answer.error.message }) });
  }

  const allowed = last ? NEXT[last.type] : (Object.keys(PATHS) as Punch[]);
  return (
    <div className="overlay screen" role="dialog" aria-modal="true" aria-labelledby="clock-title" onKeyDown={(e) => e.key === 'Escape' && !busy && onClose()}>
      <section className="card" data-testid="clock-screen" tabIndex={-1} ref={focusOnOpen}>
        <h2 id="clock-title">{t('clock.title')}</h2>
        <p>{t('clock.who', { name: session?.name ?? '' })}</p>
        <p className="big-line" data-testid="clock-state">
          {last ? (last.at ? t(`clock.state_${last.type}`, { time: formatTime(last.at, locale) }) : t(`clock.last_${last.type}`)) : t('clock.unknown')}
        </p>
        {message && <p className={`banner ${message.tone}`} role={message.tone === 'ok' ? 'status' : 'alert'} data-testid="clock-message">{message.text}</p>}
        <div className="grid-buttons">
          {(Object.keys(PATHS) as Punch[]).map((type) => (
            <button type="button" key={type} className={`btn${type === 'clock_in' || type === 'clock_out' ? ' primary' : ''}`} disabled={busy || !allowed.includes(type)} onClick={() => void punch(type)}>
              {t(LABELS[type])}
            </button>
          ))}
        </div>
        <div className="row">
          <button type="button" className="btn secondary" onClick={onClose}>{t('clock.close')}</button>
        </div>
      </section>
    </div>
  );
}
