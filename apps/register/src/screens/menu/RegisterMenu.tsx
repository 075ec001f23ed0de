import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';

// Each screen loads on demand: the first load stays small (UI.md, fast means no spinner on selling).
const ShiftScreen = lazy(() => import('../shift/ShiftScreen.tsx'));
const ReturnsScreen = lazy(() => import('../returns/ReturnsScreen.tsx'));
const ClockScreen = lazy(() => import('../clock/ClockScreen.tsx'));
const PrinterSettings = lazy(() => import('./PrinterSettings.tsx'));

type Screen = 'shift' | 'returns' | 'clock' | 'printer' | null;

/** The register menu: shift and drawer, returns, time clock, the receipt printer of this device. Opened from the status bar. */
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
        <div className="row">
          <button type="button" className="btn secondary" onClick={onClose}>{t('menu.close')}</button>
        </div>
      </section>
    </div>
  );
}
