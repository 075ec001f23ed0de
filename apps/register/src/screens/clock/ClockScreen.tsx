import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegister } from '../../app/register-context.tsx';
import { focusOnOpen } from '../menu/focus.ts';
import { formatTime, intlLocale } from '../../lib/format.ts';
import { uuidv7 } from '../../lib/uuid.ts';

type Punch = 'clock_in' | 'clock_out' | 'break_start' | 'break_end';
const PUNCHES: Punch[] = ['clock_in', 'clock_out', 'break_start', 'break_end'];
const LABELS: Record<Punch, string> = { clock_in: 'clock.in', clock_out: 'clock.out', break_start: 'clock.breakStart', break_end: 'clock.breakEnd' };
/** What may follow the last punch (the server's rule, sync-time-punch on the server). */
const NEXT: Record<Punch | 'none', Punch[]> = { none: ['clock_in'], clock_out: ['clock_in'], clock_in: ['clock_out', 'break_start'], break_start: ['break_end'], break_end: ['clock_out', 'break_start'] };

interface LastPunch {
  type: Punch;
  at: string | null;
}

/**
 * Clock in / out for the signed-in cashier, online or offline: a punch is committed on the device
 * with its time and goes to the server through the outbox (`time_punch`, idempotent by its id),
 * like a sale. The last punch is kept on the device per person to offer only what may follow (none
 * known: clocking in); a punch the server cannot place (another device punched in between) comes
 * back as a rejected outbox item for a manager to correct.
 */
export default function ClockScreen({ onClose }: { onClose(): void }) {
  const { t, i18n } = useTranslation();
  const { db, session, engine } = useRegister();
  const locale = intlLocale(i18n.language);
  const key = `clock:${session?.staffId ?? ''}`;
  const [last, setLast] = useState<LastPunch | null>(null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void db.meta.get(key).then((row) => setLast((row?.value as LastPunch | undefined) ?? null));
  }, [db, key]);

  async function punch(type: Punch) {
    if (!session || busy) return;
    setBusy(true);
    setMessage(null);
    try {
      const at = new Date().toISOString();
      const next: LastPunch = { type, at };
      // The punch and the state it leaves commit together: a crash keeps both or neither.
      await db.transaction('rw', [db.outbox, db.meta], async () => {
        await db.outbox.add({ id: uuidv7(), kind: 'time_punch', payload: { type, staffId: session.staffId, occurredAt: at }, status: 'pending', attempts: 0, error: null, createdAt: at });
        await db.meta.put({ key, value: next });
      });
      setLast(next);
      setMessage({ tone: 'ok', text: t(`clock.state_${type}`, { time: formatTime(at, locale) }) });
      void engine?.drain();
    } catch (error) {
      setMessage({ tone: 'bad', text: t('shift.failed', { message: error instanceof Error ? error.message : String(error) }) });
    } finally {
      setBusy(false);
    }
  }

  // Nothing known on this device for this person: a day starts with clocking in.
  const allowed = last ? NEXT[last.type] : NEXT.none;
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
          {PUNCHES.map((type) => (
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
