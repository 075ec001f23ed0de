import { useTranslation } from 'react-i18next';

/**
 * Shown instead of the register when the page is not a secure context (e.g. http://192.168.1.20:3000):
 * service workers, persistent storage, Web Locks, WebCrypto and WebUSB/Web Bluetooth are all missing
 * there, so the register would fail in odd ways later. It says why and what to do (docs/REGISTER.md).
 */
export function InsecureContextScreen() {
  const { t } = useTranslation();
  const https = `https://${location.host}/`;
  return (
    <main className="centered">
      <section className="card wide" role="alert" aria-labelledby="insecure-title" data-testid="insecure-context">
        <h1 id="insecure-title">⚠ {t('insecure.title')}</h1>
        <p>{t('insecure.why', { url: location.origin })}</p>
        <h2>{t('insecure.what')}</h2>
        <ol>
          <li>
            {t('insecure.useHttps')} <a href={https}>{https}</a>
          </li>
          <li>
            {t('insecure.noHttps')} <a href="/kassa-ca.crt" download>{t('insecure.caDownload')}</a>
          </li>
          <li>{t('insecure.localhost', { port: location.port || '80' })}</li>
        </ol>
        <p>{t('insecure.docs')}</p>
      </section>
    </main>
  );
}
