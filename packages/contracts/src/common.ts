import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** A UUIDv7 (or any RFC 9562 UUID) in lower-case text form. */
export const Uuid = Type.String({
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
  description: 'UUID (lower case)',
  examples: ['0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c7d'],
});

/** An amount in minor units (cents for EUR); never a float. */
export const MinorAmount = Type.Integer({
  minimum: 0,
  maximum: 9_000_000_000_000,
  description: 'Amount in minor units of the currency (cents for EUR)',
  examples: [1995],
});

/** An ISO 4217 currency code. */
export const CurrencyCode = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 currency code', examples: ['EUR'] });

/** RFC 3339 timestamp. */
export const Timestamp = Type.String({ format: 'date-time', examples: ['2026-11-27T10:15:00.000Z'] });

/** The body of every error response. */
export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable code, prefixed by module', examples: ['CATALOG_SKU_TAKEN'] }),
      message: Type.String({ description: 'A sentence that says what is wrong and what to do' }),
      details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    }),
  },
  { $id: 'ErrorBody', description: 'The one error shape of every endpoint' },
);
export type ErrorBody = Static<typeof ErrorBody>;

/** Cursor pagination parameters. */
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Page size (max 200)' })),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'Opaque cursor from the previous page' })),
};

/** A page of items with the cursor of the next page (null at the end). */
export function Page<T extends TSchema>(item: T, description: string) {
  return Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) }, { description });
}

export const HealthResponse = Type.Object({
  status: Type.Literal('ok'),
  version: Type.String(),
});

export const ReadyResponse = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]),
  database: Type.String({ description: 'sqlite or postgres' }),
});
