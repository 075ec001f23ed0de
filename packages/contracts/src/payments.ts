import { Type, type Static } from '@sinclair/typebox';
import { CurrencyCode, Page, PageQuery, Timestamp, Uuid } from './common.ts';

const PositiveAmount = Type.Integer({ minimum: 1, maximum: 9_000_000_000, description: 'Amount in minor units (cents for EUR)', examples: [1295] });

/** Where a card attempt stands; `unknown` is left only through a transaction-status query. */
export const PaymentAttemptState = Type.Union(
  [Type.Literal('created'), Type.Literal('in_progress'), Type.Literal('approved'), Type.Literal('declined'), Type.Literal('cancelled'), Type.Literal('unknown')],
  { description: 'created → in_progress → approved | declined | cancelled | unknown (unknown is resolved by POST …/status)' },
);
export type PaymentAttemptState = Static<typeof PaymentAttemptState>;

/** What the terminal shows the cardholder right now (for the register's payment screen). */
export const PaymentProgress = Type.Union(
  [Type.Literal('sent'), Type.Literal('waiting_for_card'), Type.Literal('pin_entry'), Type.Literal('processing'), Type.Literal('approved'), Type.Literal('declined'), Type.Literal('cancelled'), Type.Null()],
  { description: 'The last progress event the terminal reported' },
);

/** Card facts Kassa keeps: never a full card number, track data, CVV or PIN. */
export const CardFacts = Type.Object(
  {
    brand: Type.Union([Type.String(), Type.Null()], { examples: ['mc'] }),
    maskedPan: Type.Union([Type.String(), Type.Null()], { description: 'First 6 and last 4 digits at most', examples: ['541333******4444'] }),
    entryMode: Type.Union([Type.String(), Type.Null()], { examples: ['chip', 'contactless', 'magstripe', 'mobile'] }),
    authCode: Type.Union([Type.String(), Type.Null()], { examples: ['A1B2C3'] }),
    providerReference: Type.Union([Type.String(), Type.Null()], { description: "The terminal provider's transaction reference (used for refunds)" }),
  },
  { description: 'What the terminal reported about the card' },
);

/** An approval the terminal gave without reaching its acquirer, and the upload of that stored transaction. */
export const OfflineApproval = Type.Object(
  {
    approvedAt: Timestamp,
    uploadDeadline: Type.String({ format: 'date-time', description: 'approvedAt + 24 h: not uploaded by then is an incident' }),
    upload: Type.Union([Type.Literal('pending'), Type.Literal('uploaded'), Type.Literal('declined'), Type.Literal('expired')], {
      description: 'pending: still in the terminal; uploaded: the acquirer took it; declined: refused at upload (money not received, an incident); expired: not uploaded by the deadline (an incident)',
    }),
    uploadCheckedAt: Type.Union([Timestamp, Type.Null()]),
    uploadMessage: Type.Union([Type.String(), Type.Null()]),
  },
  { description: 'Offline (store-and-forward) approval' },
);

/** A card payment or refund attempt as the server stores it. */
export const PaymentAttempt = Type.Object(
  {
    id: Uuid,
    kind: Type.Union([Type.Literal('payment'), Type.Literal('refund')]),
    saleId: Uuid,
    storeId: Uuid,
    registerId: Uuid,
    terminalId: Uuid,
    originalPaymentId: Type.Union([Uuid, Type.Null()], { description: 'For a referenced refund: the payment it refunds' }),
    amount: Type.Integer({ description: 'Minor units' }),
    currency: CurrencyCode,
    state: PaymentAttemptState,
    progress: PaymentProgress,
    abortRequested: Type.Boolean({ description: 'The register gave up on this attempt; a late approval is reversed automatically' }),
    card: CardFacts,
    failure: Type.Union([Type.Object({ reason: Type.String(), message: Type.String() }), Type.Null()], { description: 'Why it was declined, cancelled or is unknown' }),
    reversal: Type.Union(
      [Type.Object({ status: Type.Union([Type.Literal('pending'), Type.Literal('done'), Type.Literal('failed')]), reason: Type.String(), at: Timestamp }), Type.Null()],
      { description: 'Set when a late approval of this attempt was (or is being) reversed' },
    ),
    refundedAmount: Type.Integer({ description: 'Approved refunds against this payment so far' }),
    offlineAllowance: Type.Integer({ description: 'How much Kassa allowed the terminal to approve offline for this payment (minor units; 0 = online only)' }),
    offline: Type.Union([OfflineApproval, Type.Null()], { description: 'Set when the terminal approved without its acquirer (store-and-forward)' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'PaymentAttempt' },
);
export type PaymentAttempt = Static<typeof PaymentAttempt>;

/** Starts a card payment (or an unreferenced refund) on a terminal. */
export const StartPaymentBody = Type.Object(
  {
    id: Uuid,
    kind: Type.Optional(Type.Union([Type.Literal('payment'), Type.Literal('refund')], { default: 'payment', description: '`refund` = an unreferenced refund (no original payment)' })),
    saleId: Type.String({ ...Uuid, description: 'The client id of the sale being paid (it need not exist on the server yet)' }),
    registerId: Uuid,
    terminalId: Uuid,
    amount: PositiveAmount,
    currency: CurrencyCode,
  },
  {
    additionalProperties: false,
    examples: [{ id: '0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c70', saleId: '0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c7d', registerId: '0192f1c4-0000-7000-8000-000000000002', terminalId: '0192f1c4-0000-7000-8000-000000000009', amount: 1295, currency: 'EUR' }],
  },
);
export type StartPaymentBody = Static<typeof StartPaymentBody>;

/** A referenced refund of an approved payment (full when amount is left out). */
export const RefundPaymentBody = Type.Object(
  {
    id: Uuid,
    amount: Type.Optional(PositiveAmount),
    saleId: Type.Optional(Uuid),
    registerId: Type.Optional(Uuid),
    terminalId: Type.Optional(Uuid),
  },
  { additionalProperties: false, examples: [{ id: '0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c71', amount: 500 }] },
);
export type RefundPaymentBody = Static<typeof RefundPaymentBody>;

export const PaymentWaitQuery = Type.Object(
  { waitMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 30_000, description: 'Long-poll: wait up to this long for the attempt to leave in_progress' })) },
  { additionalProperties: false },
);

export const PaymentListQuery = Type.Object(
  {
    saleId: Type.Optional(Uuid),
    registerId: Type.Optional(Uuid),
    state: Type.Optional(PaymentAttemptState),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export const PaymentPage = Page(PaymentAttempt, 'Payment attempts, newest first');

/** Which nexo encryption key a terminal uses (as shown in the terminal's settings); its passphrase stays in the server's key file. */
export const TerminalKeyRef = Type.Object(
  {
    identifier: Type.String({ minLength: 1, maxLength: 60, examples: ['KassaKey'] }),
    version: Type.Integer({ minimum: 0, maximum: 1_000_000, examples: [1] }),
  },
  { additionalProperties: false },
);

/** A card terminal of a store (optionally bound to one register). */
export const PaymentTerminalConfig = Type.Object(
  {
    id: Uuid,
    storeId: Uuid,
    registerId: Type.Union([Uuid, Type.Null()]),
    name: Type.String(),
    adapter: Type.Union([Type.Literal('simulator'), Type.Literal('adyen')]),
    endpoint: Type.String({ description: 'Where the server reaches the terminal (nexo JSON over HTTP)', examples: ['http://127.0.0.1:8443/nexo'] }),
    poiId: Type.String({ description: 'The terminal id (POIID), e.g. "V400m-324688179"' }),
    key: Type.Union([TerminalKeyRef, Type.Null()], { description: "The nexo encryption key this terminal takes (null: the server's default key, if any). Never the passphrase." }),
    createdAt: Timestamp,
  },
  { $id: 'PaymentTerminalConfig' },
);
export type PaymentTerminalConfig = Static<typeof PaymentTerminalConfig>;

export const CreatePaymentTerminalBody = Type.Object(
  {
    id: Uuid,
    storeId: Uuid,
    registerId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    name: Type.String({ minLength: 1, maxLength: 80 }),
    adapter: Type.Union([Type.Literal('simulator'), Type.Literal('adyen')]),
    endpoint: Type.String({ minLength: 8, maxLength: 300, pattern: '^https?://' }),
    poiId: Type.String({ minLength: 1, maxLength: 60 }),
    key: Type.Optional(
      Type.Union([TerminalKeyRef, Type.Null()], {
        description: 'The nexo key of this terminal (identifier and version; the passphrase must be in KASSA_NEXO_KEYS_FILE or KASSA_NEXO_KEY_* of the server). Absent: the default key.',
      }),
    ),
  },
  {
    additionalProperties: false,
    examples: [{ id: '0192f1c4-0000-7000-8000-000000000009', storeId: '0192f1c4-0000-7000-8000-000000000001', registerId: null, name: 'Pinautomaat 1', adapter: 'simulator', endpoint: 'http://127.0.0.1:8443/nexo', poiId: 'SIM-0001' }],
  },
);
export type CreatePaymentTerminalBody = Static<typeof CreatePaymentTerminalBody>;

export const PaymentTerminalList = Type.Object({ items: Type.Array(PaymentTerminalConfig) });

const Limit = (description: string) => Type.Integer({ minimum: 0, maximum: 100_000_000, description, examples: [2500] });

/** A store's offline card payment (store-and-forward) settings. */
export const PaymentSettingsView = Type.Object(
  {
    storeId: Uuid,
    currency: CurrencyCode,
    offlinePayments: Type.Object({
      enabled: Type.Boolean({ description: 'Let terminals that support it approve while they cannot reach their acquirer' }),
      transactionLimit: Type.Integer({ description: 'Most one payment may be approved offline (minor units)' }),
      dailyLimit: Type.Integer({ description: "Most the store's terminals together may approve offline per business day (minor units, the store's time zone)" }),
    }),
    version: Type.Integer({ description: 'Send it back with a change; 0 = never saved (offline payments off)' }),
    updatedAt: Type.Union([Timestamp, Type.Null()]),
  },
  { $id: 'PaymentSettings' },
);
export type PaymentSettingsView = Static<typeof PaymentSettingsView>;

export const UpdatePaymentSettingsBody = Type.Object(
  {
    version: Type.Integer({ minimum: 0, description: 'The version you read (0 for a store never saved)' }),
    offlinePayments: Type.Object(
      {
        enabled: Type.Boolean(),
        transactionLimit: Limit('Most one payment may be approved offline (minor units); at most dailyLimit'),
        dailyLimit: Limit('Most per business day, all terminals of the store together (minor units)'),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, examples: [{ version: 0, offlinePayments: { enabled: true, transactionLimit: 5000, dailyLimit: 50000 } }] },
);
export type UpdatePaymentSettingsBody = Static<typeof UpdatePaymentSettingsBody>;

/** Something about a card payment a manager must look at (late approvals, offline payments not received). */
export const PaymentIncident = Type.Object(
  {
    id: Uuid,
    kind: Type.String({
      examples: ['PAYMENT_OFFLINE_DECLINED_AT_UPLOAD', 'PAYMENT_OFFLINE_NOT_UPLOADED', 'PAYMENT_LATE_APPROVAL_REVERSED', 'PAYMENT_REVERSAL_FAILED'],
    }),
    storeId: Type.Union([Uuid, Type.Null()]),
    registerId: Type.Union([Uuid, Type.Null()]),
    paymentId: Type.Union([Uuid, Type.Null()]),
    details: Type.Record(Type.String(), Type.Unknown()),
    createdAt: Timestamp,
    resolvedAt: Type.Union([Timestamp, Type.Null()]),
  },
  { $id: 'PaymentIncident' },
);
export type PaymentIncident = Static<typeof PaymentIncident>;

export const PaymentIncidentQuery = Type.Object(
  {
    storeId: Type.Optional(Uuid),
    open: Type.Optional(Type.Boolean({ description: 'Only incidents not resolved yet' })),
  },
  { additionalProperties: false },
);
export const PaymentIncidentList = Type.Object({ items: Type.Array(PaymentIncident) });

/** The X/Z report's offline share of the terminal's card takings (store-and-forward), by upload state. */
export const OfflineCardTotals = Type.Object(
  {
    approved: Type.Integer({ description: 'Σ card payments the terminal approved offline (included in `terminal`)' }),
    pendingUpload: Type.Integer({ description: 'of which still waiting in the terminal for upload' }),
    uploaded: Type.Integer({ description: 'of which the acquirer took' }),
    declinedAtUpload: Type.Integer({ description: 'of which the acquirer refused at upload: money not received (an incident)' }),
    expired: Type.Integer({ description: 'of which not uploaded within 24 h (an incident)' }),
  },
  { description: 'Offline (store-and-forward) approvals among the terminal operations; absent when the shift had none' },
);
export type OfflineCardTotals = Static<typeof OfflineCardTotals>;
