/**
 * The port every card terminal sits behind (ARCHITECTURE.md decision 10).
 * It offers what a semi-integrated terminal offers: pay, refund (referenced
 * by the provider's reference, or unreferenced), abort, transaction status,
 * and progress events. Adapters translate it to one provider's protocol
 * (Adyen Terminal API / nexo today; Stripe Terminal, SumUp, CCV, Worldline or
 * Mollie the same way, see docs/PAYMENTS.md).
 *
 * What crosses this port about a card is only brand, masked PAN (first 6 /
 * last 4 at most), entry mode, auth code and provider reference: never a full
 * card number, track data, CVV or PIN (PCI DSS; DOMAIN.md, Payments).
 */

export type EntryMode = 'chip' | 'contactless' | 'magstripe' | 'mobile' | 'keyed' | 'other';

/** What the cardholder sees at this moment; the register shows it while it waits. */
export type ProgressEvent = 'sent' | 'waiting_for_card' | 'pin_entry' | 'processing' | 'approved' | 'declined' | 'cancelled';

export interface CardFacts {
  brand: string | null;
  /** First 6 and last 4 digits at most, the rest masked: 541333******4444. */
  maskedPan: string | null;
  entryMode: EntryMode | null;
  authCode: string | null;
  /** The provider's transaction id; a referenced refund or reversal needs it. */
  providerReference: string | null;
  /** The provider's timestamp of that transaction (nexo needs it with the reference). */
  providerTime: string | null;
  /**
   * Set when the terminal approved without reaching its acquirer (store-and-forward; nexo
   * PaymentResult.OnlineFlag = false): the transaction waits in the terminal to be uploaded.
   * `upload` is where that stands when the terminal says (a status query asked later).
   */
  offline?: { upload: OfflineUpload; message?: string };
}

/** Where a stored offline transaction stands: still in the terminal, accepted by the acquirer, or refused at upload. */
export type OfflineUpload = 'pending' | 'uploaded' | 'declined';

export type DeclineReason = 'insufficient_funds' | 'card_blocked' | 'refused' | 'wrong_pin' | 'not_allowed' | 'offline_limit_exceeded' | 'other';

/**
 * The outcome of one terminal operation. `unknown` means Kassa cannot tell
 * whether money moved (timeout, lost response, broken connection): only a
 * transaction-status query may settle it.
 */
export type TerminalOutcome =
  | { status: 'approved'; card: CardFacts }
  | { status: 'declined'; reason: DeclineReason; message: string; card?: Partial<CardFacts> }
  | { status: 'cancelled'; message: string }
  | { status: 'unknown'; message: string };

/** What a transaction-status query learnt about an earlier operation. */
export type StatusResult =
  | { status: 'found'; outcome: Exclude<TerminalOutcome, { status: 'unknown' }> }
  | { status: 'in_progress' }
  | { status: 'not_found' }
  | { status: 'unreachable'; message: string };

export interface PayInput {
  /** Unique per terminal for this operation (nexo ServiceID, ≤ 10 characters). */
  serviceId: string;
  /** Kassa's own reference: the payment attempt id. */
  reference: string;
  /** Minor units. */
  amount: number;
  currency: string;
  onProgress?: (event: ProgressEvent) => void;
  /**
   * How much the terminal may approve for this payment without reaching its acquirer (minor
   * units; 0 or absent: online only). Kassa's limits; the terminal's own floor limits apply too.
   */
  offlineLimit?: number;
}

export interface RefundInput extends PayInput {
  /** The payment to refund; absent for an unreferenced refund (money to a card that was not charged here). */
  original?: { providerReference: string; providerTime: string | null };
}

/** What a terminal (its adapter) can do beyond pay/refund/abort/status. */
export interface TerminalCapabilities {
  /**
   * Store-and-forward: approving below a floor limit while the acquirer is unreachable, keeping
   * the transaction and uploading it later. Without it Kassa never lets a payment go offline.
   */
  storeAndForward: boolean;
}

/** A semi-integrated card terminal as Kassa uses it. */
export interface PaymentTerminal {
  readonly capabilities: TerminalCapabilities;
  /** Asks the cardholder to pay `amount`; resolves when the terminal answers or the timeout passes (then `unknown`). */
  pay(input: PayInput): Promise<TerminalOutcome>;
  /** Refunds money: a reversal of `original` when given, else an unreferenced refund. */
  refund(input: RefundInput): Promise<TerminalOutcome>;
  /** Asks the terminal to stop the operation `serviceId` (the register gave up). Best effort: the pay() call reports what happened. */
  abort(serviceId: string): Promise<void>;
  /** Asks the terminal what became of operation `serviceId`; the only way out of `unknown`. */
  transactionStatus(serviceId: string): Promise<StatusResult>;
}

/** A terminal as configured in `payment_terminals`; adapters are built from it. */
export interface TerminalConfig {
  id: string;
  adapter: 'simulator' | 'adyen';
  endpoint: string;
  poiId: string;
  /** Nexo SaleID: which POS system is talking (one per register). */
  saleId: string;
  /** The terminal's own nexo key (identifier and version); the passphrase is looked up in the server's key file. */
  key?: { identifier: string; version: number } | null;
}

/** Builds the adapter for a configured terminal (tests inject their own). */
export type TerminalFactory = (config: TerminalConfig) => PaymentTerminal;
