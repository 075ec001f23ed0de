import { getMeta, type RegisterDatabase } from '../db/database.ts';
import type { ApiClient, ApiError } from '../sync/api.ts';
import type { PrintJob } from './receipt-print.ts';

/**
 * E-mailing a receipt goes through the server (RECEIPTS.md, E-mail): the register asks for an
 * e-mail job, the server's outbox sends it once per job id. The server renders the receipt from
 * the recorded sale, so the job can be asked for only once the sale has arrived. Until then the
 * request waits on the device (`meta` entry `receiptEmails`), so it is sent when the sale gets
 * there: by the receipt screen while it is open, else by the sell screen, also after a reload.
 */
export interface ReceiptEmailRequest {
  /** The job id: made once per request, so a double tap or a retry after a lost answer sends one e-mail. */
  id: string;
  saleId: string;
  to: string;
  locale: 'nl' | 'en';
  requestedAt: string;
}

/** The server's job status (contracts `JobStatus`), the same for print and e-mail jobs. */
export type EmailJob = PrintJob;

export type Delivery =
  | { kind: 'queued'; job: EmailJob }
  /** No answer, no valid session or server trouble: the request keeps waiting and is sent again later. */
  | { kind: 'notYet'; error: ApiError }
  /** The server will never take this request (e.g. the sale is unknown there): it is dropped. */
  | { kind: 'refused'; error: ApiError };

const KEY = 'receiptEmails';

/**
 * The server's own check (JSON Schema format `email` as ajv-formats checks it), so an address the
 * register accepts is never refused by the server after the customer has left.
 */
const ADDRESS =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

export function isEmailAddress(text: string): boolean {
  return text.length <= 254 && ADDRESS.test(text);
}

export async function waitingReceiptEmails(db: RegisterDatabase): Promise<ReceiptEmailRequest[]> {
  return (await getMeta<ReceiptEmailRequest[]>(db, KEY)) ?? [];
}

/** Changes the waiting list in one transaction (another tab may change it at the same moment). */
async function changeWaiting(
  db: RegisterDatabase,
  change: (list: ReceiptEmailRequest[]) => ReceiptEmailRequest[],
): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const list = ((await db.meta.get(KEY))?.value as ReceiptEmailRequest[] | undefined) ?? [];
    await db.meta.put({ key: KEY, value: change(list) });
  });
}

/**
 * Keeps a request until the server has taken it. `replacing` drops an earlier request for the
 * same receipt that has not gone out yet: a corrected address must not send to the mistyped one.
 */
export function keepReceiptEmail(
  db: RegisterDatabase,
  request: ReceiptEmailRequest,
  replacing?: string,
): Promise<void> {
  return changeWaiting(db, (list) => [
    ...list.filter((r) => r.id !== request.id && r.id !== replacing),
    request,
  ]);
}

function forget(db: RegisterDatabase, id: string): Promise<void> {
  return changeWaiting(db, (list) => list.filter((r) => r.id !== id));
}

/** Worth asking again later: no answer, no valid session (yet), or the server is in trouble. */
const isTransient = (error: ApiError) =>
  error.status === 0 ||
  error.status === 401 ||
  error.status === 408 ||
  error.status === 429 ||
  error.status >= 500;

const inFlight = new Map<string, Promise<Delivery>>();

/**
 * Asks the server for the e-mail job. One call per job id at a time (the receipt screen and the
 * sell screen may both try): a second caller shares the first one's answer. The server dedupes
 * by job id anyway, so asking again after a lost answer queues nothing twice.
 */
export function deliverReceiptEmail(
  db: RegisterDatabase,
  api: ApiClient,
  token: string,
  request: ReceiptEmailRequest,
): Promise<Delivery> {
  let running = inFlight.get(request.id);
  if (!running) {
    running = deliver(db, api, token, request).finally(() => inFlight.delete(request.id));
    inFlight.set(request.id, running);
  }
  return running;
}

async function deliver(
  db: RegisterDatabase,
  api: ApiClient,
  token: string,
  request: ReceiptEmailRequest,
): Promise<Delivery> {
  const answer = await api.call<EmailJob>('POST', `/api/v1/sales/${request.saleId}/emails`, {
    token,
    body: { id: request.id, to: request.to, locale: request.locale },
  });
  if (!answer.ok && isTransient(answer.error)) return { kind: 'notYet', error: answer.error };
  await forget(db, request.id);
  return answer.ok ? { kind: 'queued', job: answer.value } : { kind: 'refused', error: answer.error };
}

/** Sends every waiting request whose sale has reached the server; the rest keep waiting. */
export async function sendWaitingReceiptEmails(
  db: RegisterDatabase,
  api: ApiClient,
  token: string,
): Promise<void> {
  for (const request of await waitingReceiptEmails(db)) {
    const sale = await db.sales.get(request.saleId);
    // A sale no longer on the device cannot be told apart from one never made here: nothing to wait for.
    if (!sale) await forget(db, request.id);
    else if (sale.syncedAt) await deliverReceiptEmail(db, api, token, request);
  }
}

export function emailJob(api: ApiClient, token: string, jobId: string) {
  return api.call<EmailJob>('GET', `/api/v1/jobs/${jobId}`, { token });
}
