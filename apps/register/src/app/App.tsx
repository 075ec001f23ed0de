import { useTranslation } from 'react-i18next';
import { StatusBar } from '../components/StatusBar.tsx';
import { EnrolScreen } from '../screens/EnrolScreen.tsx';
import { SignInScreen } from '../screens/SignInScreen.tsx';
import { SellScreen } from '../screens/sell/SellScreen.tsx';
import { InsecureContextScreen } from './InsecureContextScreen.tsx';
import { useRegister } from './register-context.tsx';

/** Enrol once, sign in with a PIN, sell. */
export function App() {
  const { t } = useTranslation();
  const { phase, session, status, switchCashier } = useRegister();
  // http:// on a LAN address: explain instead of failing later without service worker, storage or WebCrypto.
  if (!window.isSecureContext) return <InsecureContextScreen />;
  if (phase === 'loading') return <p className="centered">{t('app.loading')}</p>;
  if (phase === 'enrol') return <EnrolScreen />;
  if (phase === 'signIn')
    return (
      <div className="app">
        <StatusBar />
        <SignInScreen />
      </div>
    );
  return (
    <>
      {session?.offline && status.online && (
        // Signed in offline, server reachable again: what needs a server session waits for one online PIN check.
        <p className="banner warn" role="status" style={{ position: 'fixed', left: '1rem', right: '1rem', bottom: '1rem', zIndex: 20, margin: 0 }} data-testid="offline-session">
          {t('signIn.offlineSessionBack')}{' '}
          <button type="button" className="btn secondary" onClick={switchCashier}>{t('signIn.signInAgain')}</button>
        </p>
      )}
      <SellScreen />
    </>
  );
}
