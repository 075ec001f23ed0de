import { Type, type Static } from '@sinclair/typebox';
import { CurrencyCode, Page, PageQuery, Timestamp, Uuid } from './common.ts';

const Amount = (description: string) =>
  Type.Integer({ minimum: -9_000_000_000_000, maximum: 9_000_000_000_000, description });

export const Discount = Type.Union(
  [
    Type.Object(
      { kind: Type.Literal('amount'), amount: Type.Integer({ minimum: 0, description: 'Minor units off' }) },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        kind: Type.Literal('percent'),
        bp: Type.Integer({ minimum: 0, maximum: 10000, description: 'Basis points off: 1000 = 10 %' }),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'A discount: an amount in minor units or a percentage in basis points' },
);

export const LineTax = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 40, examples: ['NL-21'] }),
    rateBp: Type.Integer({ minimum: 0, maximum: 100000, examples: [2100] }),
  },
  { additionalProperties: false, description: 'A tax the register applied to the line' },
);

export const SaleLineInput = Type.Object(
  {
    id: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'Line id, unique within the sale (a UUID from the register)',
    }),
    variantId: Type.Union([Uuid, Type.Null()], {
      description: 'The variant sold; null only for an unknown item',
    }),
    unknownItem: Type.Optional(
      Type.Boolean({
        description:
          'true when the cashier sold an item the catalogue does not know (needs variantId null); selling one needs the permission `sales.unknown_item`',
      }),
    ),
    description: Type.String({ minLength: 1, maxLength: 200, description: 'As printed on the receipt' }),
    quantity: Type.Optional(
      Type.Integer({
        minimum: -100000,
        maximum: 100000,
        description: 'Whole units; negative on return lines',
      }),
    ),
    quantityMilli: Type.Optional(
      Type.Integer({
        minimum: -100000000,
        maximum: 100000000,
        description: 'Weighed items: thousandths (1250 = 1.250 kg)',
      }),
    ),
    unitPrice: Type.Integer({
      minimum: 0,
      maximum: 9_000_000_000,
      description: 'The unit price the register used, minor units',
    }),
    originalUnitPrice: Type.Optional(
      Type.Integer({ minimum: 0, description: 'The catalogue price when the cashier overrode it, or when the price came from a label' }),
    ),
    priceFromLabel: Type.Optional(
      Type.Literal(true, {
        description:
          "The unit price was read from the item's in-store price label (a GS1 variable-measure code with an embedded price, prefix 21/22), not typed: no price override, no permission needed",
      }),
    ),
    taxes: Type.Array(LineTax, { maxItems: 5 }),
    lineDiscount: Type.Optional(Discount),
    soldByStaffId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    returnOf: Type.Optional(
      Type.Object(
        { saleId: Uuid, lineId: Type.String({ minLength: 1, maxLength: 64 }) },
        { additionalProperties: false, description: 'The original line this return line gives back' },
      ),
    ),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type SaleLineInput = Static<typeof SaleLineInput>;

export const TenderInput = Type.Union([
  Type.Object(
    {
      type: Type.Literal('cash'),
      tendered: Amount('Cash handed over (negative when cash is paid out on a refund)'),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Union([
        Type.Literal('card'),
        Type.Literal('giftCard'),
        Type.Literal('storeCredit'),
        Type.Literal('custom'),
      ]),
      amount: Amount('Exact amount of this tender (negative on refunds)'),
      name: Type.Optional(
        Type.String({ maxLength: 60, description: 'Custom tender name, e.g. "Op rekening"' }),
      ),
      reference: Type.Optional(
        Type.String({
          maxLength: 100,
          description: 'Payment attempt id, gift card number (masked) or other reference',
        }),
      ),
    },
    { additionalProperties: false },
  ),
]);
export type TenderInput = Static<typeof TenderInput>;

export const TaxTotal = Type.Object({
  code: Type.String(),
  rateBp: Type.Integer(),
  base: Type.Integer(),
  tax: Type.Integer(),
  gross: Type.Integer(),
});

/** The figures the register printed; the server recomputes them and refuses a document whose arithmetic differs. */
export const ClaimedTotals = Type.Object(
  {
    total: Amount('Total before cash rounding'),
    taxTotal: Amount('Tax in the total'),
    rounding: Amount('Cash rounding difference (0 without cash)'),
    change: Type.Integer({ minimum: 0, description: 'Cash change given' }),
  },
  { additionalProperties: false },
);

export const SaleKind = Type.Union([Type.Literal('sale'), Type.Literal('return'), Type.Literal('exchange')]);

/** A completed sale, return or exchange as a register (or API client) records it. */
export const SaleDocument = Type.Object(
  {
    id: Uuid,
    kind: SaleKind,
    storeId: Uuid,
    registerId: Uuid,
    receiptNumber: Type.Integer({
      minimum: 1,
      maximum: 2_000_000_000,
      description: 'Gapless per register and kind, assigned by the register',
    }),
    currency: CurrencyCode,
    deviceTime: Timestamp,
    staffId: Type.Optional(
      Type.Union([Uuid, Type.Null()], { description: 'The cashier who completed the sale' }),
    ),
    customerId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    // Cash management (issue 5): the shift the sale was rung up in; the register always sends it.
    shiftId: Type.Optional(
      Type.Union([Uuid, Type.Null()], {
        description:
          "The register shift (cash module); optional for API clients, whose sales go to the register's open shift",
      }),
    ),
    originalSaleId: Type.Optional(
      Type.Union([Uuid, Type.Null()], { description: 'For returns and exchanges against a receipt' }),
    ),
    reasonCode: Type.Optional(
      Type.String({ maxLength: 40, description: 'Why: required for a return without receipt' }),
    ),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
    approvals: Type.Optional(
      Type.Array(
        Type.Object(
          {
            approvalId: Uuid,
            permission: Type.String({ minLength: 1, maxLength: 80 }),
            approverStaffId: Uuid,
          },
          { additionalProperties: false },
        ),
        {
          maxItems: 50,
          description:
            "Managers' approvals given at the register for this sale (POST /api/v1/approvals), for a sale delivered later through the outbox: " +
            'each is checked against the server\'s record of that approval (same store, permission and approver) and names the approver in the journal; one that does not match is ignored and flagged APPROVAL_UNKNOWN.',
        },
      ),
    ),
    lines: Type.Array(SaleLineInput, { minItems: 1, maxItems: 500 }),
    orderDiscount: Type.Optional(Discount),
    tenders: Type.Array(TenderInput, { minItems: 1, maxItems: 20 }),
    totals: ClaimedTotals,
  },
  {
    additionalProperties: false,
    $id: 'SaleDocument',
    examples: [
      {
        id: '0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c7d',
        kind: 'sale',
        storeId: '0192f1c4-0000-7000-8000-000000000001',
        registerId: '0192f1c4-0000-7000-8000-000000000002',
        receiptNumber: 42,
        currency: 'EUR',
        deviceTime: '2026-11-27T10:15:00+01:00',
        lines: [
          {
            id: 'l1',
            variantId: '0192f1c4-0000-7000-8000-000000000003',
            description: 'Mok Strand 350 ml',
            quantity: 1,
            unitPrice: 1295,
            taxes: [{ code: 'NL-21', rateBp: 2100 }],
          },
        ],
        tenders: [{ type: 'cash', tendered: 2000 }],
        totals: { total: 1295, taxTotal: 225, rounding: 0, change: 705 },
      },
    ],
  },
);
export type SaleDocument = Static<typeof SaleDocument>;

export const SaleFlag = Type.Object({
  code: Type.String({
    examples: ['PRICE_DEVIATION', 'NEGATIVE_STOCK', 'DEVICE_TIME_SKEW', 'UNKNOWN_ITEM', 'TAX_RATE_DEVIATION'],
  }),
  message: Type.String(),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

/** A recorded sale: the document plus what the server derived and checked. */
export const RecordedSale = Type.Object({
  id: Uuid,
  kind: Type.Union([SaleKind, Type.Literal('void')]),
  storeId: Uuid,
  registerId: Uuid,
  receiptNumber: Type.Integer(),
  currency: CurrencyCode,
  subtotal: Type.Integer(),
  discountTotal: Type.Integer(),
  taxTotal: Type.Integer(),
  total: Type.Integer(),
  rounding: Type.Integer(),
  paidTotal: Type.Integer(),
  change: Type.Integer(),
  taxes: Type.Array(TaxTotal),
  lines: Type.Array(
    Type.Object({
      id: Type.String(),
      variantId: Type.Union([Uuid, Type.Null()]),
      description: Type.String(),
      quantityMilli: Type.Integer({ description: 'Quantity in thousandths (1 piece = 1000)' }),
      weighed: Type.Boolean(),
      unitPrice: Type.Integer(),
      lineDiscount: Type.Integer(),
      orderDiscount: Type.Integer(),
      total: Type.Integer(),
      tax: Type.Integer(),
      soldByStaffId: Type.Union([Uuid, Type.Null()]),
      note: Type.Optional(
        Type.Union([Type.String(), Type.Null()], { description: "The cashier's note on the line, as sent" }),
      ),
      returnedQuantityMilli: Type.Integer({ description: 'How much of this line has been returned so far' }),
      returnOf: Type.Union([Type.Object({ saleId: Uuid, lineId: Type.String() }), Type.Null()]),
    }),
  ),
  tenders: Type.Array(
    Type.Object({
      type: Type.String(),
      amount: Type.Integer(),
      tendered: Type.Union([Type.Integer(), Type.Null()]),
      change: Type.Integer(),
      reference: Type.Union([Type.String(), Type.Null()]),
      name: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  staffId: Type.Union([Uuid, Type.Null()]),
  customerId: Type.Union([Uuid, Type.Null()]),
  shiftId: Type.Optional(
    Type.Union([Uuid, Type.Null()], { description: 'The shift whose Z report counts this document' }),
  ),
  originalSaleId: Type.Union([Uuid, Type.Null()]),
  reasonCode: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  deviceTime: Timestamp,
  receivedAt: Timestamp,
  businessDay: Type.String({ description: 'YYYY-MM-DD in the store time zone' }),
  flags: Type.Array(SaleFlag),
  journal: Type.Object({ seq: Type.Integer(), hash: Type.String() }),
});
export type RecordedSale = Static<typeof RecordedSale>;

export const SaleListQuery = Type.Object(
  {
    ...PageQuery,
    storeId: Type.Optional(Uuid),
    registerId: Type.Optional(Uuid),
    staffId: Type.Optional(Uuid),
    customerId: Type.Optional(Uuid),
    kind: Type.Optional(Type.Union([SaleKind, Type.Literal('void')])),
    from: Type.Optional(
      Type.String({
        pattern: '^\\d{4}-\\d{2}-\\d{2}$',
        description: 'First business day (YYYY-MM-DD, store time zone)',
      }),
    ),
    to: Type.Optional(
      Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Last business day, inclusive' }),
    ),
    flagged: Type.Optional(Type.Boolean()),
    receiptNumber: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const SalePage = Page(RecordedSale, 'Sales, newest first');

export const VoidSaleBody = Type.Object(
  {
    id: Uuid,
    receiptNumber: Type.Integer({ minimum: 1, description: "Next number in the register's void series" }),
    deviceTime: Timestamp,
    reasonCode: Type.String({ minLength: 1, maxLength: 40 }),
    staffId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    cardRefunds: Type.Optional(
      Type.Array(
        Type.Object(
          {
            paymentId: Type.String({
              ...Uuid,
              description: "The card tender's reference: the payment attempt that paid the sale",
            }),
            refundId: Type.String({
              ...Uuid,
              description:
                "The approved refund attempt of that payment, made with POST /api/v1/payments/{paymentId}/refunds and saleId = this void's id",
            }),
          },
          { additionalProperties: false },
        ),
        {
          maxItems: 20,
          description:
            'One approved terminal refund per card tender paid through a payment attempt: a void is never recorded as refunded to card without one',
        },
      ),
    ),
  },
  {
    additionalProperties: false,
    description: 'Voids a sale of the current shift: a new document that reverses it',
  },
);

/** A sale with everything that happened to it since: returns, exchanges and voids that refer to it, and its journal entries. */
export const SaleHistory = Type.Object({
  sale: RecordedSale,
  followUps: Type.Array(
    Type.Object({
      id: Uuid,
      kind: Type.String(),
      receiptNumber: Type.Integer(),
      total: Type.Integer(),
      businessDay: Type.String(),
      receivedAt: Timestamp,
    }),
    { description: 'Returns, exchanges and voids against this sale, oldest first' },
  ),
  journal: Type.Array(
    Type.Object({
      id: Uuid,
      chainId: Type.String(),
      seq: Type.Integer(),
      kind: Type.String(),
      recordedAt: Timestamp,
      hash: Type.String(),
    }),
    { description: 'Journal entries of the sale and of its follow-ups' },
  ),
});
