import { useTranslation } from 'react-i18next';
import { focusOnOpen } from '../menu/focus.ts';
import { SHORTCUTS } from './shortcuts.ts';

/** The `?` overlay: every shortcut of the register. Esc or `?` closes it; focus goes back where it was. */
export default function ShortcutsDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" data-testid="shortcuts-dialog">
      <section className="card" tabIndex={-1} ref={focusOnOpen}>
        <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
        <table className="shortcuts">
          <thead>
            <tr><th scope="col">{t('shortcuts.keys')}</th><th scope="col">{t('shortcuts.action')}</th></tr>
          </thead>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.action}>
                <td>{s.keys.map((k, i) => <span key={k}>{i > 0 && ' / '}<kbd>{k}</kbd></span>)}</td>
                <td>{t(`shortcuts.action_${s.action}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="row">
          <button type="button" className="btn secondary" onClick={onClose}>{t('shortcuts.close')}</button>
        </div>
      </section>
    </div>
  );
}
