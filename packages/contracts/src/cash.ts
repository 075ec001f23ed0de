import { Type, type Static } from '@sinclair/typebox';
import { CurrencyCode, Timestamp, Uuid } from './common.ts';
import { OfflineCardTotals } from './payments.ts';

const Positive = (description: string) => Type.Integer({ minimum: 1, maximum: 9_000_000_000_000, description });

/** How many of one note or coin were counted. */
export const DenominationCount = Type.Object(
  { value: Type.Integer({ minimum: 1, description: 'The note or coin in minor units: 5000 = a 50 euro note' }), count: Type.Integer({ minimum: 0, maximum: 1_000_000 }) },
  { additionalProperties: false },
);

/** Cash counted: by denomination (preferred, the server adds it up) or as one amount for currencies without a table. */
export const CashCount = Type.Object(
  {
    denominations: Type.Optional(Type.Array(DenominationCount, { maxItems: 40 })),
    amount: Type.Optional(Type.Integer({ minimum: 0, maximum: 9_000_000_000_000, description: 'Total in minor units when not counted by denomination' })),
  },
  { additionalProperties: false, description: 'Give denominations or amount (not both)' },
);
export type CashCount = Static<typeof CashCount>;

export const OpenShiftBody = Type.Object(
  {
    id: Uuid,
    deviceTime: Timestamp,
    staffId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'Who opened (defaults to the signed-in person)' })),
    float: CashCount,
  },
  {
    additionalProperties: false,
    examples: [{ id: '0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c70', deviceTime: '2026-11-27T08:55:00+01:00', float: { denominations: [{ value: 1000, count: 5 }, { value: 200, count: 10 }, { value: 50, count: 20 }] } }],
  },
);
export type OpenShiftBody = Static<typeof OpenShiftBody>;

export const Shift = Type.Object({
  id: Uuid,
  storeId: Uuid,
  registerId: Uuid,
  currency: CurrencyCode,
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  openedAt: Timestamp,
  openedBy: Type.Union([Uuid, Type.Null()]),
  openingFloat: Type.Integer(),
  openingDenominations: Type.Array(DenominationCount),
  previousShiftId: Type.Union([Uuid, Type.Null()]),
  openingDiscrepancy: Type.Union([Type.Integer(), Type.Null()], { description: 'Float counted minus the cash the previous close left in the drawer; null for the first shift' }),
  closedAt: Type.Union([Timestamp, Type.Null()]),
  zReportId: Type.Union([Uuid, Type.Null()]),
});
export type Shift = Static<typeof Shift>;

export const CashMovementBody = Type.Object(
  {
    id: Uuid,
    kind: Type.Union([Type.Literal('pay_in'), Type.Literal('pay_out')]),
    amount: Positive('Cash put in or taken out, minor units'),
    reason: Type.String({ minLength: 1, maxLength: 200, examples: ['Wisselgeld van de bank', 'Schoonmaakmiddelen'] }),
    deviceTime: Timestamp,
    staffId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  },
  { additionalProperties: false, examples: [{ id: '0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c71', kind: 'pay_out', amount: 1250, reason: 'Koffie en melk', deviceTime: '2026-11-27T11:02:00+01:00' }] },
);

export const NoSaleBody = Type.Object(
  {
    id: Uuid,
    deviceTime: Timestamp,
    reason: Type.Optional(Type.String({ maxLength: 200, examples: ['Wisselgeld voor buurman'] })),
    staffId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  },
  { additionalProperties: false, examples: [{ id: '0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c72', deviceTime: '2026-11-27T11:05:00+01:00', reason: 'Change for the market stall' }] },
);

export const CashMovement = Type.Object({
  id: Uuid,
  shiftId: Uuid,
  kind: Type.Union([Type.Literal('pay_in'), Type.Literal('pay_out'), Type.Literal('no_sale')]),
  amount: Type.Integer(),
  reason: Type.Union([Type.String(), Type.Null()]),
  staffId: Type.Union([Uuid, Type.Null()]),
  occurredAt: Timestamp,
  journal: Type.Object({ seq: Type.Integer(), hash: Type.String() }),
  drawerKickJobId: Type.Union([Uuid, Type.Null()], { description: 'The print job that opens the drawer through the receipt printer, when the register has one' }),
});

/** A tender counted at close: cash by denomination or amount, other tenders as an amount (e.g. the terminal's day total). */
export const CountedTender = Type.Object(
  {
    type: Type.String({ minLength: 1, maxLength: 20, examples: ['cash', 'card', 'custom'] }),
    name: Type.Optional(Type.String({ maxLength: 60, description: 'Name of a custom tender' })),
    denominations: Type.Optional(Type.Array(DenominationCount, { maxItems: 40 })),
    amount: Type.Optional(Type.Integer({ minimum: 0, maximum: 9_000_000_000_000 })),
  },
  { additionalProperties: false },
);

export const CloseShiftBody = Type.Object(
  {
    id: Uuid,
    deviceTime: Timestamp,
    staffId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    counted: Type.Array(CountedTender, { maxItems: 30, description: 'Blind count: the register does not show the expected figures before this is sent' }),
    keptInDrawer: Type.Optional(Type.Integer({ minimum: 0, description: 'Cash left in the drawer as the next float (default: all counted cash)' })),
  },
  {
    additionalProperties: false,
    examples: [{ id: '0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c73', deviceTime: '2026-11-27T18:05:00+01:00', counted: [{ type: 'cash', denominations: [{ value: 5000, count: 3 }, { value: 1000, count: 4 }] }, { type: 'card', amount: 48210 }], keptInDrawer: 10000 }],
  },
);
export type CloseShiftBody = Static<typeof CloseShiftBody>;

const KindTotal = Type.Object({ count: Type.Integer(), total: Type.Integer() });

export const ShiftFigures = Type.Object({
  salesCount: Type.Integer({ description: 'Sales and exchanges' }),
  sales: KindTotal,
  returns: KindTotal,
  exchanges: KindTotal,
  voids: KindTotal,
  netTotal: Type.Integer({ description: 'Σ document totals incl. tax, before cash rounding' }),
  taxTotal: Type.Integer(),
  discountTotal: Type.Integer(),
  roundingTotal: Type.Integer({ description: 'Cash rounding, its own account' }),
  tenders: Type.Array(Type.Object({ key: Type.String(), type: Type.String(), name: Type.Union([Type.String(), Type.Null()]), amount: Type.Integer(), count: Type.Integer() })),
  taxRates: Type.Array(Type.Object({ code: Type.String(), rateBp: Type.Integer(), base: Type.Integer(), tax: Type.Integer(), gross: Type.Integer() })),
  payIns: KindTotal,
  payOuts: KindTotal,
  noSaleOpens: Type.Integer(),
});

const Reconciliation = Type.Object({ key: Type.String(), expected: Type.Integer(), counted: Type.Integer(), difference: Type.Integer({ description: 'counted − expected: + over, − short' }) });

/** The terminal's side of the card takings (docs/CASH.md, "Card totals: the terminal's side"). */
export const CardTerminalReconciliation = Type.Object(
  {
    tendered: Type.Integer({ description: 'Σ card tenders of the shift\'s documents' }),
    terminal: Type.Integer({ description: 'Σ approved card payments − approved card refunds of the register\'s terminal for this shift' }),
    difference: Type.Integer({ description: 'terminal − tendered: + the terminal took more than the sales record' }),
    operations: Type.Integer({ description: 'Approved terminal operations counted' }),
    sales: Type.Array(
      Type.Object({
        saleId: Uuid,
        tendered: Type.Integer(),
        terminal: Type.Integer(),
        difference: Type.Integer(),
        reason: Type.Union([Type.Literal('amount_differs'), Type.Literal('no_sale'), Type.Literal('no_terminal_payment')], {
          description: 'amount_differs: e.g. charged twice; no_sale: approved but no sale recorded in this shift; no_terminal_payment: a card tender no terminal approved (stand-alone or offline)',
        }),
      }),
      { description: 'Only the sales whose figures differ' },
    ),
    offline: Type.Optional(OfflineCardTotals),
  },
  { description: 'What the payment terminal approved against the card tenders, sale by sale. Kept apart from the blind count.' },
);

export const XReport = Type.Object({
  shiftId: Uuid,
  registerId: Uuid,
  currency: CurrencyCode,
  openedAt: Timestamp,
  generatedAt: Timestamp,
  openingFloat: Type.Integer(),
  openingDiscrepancy: Type.Union([Type.Integer(), Type.Null()]),
  figures: ShiftFigures,
  expected: Type.Array(Type.Object({ key: Type.String(), amount: Type.Integer() }), { description: 'What should be in the till per tender now' }),
  cardTerminal: CardTerminalReconciliation,
});

export const ZReport = Type.Object({
  id: Uuid,
  zNumber: Type.Integer({ description: 'Gapless per register, never reset' }),
  shiftId: Uuid,
  storeId: Uuid,
  registerId: Uuid,
  currency: CurrencyCode,
  openedAt: Timestamp,
  closedAt: Timestamp,
  closedBy: Type.Union([Uuid, Type.Null()]),
  openingFloat: Type.Integer(),
  openingDiscrepancy: Type.Union([Type.Integer(), Type.Null()], { description: 'Kept apart from the closing over/short' }),
  figures: ShiftFigures,
  reconciliation: Type.Array(Reconciliation),
  cardTerminal: Type.Optional(CardTerminalReconciliation),
  closingDiscrepancy: Type.Integer({ description: 'Σ over/short of every tender at close' }),
  keptInDrawer: Type.Integer(),
  grandTotal: Type.Integer({ description: 'Perpetual: Σ netTotal of every Z of this register, never reset' }),
  chainHead: Type.Object({ seq: Type.Integer(), hash: Type.String() }, { description: 'The register journal head when the shift closed (before the Z entry)' }),
  journal: Type.Object({ seq: Type.Integer(), hash: Type.String() }, { description: 'The Z report entry itself' }),
});
export type ZReport = Static<typeof ZReport>;

export const ZReportList = Type.Object({ items: Type.Array(ZReport) });

/** A payment means configured per store. Gift cards, store credit and loyalty points get their own kinds later. */
export const TenderDefinition = Type.Object({
  id: Uuid,
  storeId: Uuid,
  name: Type.String(),
  kind: Type.Union([Type.Literal('custom')], { description: 'custom today; giftCard, storeCredit, loyalty and voucher will be kinds with their own ledger' }),
  countedAtClose: Type.Boolean({ description: 'Whether the close asks for a count of this tender' }),
  opensDrawer: Type.Boolean(),
  active: Type.Boolean(),
  createdAt: Timestamp,
});

export type TenderDefinition = Static<typeof TenderDefinition>;

export const TenderDefinitionList = Type.Object({ items: Type.Array(TenderDefinition) });

export const CreateTenderBody = Type.Object(
  {
    id: Uuid,
    name: Type.String({ minLength: 1, maxLength: 60 }),
    kind: Type.Optional(Type.Literal('custom')),
    countedAtClose: Type.Optional(Type.Boolean({ default: false })),
    opensDrawer: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false, examples: [{ id: '0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c74', name: 'Op rekening' }] },
);
