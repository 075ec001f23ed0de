import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegister, type DeviceInfo } from '../app/register-context.tsx';
import { refreshStaff } from './staff.ts';
import { demoEnrolmentCode, useDemoRegister } from './demo-register.ts';

/** Enrol once: a one-time code from a manager (or from the demo banner's link) → a device credential. */
export function EnrolScreen() {
  const { t } = useTranslation();
  const { api, db, enrolled } = useRegister();
  const [code, setCode] = useState(() => new URLSearchParams(location.search).get('enrol') ?? '');
  const [deviceName, setDeviceName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [refused, setRefused] = useState<DeviceInfo | null>(null);
  const demo = useDemoRegister(api);

  async function enrol(enrolCode: string) {
    setBusy(true);
    setError(null);
    const answer = await api.call<DeviceInfo & { credential: string }>('POST', '/api/v1/devices/enrol', { body: { code: enrolCode.trim(), ...(deviceName ? { deviceName } : {}) } });
    setBusy(false);
    if (!answer.ok) {
      setError(answer.error.status === 0 ? t('enrol.offline') : t('enrol.failed', { message: answer.error.message }));
      return;
    }
    const device: DeviceInfo = { deviceId: answer.value.deviceId, credential: answer.value.credential, registerId: answer.value.registerId, storeId: answer.value.storeId };
    // Keep the one-time code out of the address bar and history.
    history.replaceState(null, '', location.pathname);
    await refreshStaff(db, api, device.credential);
    await finish(device);
  }

  // Demo mode: a fresh code from the server, so the plain address works after the banner's link expired.
  async function enrolDemo() {
    setBusy(true);
    setError(null);
    const answer = await demoEnrolmentCode(api);
    if (!answer.ok) {
      setBusy(false);
      setError(answer.error.status === 0 ? t('enrol.offline') : t('enrol.failed', { message: answer.error.message }));
      return;
    }
    await enrol(answer.value.code);
  }

  async function finish(device: DeviceInfo, force = false) {
    // IndexedDB may be evicted under storage pressure unless the origin is persistent (DOMAIN.md, Durability).
    const persisted = (await navigator.storage?.persist?.()) ?? false;
    if (!persisted && !force) {
      await db.meta.put({ key: 'device', value: device });
      setRefused(device);
      return;
    }
    await enrolled(device);
  }

  useEffect(() => {
    if (code && new URLSearchParams(location.search).has('enrol')) void enrol(code);
    // Only the code from the link is submitted on its own, once.
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void enrol(code);
  };

  if (refused) {
    return (
      <main className="centered">
        <section className="card" role="alertdialog" aria-labelledby="persist-title">
          <h1 id="persist-title">⚠ {t('enrol.persistTitle')}</h1>
          <p>{t('enrol.persistBody')}</p>
          <div className="row">
            <button type="button" className="btn" onClick={() => void finish(refused)}>{t('enrol.persistRetry')}</button>
            <button type="button" className="btn secondary" onClick={() => void finish(refused, true)}>{t('enrol.persistContinue')}</button>
          </div>
        </section>
      </main>
    );
  }

  return (
    <main className="centered">
      <form className="card" onSubmit={submit}>
        <h1>{t('enrol.title')}</h1>
        <p>{t('enrol.intro')}</p>
        {!window.isSecureContext && <p className="banner warn">{t('enrol.insecure')}</p>}
        {demo && (
          <div className="field">
            <p>{t('enrol.demoHint', { store: demo.storeName, register: demo.registerName })}</p>
            <button type="button" className="btn primary" disabled={busy} onClick={() => void enrolDemo()} data-testid="enrol-demo">{t('enrol.demo')}</button>
          </div>
        )}
        <label className="field">
          {t('enrol.code')}
          <input value={code} onChange={(e) => setCode(e.target.value)} autoFocus autoComplete="off" autoCapitalize="characters" required minLength={4} name="code" />
        </label>
        <label className="field">
          {t('enrol.deviceName')}
          <input value={deviceName} onChange={(e) => setDeviceName(e.target.value)} maxLength={80} name="deviceName" />
        </label>
        {error && <p className="banner bad" role="alert">{error}</p>}
        <button type="submit" className="btn primary" disabled={busy}>{busy ? t('enrol.busy') : t('enrol.submit')}</button>
      </form>
    </main>
  );
}
