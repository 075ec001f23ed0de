import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegister } from '../app/register-context.tsx';
import { ShiftPill } from '../screens/menu/ShiftPill.tsx';
import { useMenuShortcut } from '../screens/menu/use-menu-shortcut.ts';
import { formatTime, intlLocale } from '../lib/format.ts';
import { switchLanguage } from '../i18n/index.ts';
import { withKeys } from '../screens/sell/shortcuts.ts';
import { useDialogState } from './use-focus-return.ts';

const RegisterMenu = lazy(() => import('../screens/menu/RegisterMenu.tsx'));

/** One quiet bar: online/offline, items waiting, last sync, cashier, shift; loud only when action is needed. */
export function StatusBar({ onProblems, onShortcuts }: { onProblems?: () => void; onShortcuts?: () => void }) {
  const { t, i18n } = useTranslation();
  const { db, status, session, writer, persisted, switchCashier, phase } = useRegister();
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
          const next = i18n.language === 'nl' ? 'en' : 'nl';
          void switchLanguage(next);
          void db.meta.put({ key: 'language', value: next });
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
    </header>
    <Suspense fallback={null}>{menuOpen && <RegisterMenu onClose={() => setMenuOpen(null)} />}</Suspense>
    </>
  );
}
