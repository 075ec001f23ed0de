import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegister } from '../../app/register-context.tsx';
import { PinPad } from '../../components/PinPad.tsx';
import type { CartApproval } from '../../db/database.ts';
import { useLiveQuery } from '../../lib/use-live-query.ts';
import { requestApproval } from '../../sale/approvals.ts';
import type { ApiError } from '../../sync/api.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import type { OfflineOverrideCheck } from '../../app/waiting-guard.ts';

export interface ApprovalRequest {
  permission: string;
  /** What is being approved, in words (shown, and sent as the approval's reason). */
  what: string;
  lineId: string | null;
}

/** How the approval was given: by the server, or (where the caller allows it) by the PIN checked on this device. */
export type ApprovalMethod = 'server' | 'offline_pin';

/**
 * A manager approves on the same screen with their PIN (STAFF.md, Manager approvals). The server
 * checks the PIN and that this person may approve; the approval is journaled there and carried by the sale.
 * With `checkOffline`, a server that cannot be reached (or an offline session) has the PIN checked on
 * this device instead; with `includeSelf`, the signed-in person may approve their own action.
 */
export default function ApprovalDialog({
  request,
  onApproved,
  onCancel,
  checkOffline,
  includeSelf = false,
}: {
  request: ApprovalRequest;
  onApproved(a: CartApproval, method: ApprovalMethod): void;
  onCancel(): void;
  checkOffline?: (staffId: string, pin: string) => Promise<OfflineOverrideCheck>;
  includeSelf?: boolean;
}) {
  const { t } = useTranslation();
  const { db, api, session } = useRegister();
  const staff = useLiveQuery(() => db.staff.orderBy('name').toArray(), [db], []);
  const approvers = includeSelf ? staff : staff.filter((s) => s.id !== session?.staffId);
  const approval = (approvalId: string) => ({ permission: request.permission, approvalId, approverStaffId: chosen!.id, approverName: chosen!.name, lineId: request.lineId, what: request.what });

  async function approveOnDevice(typed: string) {
    const check = await checkOffline!(chosen!.id, typed);
    if (check.ok) return onApproved(approval(uuidv7()), 'offline_pin');
    setMessage(
      check.reason === 'notApprover' ? t('saleApproval.notApprover', { name: chosen!.name }) :
      check.reason === 'locked' ? t('signIn.locked') :
      check.reason === 'wait' ? t('signIn.wait', { seconds: check.retryAfterSeconds ?? 30 }) :
      check.reason === 'unavailable' ? t('saleApproval.noOfflinePin', { name: chosen!.name }) :
      t('signIn.wrongPin'),
    );
  }
  const [chosen, setChosen] = useState<{ id: string; name: string } | null>(null);
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    if (!chosen || pin.length < 4 || !session || busy) return;
    setBusy(true);
    setMessage(null);
    const typed = pin;
    setPin('');
    try {
      // An offline session has no server token to ask with: the device decides, where allowed.
      if (session.offline && checkOffline) return await approveOnDevice(typed);
      const answer = await requestApproval(api, session.token, { approverStaffId: chosen.id, pin: typed, permission: request.permission, reason: request.what.slice(0, 500) });
      if (answer.ok) return onApproved(approval(answer.value.approvalId), 'server');
      if (answer.error.status === 0 && checkOffline) return await approveOnDevice(typed);
      showRefusal(answer.error);
    } finally {
      setBusy(false);
    }
  }

  function showRefusal(e: ApiError) {
    setMessage(
      e.status === 0 ? t('saleApproval.offline') :
      e.code === 'AUTH_NOT_APPROVER' ? t('saleApproval.notApprover', { name: chosen?.name ?? '' }) :
      e.code === 'AUTH_STAFF_LOCKED' ? t('signIn.locked') :
      e.code === 'AUTH_DEVICE_BACKOFF' ? t('signIn.wait', { seconds: e.retryAfter ?? 30 }) :
      e.code === 'AUTH_INVALID_CREDENTIALS' ? t('signIn.wrongPin') :
      t('saleApproval.failed', { message: e.message }),
    );
  }

  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="approval-title" data-testid="approval-dialog">
      <section className="card wide">
        <h2 id="approval-title">{t('saleApproval.title')}</h2>
        <p><strong>{request.what}</strong></p>
        <p className="muted">{chosen ? t('saleApproval.pinFor', { name: chosen.name }) : t('saleApproval.pick')}</p>
        {!chosen && (
          <ul className="tiles" aria-label={t('saleApproval.pick')}>
            {approvers.map((s) => (
              <li key={s.id}>
                <button type="button" className="tile" onClick={() => setChosen(s)}>{s.name}</button>
              </li>
            ))}
          </ul>
        )}
        {chosen && (
          <PinPad pin={pin} setPin={setPin} onSubmit={() => void submit()} submitLabel={t('saleApproval.approve')} busy={busy} name="approval-pin" />
        )}
        {message && <p className="banner bad" role="alert" data-testid="approval-message">{message}</p>}
        <div className="row">
          {chosen && <button type="button" className="btn secondary" onClick={() => { setChosen(null); setMessage(null); setPin(''); }}>{t('saleApproval.otherPerson')}</button>}
          <button type="button" className="btn secondary" onClick={onCancel} data-testid="approval-cancel">{t('saleApproval.cancel')}</button>
        </div>
      </section>
    </div>
  );
}
