import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegister } from '../app/register-context.tsx';
import { ShiftPill } from '../screens/menu/ShiftPill.tsx';
import { useMenuShortcut } from '../screens/menu/use-menu-shortcut.ts';
import { formatTime, intlLocale } from '../lib/format.ts';
import { useUpdateWaiting } from '../app/app-update.ts';
import { chooseLanguage, otherLanguage } from '../i18n/cashier-language.ts';
import { withKeys } from '../screens/sell/shortcuts.ts';
import { useDialogState } from './use-focus-return.ts';

const RegisterMenu = lazy(() => import('../screens/menu/RegisterMenu.tsx'));
const GuardedActionDialog = lazy(() => import('../screens/menu/GuardedActionDialog.tsx'));

/** One quiet bar: online/offline, items waiting, last sync, cashier, shift; loud only when action is needed. */
export function StatusBar({ onProblems, onShortcuts }: { onProblems?: () => void; onShortcuts?: () => void }) {
  const { t, i18n } = useTranslation();
  const { db, status, session, writer, persisted, storageLeft, switchCashier, phase } = useRegister();
  const updateWaiting = useUpdateWaiting();
  const [updateAsked, setUpdateAsked] = useState(false);
  const locale = intlLocale(i18n.language);
  // Closing the menu gives focus back to the menu button (or whatever had it when F9 was pressed).
  const [menuOpen, setMenuOpen] = useDialogState<true>(() => document.querySelector<HTMLElement>('[data-testid="menu-button"]'));
  const menuAllowed = session !== null && phase === 'sell' && writer !== 'readOnlyTab' && writer !== 'readOnlyElsewhere';
  useMenuShortcut(menuAllowed, () => setMenuOpen(true));
  const loud = !status.online || status.rejected > 0 || status.problem !== null || writer === 'readOnlyTab' || writer === 'readOnlyElsewhere';
  return (
    <>
    <header className={`status-bar${loud ? ' loud' : ''}`}>
      {/* The live region is the bar's items, not the header: a header is the page's banner landmark. */}
      <div className="status-items" role="status" aria-live="polite">
      {menuAllowed && (
        <button type="button" className="pill" onClick={() => setMenuOpen(true)} title={withKeys(t('menu.open'), 'menu')} aria-keyshortcuts="F9" data-testid="menu-button">
          <span aria-hidden="true">☰</span> {t('menu.open')}
        </button>
      )}
      <span className={`pill ${status.online ? 'ok' : 'bad'}`} data-testid="online-state">
        <span aria-hidden="true">{status.online ? '●' : '○'}</span> {status.online ? t('status.online') : t('status.offline')}
      </span>
      <span className="pill" data-testid="pending-count">
        {t('status.waiting', { count: status.pending })}
      </span>
      {status.rejected > 0 && (
        <button type="button" className="pill bad" onClick={onProblems}>
          ⚠ {t('status.rejected', { count: status.rejected })}
        </button>
      )}
      <span className="muted">{status.lastSyncAt ? t('status.lastSync', { time: formatTime(status.lastSyncAt, locale) }) : t('status.neverSynced')}</span>
      {status.problem && <span className="pill bad">⚠ {t(`status.${status.problem}`)}</span>}
      <span className="spacer" />
      <ShiftPill />
      {updateWaiting && menuAllowed && (
        <button type="button" className="pill warn" onClick={() => setUpdateAsked(true)} data-testid="update-waiting">
          {t('status.updateWaiting')}
        </button>
      )}
      {onShortcuts && (
        <button type="button" className="pill" onClick={onShortcuts} title={withKeys(t('shortcuts.open'), 'help')} aria-label={t('shortcuts.open')} aria-keyshortcuts="?" data-testid="shortcuts-button">
          <span aria-hidden="true">⌨ ?</span>
        </button>
      )}
      {session && phase === 'sell' && (
        <button type="button" className="pill" onClick={switchCashier} title={t('status.switchCashier')}>
          {t('status.cashier', { name: session.name })}
        </button>
      )}
      <button type="button" className="pill" onClick={() => {
          // For the signed-in cashier (remembered per person); on the sign-in screen, for the device.
          void chooseLanguage(db, phase === 'sell' ? (session?.staffId ?? null) : null, otherLanguage(i18n.language));
        }}>
        {t('status.language')}
      </button>
      </div>
      {(writer === 'readOnlyTab' || writer === 'readOnlyElsewhere') && (
        <p className="banner bad" role="alert" data-testid="read-only">
          {t(`status.${writer}`)}
        </p>
      )}
      {persisted === false && <p className="banner warn">⚠ {t('status.storageNotPersisted')}</p>}
      {storageLeft !== null && (
        <p className="banner warn" role="alert" data-testid="storage-low">
          ⚠ {t('status.storageLow', { left: formatMegabytes(storageLeft, locale) })}
        </p>
      )}
    </header>
    <Suspense fallback={null}>
      {menuOpen && <RegisterMenu onClose={() => setMenuOpen(null)} />}
      {updateAsked && <GuardedActionDialog action="app_update" onClose={() => setUpdateAsked(false)} />}
    </Suspense>
    </>
  );
}

/** "85 MB", in the cashier's number format. */
function formatMegabytes(bytes: number, locale: string): string {
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(bytes / (1024 * 1024))} MB`;
}
