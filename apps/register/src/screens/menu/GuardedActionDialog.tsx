import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegister } from '../../app/register-context.tsx';
import type { GuardOutcome } from '../../app/guarded-actions.ts';
import { checkOverrideOffline, GUARD_OVERRIDE_PERMISSION, waitingItems, type GuardedAction, type GuardOverride } from '../../app/waiting-guard.ts';
import { useLiveQuery } from '../../lib/use-live-query.ts';

const ApprovalDialog = lazy(() => import('../sell/ApprovalDialog.tsx'));

/**
 * Asks before a guarded action (app/waiting-guard.ts): what it does, what still waits to be sent
 * (with "Send now"), and, when something waits (or for a device reset, always), a manager's PIN.
 */
export default function GuardedActionDialog({ action, onClose }: { action: GuardedAction; onClose(): void }) {
  const { t } = useTranslation();
  const register = useRegister();
  const { db, engine, status } = register;
  const waiting = useLiveQuery(() => waitingItems(db), [db, status.pending, status.rejected], null);
  const [approving, setApproving] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const needsManager = action === 'device_reset' || (waiting?.count ?? 0) > 0;

  async function run(override: GuardOverride | null) {
    setBusy(true);
    setMessage(null);
    const outcome: GuardOutcome =
      action === 'sign_out' ? await register.signOut(override) :
      action === 'reload_data' ? await register.reloadData(override) :
      action === 'device_reset' ? await register.resetDevice(override!) :
      await register.updateNow(override);
    setBusy(false);
    if (outcome.ok) return onClose();
    setMessage(outcome.reason === 'waiting' ? t('guard.stillWaiting', { count: outcome.waiting.count }) : t(`guard.${outcome.reason}`));
  }

  async function sendNow() {
    setBusy(true);
    await engine?.drain();
    setBusy(false);
  }

  const what = t(`guard.${action}.what`, { count: waiting?.count ?? 0 });
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="guard-title" data-testid="guard-dialog" onKeyDown={(e) => e.key === 'Escape' && !approving && onClose()}>
      <section className="card">
        <h2 id="guard-title">{t(`guard.${action}.title`)}</h2>
        <p>{t(`guard.${action}.explain`)}</p>
        {waiting !== null && waiting.count > 0 && (
          <div className="banner warn" role="status" data-testid="guard-waiting">
            <p>{t('guard.waiting', { count: waiting.count })}{waiting.receipts && ` ${t('guard.receipts', { receipts: waiting.receipts })}`}</p>
            <p>{t('guard.overrideNeeded')}</p>
          </div>
        )}
        {message && <p className="banner bad" role="alert" data-testid="guard-message">{message}</p>}
        <div className="row">
          {waiting !== null && waiting.count > 0 && (
            <button type="button" className="btn" onClick={() => void sendNow()} disabled={busy || !status.online} data-testid="guard-send">{t('guard.sendNow')}</button>
          )}
          <button
            type="button"
            className={`btn ${needsManager ? 'secondary' : 'primary'}`}
            disabled={busy || waiting === null}
            onClick={() => (needsManager ? setApproving(true) : void run(null))}
            data-testid="guard-confirm"
            autoFocus
          >
            {needsManager ? t('guard.managerOverride') : t(`guard.${action}.confirm`)}
          </button>
          <button type="button" className="btn secondary" onClick={onClose} disabled={busy}>{t('guard.cancel')}</button>
        </div>
      </section>
      {approving && (
        <Suspense fallback={null}>
          <ApprovalDialog
            request={{ permission: GUARD_OVERRIDE_PERMISSION, what, lineId: null }}
            includeSelf
            checkOffline={(staffId, pin) => checkOverrideOffline(db, staffId, pin)}
            onCancel={() => setApproving(false)}
            onApproved={(a, method) => {
              setApproving(false);
              void run({ approvalId: a.approvalId, approverStaffId: a.approverStaffId, approverName: a.approverName, method });
            }}
          />
        </Suspense>
      )}
    </div>
  );
}
