import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegister } from '../../app/register-context.tsx';
import type { LocalSale } from '../../db/database.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import {
  deliverReceiptEmail,
  emailJob,
  isEmailAddress,
  keepReceiptEmail,
  type EmailJob,
  type ReceiptEmailRequest,
} from '../../sale/receipt-email.ts';

type Shown =
  | { kind: 'waitingForServer' }
  | { kind: 'sending' }
  | { kind: 'unreachable' }
  | { kind: 'queued' }
  | { kind: 'retrying'; error: string }
  | { kind: 'sent' }
  | { kind: 'failed'; error: string };

/** How long the screen follows a queued e-mail (the server keeps trying after that). */
const FOLLOW_SECONDS = 60;
const RETRY_MS = 3000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * E-mailing the receipt: the customer's address, checked here as the server checks it, then an
 * e-mail job on the server (sale/receipt-email.ts) whose progress the screen follows: queued,
 * sent, or why not. Like network printing, a sale that has not reached the server yet (offline,
 * or not acknowledged yet) waits: the request is kept on the device and goes out once the sale
 * is there, also when this screen has been closed.
 */
export function ReceiptEmail({
  sale,
  synced,
  emailConfigured,
}: {
  sale: LocalSale;
  synced: boolean;
  /** From the kept receipt profile; undefined when the server has not said (an older server, or not asked yet). */
  emailConfigured: boolean | undefined;
}) {
  const { t, i18n } = useTranslation();
  const { api, db, session, engine } = useRegister();
  const token = session?.token ?? null;
  const [open, setOpen] = useState(false);
  const [address, setAddress] = useState('');
  const [invalid, setInvalid] = useState<'empty' | 'invalid' | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  /** The request being sent, and whether it is settled (sent, or failed for good): only then does Send make a new one. */
  const current = useRef<{ request: ReceiptEmailRequest; settled: boolean } | null>(null);
  const [waiting, setWaiting] = useState<ReceiptEmailRequest | null>(null);
  const running = useRef<string | null>(null);
  const alive = useRef(true);
  const inputRef = useRef<HTMLInputElement>(null);
  const ids = useId();
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  // A request that waited for the sale to reach the server goes out as soon as it has.
  useEffect(() => {
    if (waiting && synced && running.current !== waiting.id) void run(waiting);
  }, [waiting, synced]);

  const isCurrent = (request: ReceiptEmailRequest) =>
    alive.current && current.current?.request.id === request.id;
  function settle(request: ReceiptEmailRequest, next: Shown) {
    if (!isCurrent(request)) return;
    current.current!.settled = true;
    setShown(next);
  }

  /** Asks for the job until the server answers (a lost answer is asked again with the same job id), then follows it. */
  async function run(request: ReceiptEmailRequest) {
    if (!token) return;
    running.current = request.id;
    setWaiting(null);
    setShown({ kind: 'sending' });
    for (;;) {
      const outcome = await deliverReceiptEmail(db, api, token, request);
      if (!isCurrent(request)) return;
      if (outcome.kind === 'queued') return follow(request, outcome.job);
      if (outcome.kind === 'refused')
        return settle(request, { kind: 'failed', error: outcome.error.message });
      setShown({ kind: 'unreachable' });
      await sleep(RETRY_MS);
      if (!isCurrent(request)) return;
    }
  }

  async function follow(request: ReceiptEmailRequest, first: EmailJob) {
    let job: EmailJob = first;
    for (let i = 0; i < FOLLOW_SECONDS && isCurrent(request); i += 1) {
      if (job.status === 'done') return settle(request, { kind: 'sent' });
      if (job.status === 'failed') return settle(request, { kind: 'failed', error: job.lastError ?? '' });
      setShown(job.lastError ? { kind: 'retrying', error: job.lastError } : { kind: 'queued' });
      await sleep(1000);
      const answer = token ? await emailJob(api, token, request.id) : null;
      if (answer?.ok) job = answer.value;
    }
  }

  async function send(event: FormEvent) {
    event.preventDefault();
    const to = address.trim();
    const problem = to === '' ? 'empty' : isEmailAddress(to) ? null : 'invalid';
    setInvalid(problem);
    if (problem) return inputRef.current?.focus();
    const previous = current.current;
    // A second tap on Send (or Enter) for the same address is the same request: one job id, one e-mail.
    if (previous && !previous.settled && previous.request.to === to) return;
    const request: ReceiptEmailRequest = {
      id: uuidv7(),
      saleId: sale.id,
      to,
      locale: i18n.language === 'en' ? 'en' : 'nl',
      requestedAt: new Date().toISOString(),
    };
    current.current = { request, settled: false };
    // Kept before it is sent: should the screen close or the page reload first, the sell screen sends it.
    await keepReceiptEmail(db, request, previous && !previous.settled ? previous.request.id : undefined);
    if (!isCurrent(request)) return;
    if (synced) return run(request);
    setShown({ kind: 'waitingForServer' });
    setWaiting(request);
    engine?.kick();
  }

  const to = current.current?.request.to ?? '';
  const errorId = `${ids}-error`;
  const panelId = `${ids}-panel`;
  const bad = shown?.kind === 'failed';
  return (
    <div className="email-tools no-print">
      <div className="row">
        <button
          type="button"
          className="btn"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen(!open)}
          data-testid="email-open"
        >
          ✉ {t('email.open')}
        </button>
      </div>
      {open && (
        <div id={panelId}>
          {emailConfigured === false ? (
            <p className="banner warn" role="status" data-testid="email-not-configured">
              {t('email.notConfigured')}
            </p>
          ) : (
            <form onSubmit={(event) => void send(event)} noValidate data-testid="email-form">
              <label className="field">
                {t('email.address')}
                <input
                  ref={inputRef}
                  type="email"
                  inputMode="email"
                  name="receipt-email"
                  // A shared till must not offer one customer's address to the next.
                  autoComplete="off"
                  autoCapitalize="none"
                  spellCheck={false}
                  enterKeyHint="send"
                  maxLength={254}
                  value={address}
                  onChange={(e) => {
                    setAddress(e.target.value);
                    setInvalid(null);
                  }}
                  aria-invalid={invalid !== null}
                  aria-describedby={invalid ? errorId : undefined}
                  autoFocus
                  data-testid="email-address"
                />
              </label>
              {invalid && (
                <p className="banner bad" id={errorId} role="alert" data-testid="email-error">
                  {invalid === 'empty' ? t('email.empty') : t('email.invalid', { address: address.trim() })}
                </p>
              )}
              <div className="row">
                <button type="submit" className="btn primary" data-testid="email-send">
                  {t('email.send')}
                </button>
              </div>
            </form>
          )}
        </div>
      )}
      {shown && (
        <p
          className={`banner ${shown.kind === 'sent' ? 'ok' : bad ? 'bad' : 'warn'}`}
          role={bad ? 'alert' : 'status'}
          data-testid="email-state"
          data-state={shown.kind}
        >
          {shown.kind === 'waitingForServer' && t('email.waitingForServer', { address: to })}
          {shown.kind === 'sending' && t('email.sending', { address: to })}
          {shown.kind === 'unreachable' && t('email.unreachable', { address: to })}
          {shown.kind === 'queued' && t('email.queued', { address: to })}
          {shown.kind === 'retrying' && t('email.retrying', { address: to, error: shown.error })}
          {shown.kind === 'sent' && `✓ ${t('email.sent', { address: to })}`}
          {shown.kind === 'failed' && t('email.failed', { address: to, error: shown.error })}
        </p>
      )}
    </div>
  );
}
