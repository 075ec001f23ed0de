import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegister, type SessionInfo } from '../app/register-context.tsx';
import { PinPad } from '../components/PinPad.tsx';
import { useLiveQuery } from '../lib/use-live-query.ts';
import { seedReceiptCounter } from '../sync/receipt-counter.ts';
import { refreshStaff } from './staff.ts';

/** Pick a person, type the PIN. PINs are checked by the server only (it gives no offline verifier). */
export function SignInScreen() {
  const { t } = useTranslation();
  const { db, api, device, engine, session, signedIn, cancelSwitch } = useRegister();
  const staff = useLiveQuery(() => db.staff.orderBy('name').toArray(), [db], []);
  const [chosen, setChosen] = useState<{ id: string; name: string } | null>(null);
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    if (device) void refreshStaff(db, api, device.credential);
  }, [db, api, device]);

  async function submit() {
    if (!device || !chosen || pin.length < 4) return;
    setBusy('…');
    setMessage(null);
    const answer = await api.call<{ token: string; staffId: string; name: string }>('POST', '/api/v1/auth/pin', { body: { staffId: chosen.id, pin }, token: device.credential });
    setPin('');
    if (!answer.ok) {
      setBusy(null);
      const e = answer.error;
      setMessage(e.status === 0 ? t('signIn.offline') : e.code === 'AUTH_STAFF_LOCKED' ? t('signIn.locked') : e.code === 'AUTH_DEVICE_BACKOFF' ? t('signIn.wait', { seconds: e.retryAfter ?? 30 }) : t('signIn.wrongPin'));
      return;
    }
    const next: SessionInfo = { token: answer.value.token, staffId: answer.value.staffId, name: answer.value.name };
    await db.meta.put({ key: 'session', value: next });
    await seedReceiptCounter(db, api, next.token, device.registerId);
    if ((await db.items.count()) === 0) {
      // First sign-in on this device: the catalogue snapshot comes before the first sale.
      setBusy(t('signIn.loadingCatalog'));
      await engine?.pullCatalog();
    } else {
      void engine?.pullCatalog();
    }
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
