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
  type NexoSecurityKey,
  type MessageHeader,
  type SaleToPOIRequest,
  type SaleToPOIResponse,
  type TerminalApiRequest,
  type TerminalApiResponse,
} from '../modules/payments/index.ts';
import { behaviourFor, FAST_DELAYS, refundBehaviourFor, type SimulatorDelays } from './test-amounts.ts';
import { cardFor, entryModeFor, maskPan, type TestCard } from './test-cards.ts';
import { approvedPayment, failedPayment, paymentMessage, providerReference, rejectMessage, responseHeader, reversalMessage, reversalResponse, statusMessage } from './sim-responses.ts';

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
  close(): Promise<void>;
}

interface Tx {
  category: string;
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
