import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GuardedAction } from '../../app/waiting-guard.ts';

// Each screen loads on demand: the first load stays small (UI.md, fast means no spinner on selling).
const ShiftScreen = lazy(() => import('../shift/ShiftScreen.tsx'));
const ReturnsScreen = lazy(() => import('../returns/ReturnsScreen.tsx'));
const ClockScreen = lazy(() => import('../clock/ClockScreen.tsx'));
const PrinterSettings = lazy(() => import('./PrinterSettings.tsx'));
const GuardedActionDialog = lazy(() => import('./GuardedActionDialog.tsx'));

type Screen = 'shift' | 'returns' | 'clock' | 'printer' | GuardedAction | null;

/**
 * The register menu: shift and drawer, returns, time clock, the receipt printer of this device, and
 * the device's care (sign out, reload data, reset: guarded while items wait). Opened from the status bar.
 */
export default function RegisterMenu({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const [screen, setScreen] = useState<Screen>(null);
  if (screen) {
    return (
      <Suspense fallback={null}>
        {screen === 'shift' && <ShiftScreen onClose={onClose} />}
        {screen === 'returns' && <ReturnsScreen onClose={onClose} />}
        {screen === 'clock' && <ClockScreen onClose={onClose} />}
        {screen === 'printer' && <PrinterSettings onClose={onClose} />}
        {(screen === 'sign_out' || screen === 'reload_data' || screen === 'device_reset') && <GuardedActionDialog action={screen} onClose={onClose} />}
      </Suspense>
    );
  }
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="menu-title" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <section className="card" data-testid="register-menu">
        <h2 id="menu-title">{t('menu.title')}</h2>
        <div className="menu-buttons">
          <button type="button" className="btn tile" onClick={() => setScreen('shift')} autoFocus>{t('menu.shift')}</button>
          <button type="button" className="btn tile" onClick={() => setScreen('returns')}>{t('menu.returns')}</button>
          <button type="button" className="btn tile" onClick={() => setScreen('clock')}>{t('menu.clock')}</button>
          <button type="button" className="btn tile" onClick={() => setScreen('printer')} data-testid="menu-printer">{t('menu.printer')}</button>
        </div>
        <h3>{t('menu.device')}</h3>
        <div className="menu-buttons">
          <button type="button" className="btn tile" onClick={() => setScreen('sign_out')} data-testid="menu-sign-out">{t('menu.signOut')}</button>
          <button type="button" className="btn tile" onClick={() => setScreen('reload_data')} data-testid="menu-reload-data">{t('menu.reloadData')}</button>
          <button type="button" className="btn tile" onClick={() => setScreen('device_reset')} data-testid="menu-device-reset">{t('menu.deviceReset')}</button>
        </div>
        <div className="row">
          <button type="button" className="btn secondary" onClick={onClose}>{t('menu.close')}</button>
        </div>
      </section>
    </div>
  );
}
