import type { CardFacts, DeclineReason, OfflineUpload, StatusResult, TerminalOutcome } from '../terminal-port.ts';
import {
  ErrorCondition,
  ResultType,
  entryModeFromNexo,
  readAdditionalResponse,
  type PaymentResponse,
  type ReversalResponse,
  type TransactionStatusResponse,
} from './nexo-messages.ts';

type NexoResult = PaymentResponse['Response'];

// A masked PAN keeps at most the first 6 and last 4 digits (PCI DSS 3.4); a
// terminal that sends more is not trusted with the field: we mask it again.
export function maskedOnly(pan: string | undefined): string | null {
  if (!pan) return null;
  const digits = pan.replace(/\D/g, '');
  if (digits.length <= 10) return pan;
  return `${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}`;
}

function declineReasonOf(response: NexoResult): DeclineReason {
  const extra = readAdditionalResponse(response.AdditionalResponse);
  const reason = (extra.refusalReason ?? '').toLowerCase();
  if (reason.includes('offline limit')) return 'offline_limit_exceeded';
  if (reason.includes('insufficient') || reason.includes('not enough balance')) return 'insufficient_funds';
  if (reason.includes('blocked') || reason.includes('stolen') || reason.includes('lost')) return 'card_blocked';
  if (response.ErrorCondition === ErrorCondition.WrongPin) return 'wrong_pin';
  if (response.ErrorCondition === ErrorCondition.NotAllowed) return 'not_allowed';
  if (response.ErrorCondition === ErrorCondition.Refusal) return 'refused';
  return 'other';
}

function messageOf(response: NexoResult): string {
  const extra = readAdditionalResponse(response.AdditionalResponse);
  return extra.message ?? extra.refusalReason ?? String(response.ErrorCondition ?? 'failed');
}

const CANCELLED = [ErrorCondition.Cancel, ErrorCondition.Aborted, ErrorCondition.Busy, ErrorCondition.DeviceOut, ErrorCondition.LoggedOut];

/** A failed nexo result: cancelled when the terminal never took money, else declined. */
function failed(response: NexoResult): TerminalOutcome {
  if (CANCELLED.includes(response.ErrorCondition as (typeof CANCELLED)[number])) return { status: 'cancelled', message: messageOf(response) };
  return { status: 'declined', reason: declineReasonOf(response), message: messageOf(response) };
}

/** A PaymentResponse → the port's outcome, keeping only the card facts Kassa may hold. */
export function paymentOutcome(response: PaymentResponse): TerminalOutcome {
  if (response.Response.Result !== ResultType.Success) return failed(response.Response);
  const result = response.PaymentResult;
  const card = result?.PaymentInstrumentData?.CardData;
  const poiTransaction = response.POIData?.POITransactionID;
  return {
    status: 'approved',
    card: {
      brand: card?.PaymentBrand ?? null,
      maskedPan: maskedOnly(card?.MaskedPan),
      entryMode: entryModeFromNexo(card?.EntryMode),
      authCode: result?.PaymentAcquirerData?.ApprovalCode ?? null,
      providerReference: poiTransaction?.TransactionID ?? null,
      providerTime: poiTransaction?.TimeStamp ?? null,
      ...offlineOf(response),
    },
  };
}

const UPLOADS: Record<string, OfflineUpload> = { pending: 'pending', uploaded: 'uploaded', declined: 'declined' };

/**
 * An approval made without the acquirer (nexo PaymentResult.OnlineFlag = false) and, on a later
 * status query, where its upload stands: AdditionalResponse `offlineUpload=pending|uploaded|declined`
 * (with `refusalReason` when declined). No such key: still pending.
 */
function offlineOf(response: PaymentResponse): { offline?: CardFacts['offline'] } {
  if (response.PaymentResult?.OnlineFlag !== false) return {};
  const extra = readAdditionalResponse(response.Response.AdditionalResponse);
  const upload = UPLOADS[extra.offlineUpload ?? 'pending'] ?? 'pending';
  const message = extra.refusalReason ?? extra.message;
  return { offline: { upload, ...(message ? { message } : {}) } };
}

/** A ReversalResponse → the port's outcome. */
export function reversalOutcome(response: ReversalResponse): TerminalOutcome {
  if (response.Response.Result !== ResultType.Success) return failed(response.Response);
  const poiTransaction = response.POIData?.POITransactionID;
  return {
    status: 'approved',
    card: { brand: null, maskedPan: null, entryMode: null, authCode: null, providerReference: poiTransaction?.TransactionID ?? null, providerTime: poiTransaction?.TimeStamp ?? null },
  };
}

/** A TransactionStatusResponse → found / in progress / not found. */
export function statusOutcome(response: TransactionStatusResponse): StatusResult {
  if (response.Response.Result !== ResultType.Success) {
    if (response.Response.ErrorCondition === ErrorCondition.InProgress) return { status: 'in_progress' };
    if (response.Response.ErrorCondition === ErrorCondition.NotFound) return { status: 'not_found' };
    return { status: 'unreachable', message: messageOf(response.Response) };
  }
  const body = response.RepeatedMessageResponse?.RepeatedResponseMessageBody;
  const outcome = body?.PaymentResponse ? paymentOutcome(body.PaymentResponse) : body?.ReversalResponse ? reversalOutcome(body.ReversalResponse) : undefined;
  if (!outcome || outcome.status === 'unknown') return { status: 'unreachable', message: 'the terminal answered without the original response' };
  return { status: 'found', outcome };
}

/** The progress hint a terminal gives while an operation runs (Adyen: AdditionalResponse state=…). */
export function progressOf(response: TransactionStatusResponse): string | undefined {
  return readAdditionalResponse(response.Response.AdditionalResponse).state;
}
