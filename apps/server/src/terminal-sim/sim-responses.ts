import { randomBytes } from 'node:crypto';
import {
  CardData,
  ErrorCondition,
  EventToNotifyType,
  MessageCategoryType,
  MessageClassType,
  MessageType,
  PaymentInstrumentType,
  ResultType,
  entryModeToNexo,
  nexoHeader,
  toNexoAmount,
  writeAdditionalResponse,
  type EntryMode,
  type MessageHeader,
  type PaymentResponse,
  type ReversalResponse,
  type SaleToPOIRequest,
  type SaleToPOIResponse,
  type TerminalApiResponse,
} from '../modules/payments/index.ts';
import { maskPan, type TestCard } from './test-cards.ts';

type Header = SaleToPOIRequest['MessageHeader'];

/** A provider reference: letters and digits mixed, never a long digit run a PAN scanner could mistake. */
export function providerReference(): string {
  return `SIM${randomBytes(6).toString('hex').toUpperCase()}`;
}

const approvalCode = () => randomBytes(3).toString('hex').toUpperCase();

export function responseHeader(request: Header): MessageHeader {
  return nexoHeader(request.MessageCategory, { serviceId: request.ServiceID ?? '', saleId: request.SaleID ?? '', poiId: request.POIID }, MessageType.Response);
}

function wrap(header: MessageHeader, body: Partial<SaleToPOIResponse>): TerminalApiResponse {
  return { SaleToPOIResponse: { MessageHeader: header, ...body } };
}

export interface Approval {
  card: TestCard;
  entryMode: EntryMode;
  amount: number;
  currency: string;
  reference: string;
  now: string;
  pin: boolean;
  /** Approved by the terminal alone (acquirer unreachable): nexo OnlineFlag = false, kept for upload. */
  offline?: boolean;
}

/** The PaymentResponse of an approved payment: brand, masked PAN, entry mode, approval code, reference. */
export function approvedPayment(request: SaleToPOIRequest, poiId: string, a: Approval): PaymentResponse {
  return {
    Response: { Result: ResultType.Success, ...(a.offline ? { AdditionalResponse: offlineUploadState('pending') } : {}) },
    SaleData: request.PaymentRequest!.SaleData,
    POIData: { POITransactionID: { TransactionID: a.reference, TimeStamp: a.now } },
    PaymentResult: {
      OnlineFlag: !a.offline,
      PaymentInstrumentData: {
        PaymentInstrumentType: PaymentInstrumentType.Card,
        CardData: { PaymentBrand: a.card.brand, MaskedPan: maskPan(a.card.pan), EntryMode: [a.entryMode === 'mobile' ? CardData.EntryModeEnum.Mobile : entryModeToNexo(a.entryMode)] },
      },
      PaymentAcquirerData: { AcquirerPOIID: poiId, MerchantID: 'KassaSimulator', ApprovalCode: approvalCode(), AcquirerTransactionID: { TransactionID: a.reference, TimeStamp: a.now } },
      AmountsResp: { Currency: a.currency, AuthorizedAmount: toNexoAmount(a.amount, a.currency) },
    },
  };
}

/** A failed PaymentResponse (declined or cancelled) with Adyen's refusalReason. */
export function failedPayment(request: SaleToPOIRequest, condition: (typeof ErrorCondition)[keyof typeof ErrorCondition], reason: string, now: string): PaymentResponse {
  return {
    Response: { Result: ResultType.Failure, ErrorCondition: condition, AdditionalResponse: writeAdditionalResponse({ refusalReason: reason, message: reason }) },
    SaleData: request.PaymentRequest?.SaleData ?? { SaleTransactionID: { TransactionID: '', TimeStamp: now } },
    POIData: { POITransactionID: { TransactionID: providerReference(), TimeStamp: now } },
  };
}

/** How the simulator reports a stored offline transaction's upload (AdditionalResponse, docs/PAYMENTS.md). */
export function offlineUploadState(upload: 'pending' | 'uploaded' | 'declined', refusalReason?: string): string {
  return writeAdditionalResponse({ offlineUpload: upload, ...(refusalReason ? { refusalReason } : {}) });
}

export function paymentMessage(request: SaleToPOIRequest, response: PaymentResponse): TerminalApiResponse {
  return wrap(responseHeader(request.MessageHeader), { PaymentResponse: response });
}

export function reversalMessage(request: SaleToPOIRequest, response: ReversalResponse): TerminalApiResponse {
  return wrap(responseHeader(request.MessageHeader), { ReversalResponse: response });
}

export function reversalResponse(ok: boolean, reference: string, now: string, amount: number | undefined, reason = ''): ReversalResponse {
  return ok
    ? { Response: { Result: ResultType.Success }, POIData: { POITransactionID: { TransactionID: reference, TimeStamp: now } }, ...(amount !== undefined ? { ReversedAmount: amount } : {}) }
    : { Response: { Result: ResultType.Failure, ErrorCondition: ErrorCondition.NotAllowed, AdditionalResponse: writeAdditionalResponse({ message: reason }) } };
}

/** What a TransactionStatus request learns: the stored response, "in progress" (with the screen), or not found. */
export function statusMessage(request: SaleToPOIRequest, found: { header: MessageHeader; body: Partial<SaleToPOIResponse> } | { inProgress: string } | null): TerminalApiResponse {
  const header = responseHeader(request.MessageHeader);
  if (found === null) {
    return wrap(header, { TransactionStatusResponse: { Response: { Result: ResultType.Failure, ErrorCondition: ErrorCondition.NotFound } } });
  }
  if ('inProgress' in found) {
    return wrap(header, {
      TransactionStatusResponse: { Response: { Result: ResultType.Failure, ErrorCondition: ErrorCondition.InProgress, AdditionalResponse: writeAdditionalResponse({ state: found.inProgress }) } },
    });
  }
  return wrap(header, {
    TransactionStatusResponse: {
      Response: { Result: ResultType.Success },
      RepeatedMessageResponse: { MessageHeader: found.header, RepeatedResponseMessageBody: { PaymentResponse: found.body.PaymentResponse, ReversalResponse: found.body.ReversalResponse } },
    },
  });
}

export { MessageCategoryType };

/** What a terminal answers, in the clear, to a message it will not process (wrong key, tampered, not encrypted). */
export function rejectMessage(header: Partial<Header> | undefined, reason: string, now: string): TerminalApiResponse {
  return {
    SaleToPOIRequest: {
      MessageHeader: {
        ProtocolVersion: '3.0',
        MessageClass: MessageClassType.Event,
        MessageCategory: MessageCategoryType.Event,
        MessageType: MessageType.Notification,
        ServiceID: header?.ServiceID ?? '',
        SaleID: header?.SaleID ?? '',
        POIID: header?.POIID ?? '',
      },
      EventNotification: { TimeStamp: now, EventToNotify: EventToNotifyType.Reject, EventDetails: writeAdditionalResponse({ message: reason }) },
    },
  } as TerminalApiResponse;
}
