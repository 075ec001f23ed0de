import { Type } from '@sinclair/typebox';
import { Page, PageQuery, Timestamp, Uuid } from './common.ts';

export const AdjustmentReason = Type.Union(
  [
    Type.Literal('damaged'),
    Type.Literal('theft'),
    Type.Literal('found'),
    Type.Literal('correction'),
    Type.Literal('initial'),
  ],
  { description: 'Why stock changed outside a sale' },
);

export const StockAdjustmentBody = Type.Object(
  {
    id: Uuid,
    storeId: Uuid,
    variantId: Uuid,
    quantityMilli: Type.Integer({
      minimum: -100_000_000,
      maximum: 100_000_000,
      description: 'Signed change in thousandths (−2000 = two pieces fewer)',
    }),
    reason: AdjustmentReason,
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false, description: 'One stock adjustment; the id makes a retry safe' },
);

export const StockCountBody = Type.Object(
  {
    id: Uuid,
    storeId: Uuid,
    lines: Type.Array(
      Type.Object(
        { variantId: Uuid, countedMilli: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 5000 },
    ),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  {
    additionalProperties: false,
    description: 'Counted quantities; the difference with on-hand becomes a count correction per line',
  },
);

export const StockMovement = Type.Object({
  id: Uuid,
  storeId: Uuid,
  variantId: Uuid,
  kind: Type.String({ examples: ['sale', 'return', 'adjustment', 'count'] }),
  quantityMilli: Type.Integer(),
  reason: Type.Union([Type.String(), Type.Null()]),
  documentId: Type.Union([Type.String(), Type.Null()]),
  staffId: Type.Union([Type.String(), Type.Null()]),
  occurredAt: Timestamp,
  recordedAt: Timestamp,
});

export const StockMovementPage = Page(StockMovement, 'Stock movements, oldest first');

export const StockMovementQuery = Type.Object(
  {
    ...PageQuery,
    storeId: Type.Optional(Uuid),
    variantId: Type.Optional(Uuid),
    documentId: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);

export const StockLevel = Type.Object({
  storeId: Uuid,
  variantId: Uuid,
  onHandMilli: Type.Integer(),
  updatedAt: Timestamp,
});

export const StockLevelQuery = Type.Object(
  {
    ...PageQuery,
    storeId: Uuid,
    variantId: Type.Optional(Uuid),
    negative: Type.Optional(Type.Boolean({ description: 'Only levels below zero' })),
  },
  { additionalProperties: false },
);

export const StockLevelPage = Page(StockLevel, 'Stock levels of a store');

export const StockCountResult = Type.Object({
  id: Uuid,
  corrections: Type.Array(
    Type.Object({
      variantId: Uuid,
      previousMilli: Type.Integer(),
      countedMilli: Type.Integer(),
      differenceMilli: Type.Integer(),
    }),
  ),
});
