import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegister } from '../../app/register-context.tsx';
import { useLiveQuery } from '../../lib/use-live-query.ts';
import type { ApiResult } from '../../sync/api.ts';

/** One attempt of a request, with the approval header when a manager approved (STAFF.md, Manager approvals). */
export type Attempt<T> = (headers?: Record<string, string>) => Promise<ApiResult<T>>;

const permissionLabel = (permission: string) => `approval.permission_${permission.replace(/\./g, '_')}`;

/**
 * Runs a request; when the server answers AUTH_APPROVAL_REQUIRED, asks a manager for their PIN on
 * this register (`POST /approvals`) and repeats the request once with `X-Kassa-Approval`.
 * `approve(permission)` alone gets an approval for work the outbox sends later.
 */
export function useApproval(): {
  run<T>(attempt: Attempt<T>): Promise<ApiResult<T> | null>;
  approve(permission: string): Promise<string | null>;
  prompt: ReactNode;
} {
  const [asking, setAsking] = useState<string | null>(null);
  const resolver = useRef<((token: string | null) => void) | null>(null);

  function approve(permission: string): Promise<string | null> {
    return new Promise((resolve) => {
      resolver.current = resolve;
      setAsking(permission);
    });
  }

  async function run<T>(attempt: Attempt<T>): Promise<ApiResult<T> | null> {
    const first = await attempt();
    if (first.ok || first.error.code !== 'AUTH_APPROVAL_REQUIRED') return first;
    const token = await approve(String(first.error.details?.permission ?? ''));
    if (!token) return null;
    return attempt({ 'x-kassa-approval': token });
  }

  const done = (token: string | null) => {
    setAsking(null);
    resolver.current?.(token);
    resolver.current = null;
  };
  return { run, approve, prompt: asking ? <ApprovalDialog permission={asking} onDone={done} /> : null };
}

function ApprovalDialog({ permission, onDone }: { permission: string; onDone(token: string | null): void }) {
  const { t } = useTranslation();
  const { db, api, session } = useRegister();
  const staff = useLiveQuery(() => db.staff.orderBy('name').toArray(), [db], []);
  const [approver, setApprover] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    if (!approver || pin.length < 4 || busy) return;
    setBusy(true);
    setMessage(null);
    const answer = await api.call<{ token: string }>('POST', '/api/v1/approvals', { body: { approverStaffId: approver, pin, permission }, token: session?.token ?? null });
    setBusy(false);
    setPin('');
    if (answer.ok) return onDone(answer.value.token);
    setMessage(answer.error.status === 0 ? t('shift.networkNeeded') : t('approval.wrongPin'));
  }

  return (
    <div className="overlay approval" role="dialog" aria-modal="true" aria-labelledby="approval-title" onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); onDone(null); } }}>
      <section className="card">
        <h2 id="approval-title">{t('approval.title')}</h2>
        <p>{t('approval.forWhat', { what: t(permissionLabel(permission), { defaultValue: permission }) })}</p>
        <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
          <fieldset className="plain-fieldset">
            <legend>{t('approval.who')}</legend>
            <div className="grid-buttons">
              {staff.filter((s) => s.id !== session?.staffId).map((s) => (
                <button type="button" key={s.id} className={`btn${approver === s.id ? ' primary' : ''}`} aria-pressed={approver === s.id} onClick={() => setApprover(s.id)}>{s.name}</button>
              ))}
            </div>
          </fieldset>
          <label className="field">
            {t('approval.pin')}
            <input type="password" inputMode="numeric" autoComplete="off" maxLength={6} value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 6))} name="approval-pin" />
          </label>
          {message && <p className="banner bad" role="alert">{message}</p>}
          <div className="row">
            <button type="submit" className="btn primary" disabled={!approver || pin.length < 4 || busy}>{t('approval.approve')}</button>
            <button type="button" className="btn secondary" onClick={() => onDone(null)}>{t('approval.cancel')}</button>
          </div>
        </form>
      </section>
    </div>
  );
}
