import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ErrorCondition,
  NexoSecurityError,
  PaymentData,
  decryptNexoMessage,
  encryptNexoMessage,
  fromNexoAmount,
  isSecuredMessage,
  maskedOnly,
  offlineLimitOf,
  type NexoSecurityKey,
  type MessageHeader,
  type SaleToPOIRequest,
  type SaleToPOIResponse,
  type TerminalApiRequest,
  type TerminalApiResponse,
} from '../modules/payments/index.ts';
import { behaviourFor, FAST_DELAYS, refundBehaviourFor, type Behaviour, type SimulatorDelays } from './test-amounts.ts';
import { cardFor, entryModeFor, maskPan, type TestCard } from './test-cards.ts';
import { approvedPayment, failedPayment, offlineUploadState, paymentMessage, providerReference, rejectMessage, responseHeader, reversalMessage, reversalResponse, statusMessage } from './sim-responses.ts';

export interface LedgerEntry {
  /** The nexo ServiceID of the operation that moved the money. */
  serviceId: string;
  saleId: string;
  poiId: string;
  kind: 'charge' | 'refund' | 'reversal';
  /** Minor units; negative for money back to the card. */
  amount: number;
  currency: string;
  reference: string;
  /** For reversals: the reference of the charge reversed. */
  originalReference: string | null;
  maskedPan: string | null;
  at: string;
  /** A charge the terminal approved alone (acquirer unreachable), and where its upload stands. */
  offline?: { upload: 'pending' | 'uploaded' | 'declined'; reason?: string };
}

export interface SimulatorOptions {
  port?: number;
  host?: string;
  delays?: Partial<SimulatorDelays>;
  /** Refuse a payment while another one runs on the same POIID, like a real terminal (default true). */
  oneAtATime?: boolean;
  log?: (line: string) => void;
  /** Require the nexo encryption envelope with this key, like an Adyen terminal on the local network (answers are encrypted too). */
  security?: NexoSecurityKey;
  /** Start with the acquirer unreachable (the shop's internet is down, the LAN works): store-and-forward (docs/PAYMENTS.md). */
  acquirerUnreachable?: boolean;
  /** The terminal's own offline floor limit (minor units, default 10 000), as configured at the provider; the POS's figure can only lower it. */
  floorLimit?: number;
}

export interface RunningSimulator {
  /** The Terminal API endpoint to configure in Kassa (…/nexo). */
  endpoint: string;
  port: number;
  /** Every movement of money, in order: what a test checks for double charges. */
  ledger(): LedgerEntry[];
  /** ServiceIDs of operations still running (a test waits for one before pulling a plug). */
  running(): string[];
  /** The full PANs the simulator "read" (internal only; the PCI scan's positive control). */
  cardsRead(): TestCard[];
  /** Cuts or restores the line to the acquirer; restoring uploads the stored offline transactions (after `uploadMs`). Also `POST /sim/acquirer {"reachable": …}`. */
  setAcquirerReachable(reachable: boolean): void;
  /** Resolves when no stored offline transaction waits for upload. */
  uploaded(): Promise<void>;
  close(): Promise<void>;
}

interface Tx {
  category: string;
  /** A stored offline approval: its upload state goes into later status answers. */
  offline?: { upload: 'pending' | 'uploaded' | 'declined'; reason?: string };
  poiId: string;
  stage: 'WaitingForCard' | 'PinEntry' | 'Processing';
  done: boolean;
  header?: MessageHeader;
  body?: Partial<SaleToPOIResponse>;
  abort: () => void;
}

/**
 * A card terminal on the network, speaking nexo JSON (Adyen Terminal API
 * shapes) over HTTP POST /nexo. It models entry modes, PIN, declines, slow
 * cardholders, silence, lost responses, aborts from the register and late
 * approvals (test-amounts.ts), and keeps a ledger of every charge so tests
 * can prove that nothing was charged twice.
 */
export async function startTerminalSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const delays: SimulatorDelays = { ...FAST_DELAYS, ...options.delays };
  const log = options.log ?? (() => undefined);
  const oneAtATime = options.oneAtATime ?? true;
  const txs = new Map<string, Tx>();
  const ledger: LedgerEntry[] = [];
  const cards: TestCard[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const held = new Set<http.ServerResponse>();
  let served = 0;
  let acquirerReachable = !options.acquirerUnreachable;
  const floorLimit = options.floorLimit ?? 10_000;
  // Offline approvals waiting for the acquirer, in order: the ledger entry, the transaction, and why the acquirer will refuse it (if it will).
  const queue: Array<{ entry: LedgerEntry; tx: Tx; refuse: string | null }> = [];
  let uploading: Promise<void> = Promise.resolve();
  const now = () => new Date().toISOString();
  const keyOf = (saleId: string | undefined, serviceId: string | undefined) => `${saleId ?? ''}|${serviceId ?? ''}`;

  const wait = (ms: number, tx: Tx) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => (timers.delete(timer), resolve()), ms);
      timers.add(timer);
      tx.abort = () => (clearTimeout(timer), timers.delete(timer), (tx.stage = 'Processing'), resolve());
    });

  const store = (tx: Tx, message: TerminalApiResponse) => {
    tx.done = true;
    tx.header = message.SaleToPOIResponse!.MessageHeader;
    tx.body = message.SaleToPOIResponse!;
    return message;
  };

  async function pay(request: SaleToPOIRequest, entryHeader: string | undefined, res: http.ServerResponse): Promise<TerminalApiResponse | null> {
    const header = request.MessageHeader;
    const key = keyOf(header.SaleID, header.ServiceID);
    const existing = txs.get(key);
    // A repeated ServiceID is the same operation: answer it again, never charge twice.
    if (existing) return existing.done ? { SaleToPOIResponse: existing.body as SaleToPOIResponse } : null;
    const tx: Tx = { category: 'Payment', poiId: header.POIID, stage: 'WaitingForCard', done: false, abort: () => undefined };
    const busy = oneAtATime && [...txs.values()].some((t) => !t.done && t.poiId === header.POIID && t.category === 'Payment');
    txs.set(key, tx);
    if (busy) return store(tx, paymentMessage(request, failedPayment(request, ErrorCondition.Busy, 'Terminal busy with another payment', now())));
    const amounts = request.PaymentRequest!.PaymentTransaction.AmountsReq;
    const amount = fromNexoAmount(amounts.RequestedAmount ?? 0, amounts.Currency);
    const refund = request.PaymentRequest!.PaymentData?.PaymentType === PaymentData.PaymentTypeEnum.Refund;
    const refundBehaviour = refund ? refundBehaviourFor(amount) : undefined;
    if (refundBehaviour === 'refund_refused') return store(tx, paymentMessage(request, failedPayment(request, ErrorCondition.Refusal, 'Refund refused by the acquirer', now())));
    const behaviour = refund ? (refundBehaviour === 'refund_lost_response' ? 'lost_response' : 'approve') : behaviourFor(amount);
    let aborted = false;
    const cancelled = () => store(tx, paymentMessage(request, failedPayment(request, ErrorCondition.Aborted, 'Cancelled from the register', now())));
    const waiting = wait(behaviour === 'slow' ? delays.slowMs : delays.cardMs, tx);
    const abort = tx.abort;
    tx.abort = () => ((aborted = true), abort());
    await waiting;
    if (aborted) return cancelled();
    if (behaviour === 'pin') {
      tx.stage = 'PinEntry';
      const pinWait = wait(delays.pinMs, tx);
      const pinAbort = tx.abort;
      tx.abort = () => ((aborted = true), pinAbort());
      await pinWait;
      if (aborted) return cancelled();
    }
    tx.stage = 'Processing';
    if (!acquirerReachable && !refund) return payOffline(request, header, tx, behaviour, amount, amounts.Currency, entryHeader, res);
    if (!acquirerReachable) return store(tx, paymentMessage(request, failedPayment(request, ErrorCondition.Refusal, 'Acquirer unreachable: a refund needs the acquirer, try again when the terminal is online', now())));
    if (behaviour === 'insufficient_funds') return store(tx, paymentMessage(request, failedPayment(request, ErrorCondition.Refusal, 'Not enough balance', now())));
    if (behaviour === 'card_blocked') return store(tx, paymentMessage(request, failedPayment(request, ErrorCondition.Refusal, 'Blocked Card', now())));
    const card = cardFor(served++);
    cards.push(card);
    const entryMode = behaviour === 'pin' ? 'chip' : entryModeFor(served, entryHeader);
    const approve = () => {
      const reference = providerReference();
      const at = now();
      ledger.push({ serviceId: header.ServiceID ?? '', saleId: header.SaleID ?? '', poiId: header.POIID, kind: refund ? 'refund' : 'charge', amount: refund ? -amount : amount, currency: amounts.Currency, reference, originalReference: null, maskedPan: maskPan(card.pan), at });
      return paymentMessage(request, approvedPayment(request, header.POIID, { card, entryMode, amount, currency: amounts.Currency, reference, now: at, pin: behaviour === 'pin' }));
    };
    if (behaviour === 'late_approval') {
      const declined = store(tx, paymentMessage(request, failedPayment(request, ErrorCondition.Refusal, 'Issuer unavailable', now())));
      // The host approves after the terminal already reported a decline: only a status query shows it.
      const timer = setTimeout(() => (timers.delete(timer), store(tx, approve())), delays.lateApprovalMs);
      timers.add(timer);
      return declined;
    }
    const approved = store(tx, approve());
    if (behaviour === 'lost_response') {
      res.socket?.destroy();
      return null;
    }
    if (behaviour === 'no_response') {
      held.add(res);
      return null;
    }
    return approved;
  }

  /**
   * The acquirer cannot be reached: approve alone within the offline limit (the POS's figure for this
   * payment, never above the terminal's floor limit; ForceOnlineFlag means 0), keep the transaction
   * for upload, else decline. The card itself can still refuse (blocked, …,13); what only the
   * issuer knows (…,05 insufficient funds) is found out at upload: declined then.
   */
  function payOffline(request: SaleToPOIRequest, header: MessageHeader, tx: Tx, behaviour: Behaviour, amount: number, currency: string, entryHeader: string | undefined, res: http.ServerResponse): TerminalApiResponse | null {
    if (behaviour === 'card_blocked') return store(tx, paymentMessage(request, failedPayment(request, ErrorCondition.Refusal, 'Blocked Card', now())));
    const asked = offlineLimitOf(request);
    const limit = Math.min(asked.limit ?? floorLimit, floorLimit);
    if (asked.forceOnline || amount > limit) {
      const why = amount > limit ? `${amount} is above the offline limit of ${limit} for this payment (minor units)` : 'the POS asked for online only (ForceOnlineFlag)';
      const reason = `Offline limit exceeded: the acquirer is unreachable and ${why}`;
      return store(tx, paymentMessage(request, failedPayment(request, ErrorCondition.Refusal, reason, now())));
    }
    const card = cardFor(served++);
    cards.push(card);
    const reference = providerReference();
    const at = now();
    const entry: LedgerEntry = { serviceId: header.ServiceID ?? '', saleId: header.SaleID ?? '', poiId: header.POIID, kind: 'charge', amount, currency, reference, originalReference: null, maskedPan: maskPan(card.pan), at, offline: { upload: 'pending' } };
    ledger.push(entry);
    tx.offline = { upload: 'pending' };
    queue.push({ entry, tx, refuse: behaviour === 'insufficient_funds' ? 'Not enough balance' : null });
    const entryMode = behaviour === 'pin' ? 'chip' : entryModeFor(served, entryHeader);
    const approved = store(tx, paymentMessage(request, approvedPayment(request, header.POIID, { card, entryMode, amount, currency, reference, now: at, pin: behaviour === 'pin', offline: true })));
    if (behaviour === 'lost_response') return void res.socket?.destroy(), null;
    if (behaviour === 'no_response') return void held.add(res), null;
    return approved;
  }

  /** The line to the acquirer is back: the stored transactions go up in order, each uploaded or refused. */
  function upload(): Promise<void> {
    uploading = uploading.then(async () => {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => (timers.delete(timer), resolve()), delays.uploadMs);
        timers.add(timer);
      });
      while (acquirerReachable && queue.length > 0) {
        const next = queue.shift()!;
        const result = next.refuse ? { upload: 'declined' as const, reason: next.refuse } : { upload: 'uploaded' as const };
        next.entry.offline = result;
        next.tx.offline = result;
        log(`upload ${next.entry.serviceId} → ${result.upload}${next.refuse ? ` (${next.refuse})` : ''}`);
      }
    });
    return uploading;
  }

  function setAcquirerReachable(reachable: boolean): void {
    acquirerReachable = reachable;
    log(`acquirer ${reachable ? 'reachable' : 'unreachable'}`);
    if (reachable) void upload();
  }

  function reverse(request: SaleToPOIRequest, res: http.ServerResponse): TerminalApiResponse | null {
    const header = request.MessageHeader;
    const body = request.ReversalRequest!;
    const tx: Tx = { category: 'Reversal', poiId: header.POIID, stage: 'Processing', done: false, abort: () => undefined };
    const key = keyOf(header.SaleID, header.ServiceID);
    const existing = txs.get(key);
    if (existing?.done) return { SaleToPOIResponse: existing.body as SaleToPOIResponse };
    txs.set(key, tx);
    const reference = body.OriginalPOITransaction.POITransactionID?.TransactionID;
    const charge = ledger.find((e) => e.kind === 'charge' && e.reference === reference);
    if (!charge) return store(tx, reversalMessage(request, reversalResponse(false, '', now(), undefined, `No payment ${reference ?? ''} to reverse`)));
    // Like a referenced refund on a real terminal, a reversal needs the acquirer (an offline charge is uploaded first, then reversed).
    if (!acquirerReachable) return store(tx, reversalMessage(request, reversalResponse(false, '', now(), undefined, 'Acquirer unreachable: the reversal needs the acquirer, try again when the terminal is online')));
    const reversed = -ledger.filter((e) => e.originalReference === reference).reduce((sum, e) => sum + e.amount, 0);
    const amount = body.ReversedAmount !== undefined ? fromNexoAmount(body.ReversedAmount, charge.currency) : charge.amount - reversed;
    if (amount <= 0 || amount > charge.amount - reversed) {
      return store(tx, reversalMessage(request, reversalResponse(false, '', now(), undefined, `Only ${charge.amount - reversed} of payment ${reference} is left to reverse`)));
    }
    const behaviour = refundBehaviourFor(amount);
    if (behaviour === 'refund_refused') return store(tx, reversalMessage(request, reversalResponse(false, '', now(), undefined, 'Refund refused by the acquirer')));
    const at = now();
    const ref = providerReference();
    ledger.push({ serviceId: header.ServiceID ?? '', saleId: header.SaleID ?? '', poiId: header.POIID, kind: 'reversal', amount: -amount, currency: charge.currency, reference: ref, originalReference: charge.reference, maskedPan: charge.maskedPan, at });
    const answer = store(tx, reversalMessage(request, reversalResponse(true, ref, at, body.ReversedAmount)));
    if (behaviour !== 'refund_lost_response') return answer;
    // The money went back to the card, but the answer never reaches Kassa: only a status query shows it.
    res.socket?.destroy();
    return null;
  }

  function status(request: SaleToPOIRequest): TerminalApiResponse {
    const ref = request.TransactionStatusRequest?.MessageReference;
    const tx = txs.get(keyOf(ref?.SaleID ?? request.MessageHeader.SaleID, ref?.ServiceID));
    if (!tx) return statusMessage(request, null);
    if (!tx.done) return statusMessage(request, { inProgress: tx.stage });
    const payment = tx.body?.PaymentResponse;
    if (tx.offline && payment) {
      // The stored approval, with where its upload stands now.
      const body = { ...tx.body, PaymentResponse: { ...payment, Response: { ...payment.Response, AdditionalResponse: offlineUploadState(tx.offline.upload, tx.offline.reason) } } };
      return statusMessage(request, { header: tx.header!, body });
    }
    return statusMessage(request, { header: tx.header!, body: tx.body! });
  }

  async function handle(message: TerminalApiRequest, entryHeader: string | undefined, res: http.ServerResponse): Promise<TerminalApiResponse | null | undefined> {
    const request = message.SaleToPOIRequest;
    const header = request?.MessageHeader;
    if (!header) return undefined;
    if (request.PaymentRequest) return pay(request, entryHeader, res);
    if (request.ReversalRequest) return reverse(request, res);
    if (request.TransactionStatusRequest) return status(request);
    if (request.AbortRequest) {
      const ref = request.AbortRequest.MessageReference;
      const tx = txs.get(keyOf(ref.SaleID ?? header.SaleID, ref.ServiceID));
      if (tx && !tx.done && tx.stage !== 'Processing') tx.abort();
      return { SaleToPOIResponse: { MessageHeader: responseHeader(header) } };
    }
    return undefined;
  }

  // With a key configured, only messages in the envelope are processed: a real terminal never acts on a message it cannot authenticate.
  function open(received: TerminalApiRequest): { message: TerminalApiRequest } | { rejected: string } {
    const security = options.security;
    if (!security) return { message: received };
    const secured = received.SaleToPOIRequest as unknown;
    if (!isSecuredMessage(secured)) return { rejected: 'this terminal only takes messages in the nexo encryption envelope (SecurityTrailer)' };
    try {
      return { message: decryptNexoMessage(secured, security) as TerminalApiRequest };
    } catch (error) {
      if (error instanceof NexoSecurityError) return { rejected: error.message };
      throw error;
    }
  }

  function seal(answer: TerminalApiResponse): unknown {
    const security = options.security;
    const header = answer.SaleToPOIResponse?.MessageHeader;
    return security && header ? { SaleToPOIResponse: encryptNexoMessage(answer, header, security) } : answer;
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        if (req.method === 'GET' && req.url === '/sim/ledger') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ledger));
        if (req.url === '/sim/acquirer' && (req.method === 'GET' || req.method === 'POST')) {
          if (req.method === 'POST') {
            const wanted = (() => {
              try {
                return (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { reachable?: unknown }).reachable;
              } catch {
                return undefined;
              }
            })();
            if (typeof wanted !== 'boolean') return void res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'send {"reachable": true} or {"reachable": false}' }));
            setAcquirerReachable(wanted);
          }
          const pending = queue.length;
          return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ reachable: acquirerReachable, pendingUploads: pending }));
        }
        if (req.method !== 'POST' || req.url !== '/nexo') return void res.writeHead(404).end();
        let received: TerminalApiRequest;
        try {
          received = JSON.parse(Buffer.concat(chunks).toString('utf8')) as TerminalApiRequest;
        } catch {
          return void res.writeHead(400).end();
        }
        const opened = open(received);
        if ('rejected' in opened) {
          log(`rejected: ${opened.rejected}`);
          return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rejectMessage(received.SaleToPOIRequest?.MessageHeader, opened.rejected, now())));
        }
        const message = opened.message;
        const entry = req.headers['x-kassa-sim-entry-mode'];
        const answer = await handle(message, typeof entry === 'string' ? entry : undefined, res);
        if (answer === undefined) return void res.writeHead(400).end();
        if (answer === null) return;
        const h = message.SaleToPOIRequest.MessageHeader;
        log(`${h.MessageCategory} ${h.ServiceID ?? ''} → ${describe(answer)}`);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(seal(answer)));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://${options.host ?? '127.0.0.1'}:${port}/nexo`,
    port,
    ledger: () => ledger.map((e) => ({ ...e })),
    running: () => [...txs.entries()].filter(([, tx]) => !tx.done).map(([key]) => key.split('|')[1]!),
    cardsRead: () => [...cards],
    setAcquirerReachable,
    uploaded: async () => {
      while (queue.length > 0 || !acquirerReachable) {
        if (!acquirerReachable) throw new Error('the acquirer is unreachable: nothing is uploaded');
        await uploading;
        if (queue.length > 0) await upload();
      }
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const res of held) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One log line per answer: the result and, for cards, only the masked PAN. */
function describe(answer: TerminalApiResponse): string {
  const r = answer.SaleToPOIResponse;
  const response = r?.PaymentResponse ?? r?.ReversalResponse ?? r?.TransactionStatusResponse;
  if (!response) return 'ok';
  const card = r?.PaymentResponse?.PaymentResult?.PaymentInstrumentData?.CardData;
  return `${String(response.Response.Result)} ${String(response.Response.ErrorCondition ?? '')} ${maskedOnly(card?.MaskedPan)} ${card?.PaymentBrand ?? ''}`.trim();
}
