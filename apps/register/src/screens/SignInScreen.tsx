import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegister, type SessionInfo } from '../app/register-context.tsx';
import { PinPad } from '../components/PinPad.tsx';
import { useLiveQuery } from '../lib/use-live-query.ts';
import { seedReceiptCounter } from '../sync/receipt-counter.ts';
import { refreshStaff } from './staff.ts';
import { refreshOfflinePins, startOfflineSession, verifyOfflinePin } from '../auth/offline-pin.ts';
import { forgetOfflinePin, rememberOfflinePin } from '../auth/session-upgrade.ts';
import { showCashierLanguage } from '../i18n/cashier-language.ts';

/** The server did not answer the PIN check at all: offline, or a proxy in front of a stopped Kassa. */
function unreachable(status: number): boolean {
  return status === 0 || status === 502 || status === 503 || status === 504;
}

/**
 * Pick a person, type the PIN. The server checks it whenever it can be reached (central lockout and
 * audit); only when it cannot does the register check it locally (auth/offline-pin.ts).
 */
export function SignInScreen() {
  const { t } = useTranslation();
  const { db, api, device, engine, session, signedIn, cancelSwitch } = useRegister();
  const staff = useLiveQuery(() => db.staff.orderBy('name').toArray(), [db], []);
  const [chosen, setChosen] = useState<{ id: string; name: string } | null>(null);
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    if (!device) return;
    void refreshStaff(db, api, device.credential);
    void refreshOfflinePins(db, api, device.credential);
  }, [db, api, device]);

  async function signInOffline(who: { id: string; name: string }, typed: string) {
    setBusy(t('signIn.checkingOffline'));
    const check = await verifyOfflinePin(db, who.id, typed);
    if (!check.ok) {
      setBusy(null);
      // A wrong PIN was queued for the server: let the status bar count it (and notice the network is gone).
      void engine?.drain();
      const seconds = check.reason === 'unavailable' ? 0 : (check.retryAfterSeconds ?? 30);
      setMessage(
        check.reason === 'unavailable' ? t('signIn.offline')
        : check.reason === 'locked' ? t('signIn.lockedOffline', { minutes: Math.ceil(seconds / 60) })
        : check.reason === 'wait' ? t('signIn.wait', { seconds })
        : t('signIn.wrongPinOffline'),
      );
      return;
    }
    const next = await startOfflineSession(db, { staffId: check.staffId, name: check.name });
    // Kept in memory only, to turn this into a server session once the server answers (auth/session-upgrade.ts).
    rememberOfflinePin(check.staffId, typed);
    // The person's language is in the device's staff list: known offline too.
    await showCashierLanguage(db, check.staffId);
    setBusy(null);
    await signedIn(next);
  }

  async function submit() {
    if (!device || !chosen || pin.length < 4) return;
    const typed = pin;
    setBusy('…');
    setMessage(null);
    const answer = await api.call<{ token: string; staffId: string; name: string }>('POST', '/api/v1/auth/pin', { body: { staffId: chosen.id, pin: typed }, token: device.credential });
    setPin('');
    if (!answer.ok) {
      const e = answer.error;
      if (unreachable(e.status)) return signInOffline(chosen, typed);
      setBusy(null);
      setMessage(e.code === 'AUTH_STAFF_LOCKED' ? t('signIn.locked') : e.code === 'AUTH_DEVICE_BACKOFF' ? t('signIn.wait', { seconds: e.retryAfter ?? 30 }) : t('signIn.wrongPin'));
      return;
    }
    forgetOfflinePin();
    const next: SessionInfo = { token: answer.value.token, staffId: answer.value.staffId, name: answer.value.name, offline: false };
    await db.meta.put({ key: 'session', value: next });
    // The server derives a missing offline verifier at this check: fetch it for the next time the network is gone.
    void refreshOfflinePins(db, api, device.credential);
    await seedReceiptCounter(db, api, next.token, device.registerId);
    if ((await db.items.count()) === 0) {
      // First sign-in on this device: the catalogue snapshot comes before the first sale.
      setBusy(t('signIn.loadingCatalog'));
      await engine?.pullCatalog();
    } else {
      void engine?.pullCatalog();
    }
    await showCashierLanguage(db, next.staffId);
    setBusy(null);
    await signedIn(next);
  }

  return (
    <main className="centered">
      <section className="card wide">
        <h1>{chosen ? t('signIn.pinFor', { name: chosen.name }) : t('signIn.title')}</h1>
        {!chosen && (
          <ul className="tiles" aria-label={t('signIn.title')}>
            {staff.length === 0 && <li>{t('signIn.noStaff')}</li>}
            {staff.map((s) => (
              <li key={s.id}>
                <button type="button" className="tile" onClick={() => setChosen(s)}>{s.name}</button>
              </li>
            ))}
          </ul>
        )}
        {chosen && (
          <PinPad pin={pin} setPin={setPin} onSubmit={() => void submit()} submitLabel={t('signIn.ok')} busy={busy !== null} name="pin" />
        )}
        {busy && busy !== '…' && <p role="status">{busy}</p>}
        {message && <p className="banner bad" role="alert">{message}</p>}
        {(chosen || session) && (
          <button type="button" className="btn secondary" onClick={() => { if (chosen) { setChosen(null); setMessage(null); } else cancelSwitch(); }}>{t('signIn.back')}</button>
        )}
      </section>
    </main>
  );
}
