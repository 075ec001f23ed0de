import type { PayInput, PaymentTerminal, ProgressEvent, RefundInput, StatusResult, TerminalCapabilities, TerminalOutcome } from '../terminal-port.ts';
import { abortRequest, paymentRequest, readAdditionalResponse, reversalRequest, transactionStatusRequest, type Addressing, type TerminalApiRequest, type TerminalApiResponse } from './nexo-messages.ts';
import { paymentOutcome, progressOf, reversalOutcome, statusOutcome } from './nexo-outcomes.ts';
import { decryptNexoMessage, encryptNexoMessage, isSecuredMessage, NexoSecurityError, type NexoSecurityKey } from './nexo-crypto.ts';

export interface AdyenAdapterOptions {
  /** Where the Terminal API listens: the simulator, a terminal on the LAN, or Adyen's cloud `…/sync` endpoint. */
  endpoint: string;
  poiId: string;
  /** Nexo SaleID: which POS (register) is talking. */
  saleId: string;
  /** Cloud Terminal API key (X-API-Key); absent for the simulator. */
  apiKey?: string;
  /** The terminal's encryption key: a terminal on the local network takes only encrypted messages (nexo-crypto.ts). */
  security?: NexoSecurityKey;
  /** How long a payment may take before it is `unknown` (a cardholder can be slow: Adyen allows ~120 s). */
  paymentTimeoutMs?: number;
  /** Timeout of status, abort and reversal calls. */
  requestTimeoutMs?: number;
  /** How often to ask for progress while a payment runs; 0 turns it off. */
  progressPollMs?: number;
  now?: () => string;
  /** ServiceIDs for the adapter's own status/abort messages. */
  nextServiceId?: () => string;
  /**
   * Adyen terminals can approve offline (store-and-forward) where Adyen enabled it for the
   * account; so does the simulator. A terminal known not to (or a shop that wants none at all
   * on it) is built with `storeAndForward: false`: Kassa then forces every payment online.
   */
  capabilities?: Partial<TerminalCapabilities>;
  /** Set when the terminal needs a key this server does not have: nothing is sent (payments are cancelled, status unreachable). */
  unavailable?: string;
}

type Sent = { ok: true; body: TerminalApiResponse } | { ok: false; delivered: boolean; message: string };

// Errors that prove the request never reached the terminal: nothing can have been charged.
const NOT_DELIVERED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

const PROGRESS: Record<string, ProgressEvent> = { WaitingForCard: 'waiting_for_card', PinEntry: 'pin_entry', Processing: 'processing' };

let counter = 0;
const defaultServiceId = () => `K${Date.now().toString(36).slice(-5)}${(counter++ % 1296).toString(36).padStart(2, '0')}`.slice(0, 10);

/**
 * The Adyen Terminal API (nexo JSON) adapter. The simulator speaks the same
 * messages, so the `simulator` terminals use this class too. With `security`
 * every message travels in the nexo encryption envelope (SecurityTrailer), as
 * local-network Adyen terminals require; Adyen's TLS root for their HTTPS
 * endpoint is not configured yet (docs/PAYMENTS.md).
 */
export class AdyenTerminalAdapter implements PaymentTerminal {
  readonly capabilities: TerminalCapabilities;
  private readonly paymentTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly progressPollMs: number;
  private readonly now: () => string;
  private readonly nextServiceId: () => string;

  constructor(private readonly options: AdyenAdapterOptions) {
    this.paymentTimeoutMs = options.paymentTimeoutMs ?? 150_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.progressPollMs = options.progressPollMs ?? 1000;
    this.now = options.now ?? (() => new Date().toISOString());
    this.nextServiceId = options.nextServiceId ?? defaultServiceId;
    this.capabilities = { storeAndForward: true, ...options.capabilities };
  }

  private to(serviceId: string): Addressing {
    return { serviceId, saleId: this.options.saleId, poiId: this.options.poiId };
  }

  private async send(request: TerminalApiRequest, timeoutMs: number): Promise<Sent> {
    if (this.options.unavailable) return { ok: false, delivered: false, message: this.options.unavailable };
    try {
      const res = await fetch(this.options.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.options.apiKey ? { 'x-api-key': this.options.apiKey } : {}) },
        body: JSON.stringify(this.seal(request)),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      if (!res.ok) return { ok: false, delivered: true, message: `terminal answered HTTP ${res.status}` };
      return { ok: true, body: this.open(text ? (JSON.parse(text) as TerminalApiResponse) : {}) };
    } catch (error) {
      // The request went out but its answer cannot be trusted: for a payment that is `unknown`, never approved.
      if (error instanceof NexoSecurityError) return { ok: false, delivered: true, message: `the terminal's answer failed the nexo security check: ${error.message}` };
      const code = (error as { cause?: { code?: string } }).cause?.code ?? '';
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      return { ok: false, delivered: !NOT_DELIVERED.has(code), message: timedOut ? `no answer within ${timeoutMs} ms` : `connection failed (${code || (error as Error).message})` };
    }
  }

  private seal(request: TerminalApiRequest): object {
    const security = this.options.security;
    return security ? { SaleToPOIRequest: encryptNexoMessage(request, request.SaleToPOIRequest.MessageHeader, security) } : request;
  }

  /** Opens an encrypted answer. A terminal rejects a message it cannot decrypt in the clear (an EventNotification); any other clear answer is refused. */
  private open(body: TerminalApiResponse): TerminalApiResponse {
    const security = this.options.security;
    const secured = body.SaleToPOIResponse as unknown;
    if (!security) return body;
    if (isSecuredMessage(secured)) return decryptNexoMessage(secured, security) as TerminalApiResponse;
    if (body.SaleToPOIRequest?.EventNotification || Object.keys(body).length === 0) return body;
    throw new NexoSecurityError('the terminal answered without the encryption envelope although a key is configured');
  }

  /** Turns what came back into an outcome; anything unreadable after delivery is `unknown`. */
  private outcomeOf(sent: Sent, read: (body: TerminalApiResponse) => TerminalOutcome | undefined): TerminalOutcome {
    if (!sent.ok) return sent.delivered ? { status: 'unknown', message: sent.message } : { status: 'cancelled', message: `terminal unreachable, nothing was sent: ${sent.message}` };
    const event = sent.body.SaleToPOIRequest?.EventNotification;
    if (event) return { status: 'cancelled', message: `terminal rejected the request: ${String(event.EventToNotify)} ${readAdditionalResponse(event.EventDetails).message ?? event.EventDetails ?? ''}`.trim() };
    return read(sent.body) ?? { status: 'unknown', message: 'the terminal answered without a result' };
  }

  async pay(input: PayInput): Promise<TerminalOutcome> {
    // A terminal without store-and-forward is never told it may approve offline.
    const offlineLimit = this.capabilities.storeAndForward ? (input.offlineLimit ?? 0) : 0;
    return this.runWithProgress(input, paymentRequest(this.to(input.serviceId), { ...input, offlineLimit, now: this.now() }), (body) => {
      const response = body.SaleToPOIResponse?.PaymentResponse;
      return response ? paymentOutcome(response) : undefined;
    });
  }

  async refund(input: RefundInput): Promise<TerminalOutcome> {
    if (!input.original) {
      return this.runWithProgress(input, paymentRequest(this.to(input.serviceId), { ...input, now: this.now(), refund: true }), (body) => {
        const response = body.SaleToPOIResponse?.PaymentResponse;
        return response ? paymentOutcome(response) : undefined;
      });
    }
    const request = reversalRequest(this.to(input.serviceId), { ...input, now: this.now(), ...input.original });
    const sent = await this.send(request, this.requestTimeoutMs);
    return this.outcomeOf(sent, (body) => {
      const response = body.SaleToPOIResponse?.ReversalResponse;
      return response ? reversalOutcome(response) : undefined;
    });
  }

  async abort(serviceId: string): Promise<void> {
    await this.send(abortRequest(this.to(this.nextServiceId()), serviceId), this.requestTimeoutMs);
  }

  async transactionStatus(serviceId: string): Promise<StatusResult> {
    const sent = await this.send(transactionStatusRequest(this.to(this.nextServiceId()), serviceId), this.requestTimeoutMs);
    if (!sent.ok) return { status: 'unreachable', message: sent.message };
    const response = sent.body.SaleToPOIResponse?.TransactionStatusResponse;
    if (!response) return { status: 'unreachable', message: 'the terminal answered without a TransactionStatusResponse' };
    return statusOutcome(response);
  }

  /** Sends a long-running request; meanwhile asks the terminal what the cardholder sees. */
  private async runWithProgress(input: PayInput, request: TerminalApiRequest, read: (body: TerminalApiResponse) => TerminalOutcome | undefined): Promise<TerminalOutcome> {
    input.onProgress?.('sent');
    let done = false;
    let wake: () => void = () => undefined;
    let last: ProgressEvent = 'sent';
    const poll = async () => {
      while (!done && this.progressPollMs > 0 && input.onProgress) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.progressPollMs);
          wake = () => (clearTimeout(timer), resolve());
        });
        if (done) return;
        const sent = await this.send(transactionStatusRequest(this.to(this.nextServiceId()), input.serviceId), this.requestTimeoutMs);
        const status = sent.ok ? sent.body.SaleToPOIResponse?.TransactionStatusResponse : undefined;
        const event = status ? PROGRESS[progressOf(status) ?? ''] : undefined;
        if (!done && event && event !== last) input.onProgress((last = event));
      }
    };
    const polling = poll().catch(() => undefined);
    try {
      const outcome = this.outcomeOf(await this.send(request, this.paymentTimeoutMs), read);
      if (outcome.status !== 'unknown') input.onProgress?.(outcome.status);
      return outcome;
    } finally {
      // Stop asking for progress at once; a status call already on the wire may finish on its own.
      done = true;
      wake();
      void polling;
    }
  }
}
