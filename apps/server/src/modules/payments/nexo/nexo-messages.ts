// The nexo (Adyen Terminal API) message shapes, shared by the Adyen adapter
// and the terminal simulator so both speak exactly the same JSON. The typed
// models come from @adyen/api-library; we import only its terminal models
// (the package root loads every Adyen API, ~1.5 s at start-up).
// Its .d.ts declares these enums as numeric, but their runtime values are the
// nexo strings, so we always use the enum members (never string literals) and
// compare wire values against them.
import {
  CardData,
  EventToNotifyType,
  MessageCategoryType,
  MessageClassType,
  MessageReference,
  MessageType,
  PaymentData,
  PaymentInstrumentType,
  Response,
  ResultType,
  ReversalReasonType,
  type MessageHeader,
  type SaleToPOIRequest,
  type TerminalApiRequest,
} from '@adyen/api-library/lib/src/typings/terminal/models.js';
import type { EntryMode } from '../terminal-port.ts';

export type {
  MessageHeader,
  PaymentResponse,
  ReversalResponse,
  SaleToPOIRequest,
  SaleToPOIResponse,
  TerminalApiRequest,
  TerminalApiResponse,
  TransactionStatusResponse,
} from '@adyen/api-library/lib/src/typings/terminal/models.js';
export { CardData, EventToNotifyType, MessageCategoryType, MessageClassType, MessageType, PaymentData, PaymentInstrumentType, Response, ResultType };

// ISO 4217 minor-unit exponents that differ from 2. Nexo carries decimal
// amounts; Kassa keeps integers and converts only here, at the wire.
const EXPONENTS: Record<string, number> = { JPY: 0, KRW: 0, ISK: 0, CLP: 0, VND: 0, BHD: 3, KWD: 3, JOD: 3, OMR: 3, TND: 3 };

/** Minor units → the decimal amount nexo expects (1295 EUR → 12.95). */
export function toNexoAmount(minor: number, currency: string): number {
  const exponent = EXPONENTS[currency] ?? 2;
  return Number((minor / 10 ** exponent).toFixed(exponent));
}

/** A nexo decimal amount → integer minor units (rounded: 12.95 × 100 is 1294.9999… in floating point). */
export function fromNexoAmount(decimal: number, currency: string): number {
  return Math.round(decimal * 10 ** (EXPONENTS[currency] ?? 2));
}

const ENTRY_MODES: Array<[CardData.EntryModeEnum, EntryMode]> = [
  [CardData.EntryModeEnum.Icc, 'chip'],
  [CardData.EntryModeEnum.SynchronousIcc, 'chip'],
  [CardData.EntryModeEnum.Contactless, 'contactless'],
  [CardData.EntryModeEnum.Tapped, 'contactless'],
  [CardData.EntryModeEnum.Rfid, 'contactless'],
  [CardData.EntryModeEnum.MagStripe, 'magstripe'],
  [CardData.EntryModeEnum.Mobile, 'mobile'],
  [CardData.EntryModeEnum.Keyed, 'keyed'],
  [CardData.EntryModeEnum.Manual, 'keyed'],
];

/** Nexo's EntryMode list → Kassa's entry mode. */
export function entryModeFromNexo(modes: CardData.EntryModeEnum[] | undefined): EntryMode | null {
  const first = modes?.[0];
  if (first === undefined) return null;
  return ENTRY_MODES.find(([nexo]) => nexo === first)?.[1] ?? 'other';
}

/** Kassa's entry mode → nexo's. */
export function entryModeToNexo(mode: EntryMode): CardData.EntryModeEnum {
  return ENTRY_MODES.find(([, kassa]) => kassa === mode)?.[0] ?? CardData.EntryModeEnum.Keyed;
}

/** Adyen packs extra facts into AdditionalResponse as `key=value&key=value`. */
export function readAdditionalResponse(text: string | undefined): Record<string, string> {
  if (!text) return {};
  return Object.fromEntries(new URLSearchParams(text));
}

export function writeAdditionalResponse(values: Record<string, string>): string {
  return new URLSearchParams(values).toString();
}

export interface Addressing {
  serviceId: string;
  saleId: string;
  poiId: string;
}

/** The MessageHeader of a request or response. */
export function nexoHeader(category: MessageCategoryType, to: Addressing, type: MessageType = MessageType.Request): MessageHeader {
  return {
    ProtocolVersion: '3.0',
    MessageClass: MessageClassType.Service,
    MessageCategory: category,
    MessageType: type,
    ServiceID: to.serviceId,
    SaleID: to.saleId,
    POIID: to.poiId,
  };
}

/** The SaleToAcquirerData key (Adyen `metadata.*`, key=value form) that carries Kassa's offline allowance for a payment. */
export const OFFLINE_LIMIT_KEY = 'metadata.kassaOfflineLimit';

/**
 * A payment (or, with refund, an unreferenced refund) request. `offlineLimit` is how much the
 * terminal may approve without its acquirer (store-and-forward): when the amount is above it,
 * TransactionConditions.ForceOnlineFlag = true (the nexo field Adyen terminals honour: online or
 * nothing); the figure itself travels in SaleData.SaleToAcquirerData as
 * `metadata.kassaOfflineLimit=<minor units>` (kept with the transaction by Adyen; the simulator
 * honours it exactly). The terminal's own floor limits, configured at the provider, apply as well.
 */
export function paymentRequest(
  to: Addressing,
  input: { reference: string; amount: number; currency: string; now: string; refund?: boolean; offlineLimit?: number },
): TerminalApiRequest {
  const offlineLimit = input.refund ? 0 : Math.max(0, input.offlineLimit ?? 0);
  const request: SaleToPOIRequest = {
    MessageHeader: nexoHeader(MessageCategoryType.Payment, to),
    PaymentRequest: {
      SaleData: {
        SaleTransactionID: { TransactionID: input.reference, TimeStamp: input.now },
        ...(input.refund ? {} : { SaleToAcquirerData: writeAdditionalResponse({ [OFFLINE_LIMIT_KEY]: String(offlineLimit) }) }),
      },
      PaymentTransaction: {
        AmountsReq: { Currency: input.currency, RequestedAmount: toNexoAmount(input.amount, input.currency) },
        ...(input.refund ? {} : { TransactionConditions: { ForceOnlineFlag: input.amount > offlineLimit } }),
      },
      ...(input.refund ? { PaymentData: { PaymentType: PaymentData.PaymentTypeEnum.Refund } } : {}),
    },
  };
  return { SaleToPOIRequest: request };
}

/**
 * What a payment request allows offline, as a terminal reads it: `forceOnline` (ForceOnlineFlag: no
 * offline approval at all) and the POS's figure (undefined when none is given: then only the
 * terminal's own floor limit applies).
 */
export function offlineLimitOf(request: SaleToPOIRequest): { forceOnline: boolean; limit: number | undefined } {
  const payment = request.PaymentRequest;
  if (!payment) return { forceOnline: true, limit: 0 };
  const data = payment.SaleData.SaleToAcquirerData;
  const figure = typeof data === 'string' ? readAdditionalResponse(data)[OFFLINE_LIMIT_KEY] : undefined;
  return {
    forceOnline: payment.PaymentTransaction.TransactionConditions?.ForceOnlineFlag === true,
    limit: figure !== undefined && /^\d+$/.test(figure) ? Number(figure) : undefined,
  };
}

/** A reversal (referenced refund) of an earlier payment, full or partial. */
export function reversalRequest(to: Addressing, input: { reference: string; amount: number; currency: string; now: string; providerReference: string; providerTime: string | null }): TerminalApiRequest {
  return {
    SaleToPOIRequest: {
      MessageHeader: nexoHeader(MessageCategoryType.Reversal, to),
      ReversalRequest: {
        SaleData: { SaleTransactionID: { TransactionID: input.reference, TimeStamp: input.now } },
        OriginalPOITransaction: { POIID: to.poiId, POITransactionID: { TransactionID: input.providerReference, TimeStamp: input.providerTime ?? input.now } },
        ReversalReason: ReversalReasonType.MerchantCancel,
        ReversedAmount: toNexoAmount(input.amount, input.currency),
      },
    },
  };
}

/** Asks the terminal to stop the operation `target` (its own header has a fresh ServiceID). */
export function abortRequest(to: Addressing, target: string): TerminalApiRequest {
  return {
    SaleToPOIRequest: {
      MessageHeader: nexoHeader(MessageCategoryType.Abort, to),
      AbortRequest: {
        AbortReason: 'MerchantAbort',
        MessageReference: { MessageCategory: MessageReference.MessageCategoryEnum.Payment, ServiceID: target, SaleID: to.saleId, POIID: to.poiId },
      },
    },
  };
}

/** Asks for the outcome of the operation `target`. */
export function transactionStatusRequest(to: Addressing, target: string): TerminalApiRequest {
  return {
    SaleToPOIRequest: {
      MessageHeader: nexoHeader(MessageCategoryType.TransactionStatus, to),
      TransactionStatusRequest: { MessageReference: { ServiceID: target, SaleID: to.saleId, POIID: to.poiId } },
    },
  };
}

/** Nexo's error conditions (Refusal, Cancel, Aborted, InProgress, NotFound, …). */
export const ErrorCondition = Response.ErrorConditionEnum;
