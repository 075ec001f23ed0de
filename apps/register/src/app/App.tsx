import { useTranslation } from 'react-i18next';
import { StatusBar } from '../components/StatusBar.tsx';
import { EnrolScreen } from '../screens/EnrolScreen.tsx';
import { SignInScreen } from '../screens/SignInScreen.tsx';
import { SellScreen } from '../screens/sell/SellScreen.tsx';
import { useRegister } from './register-context.tsx';

/** Enrol once, sign in with a PIN, sell. */
export function App() {
  const { t } = useTranslation();
  const { phase } = useRegister();
  if (phase === 'loading') return <p className="centered">{t('app.loading')}</p>;
  if (phase === 'enrol') return <EnrolScreen />;
  if (phase === 'signIn')
    return (
      <div className="app">
        <StatusBar />
        <SignInScreen />
      </div>
    );
  return <SellScreen />;
}
