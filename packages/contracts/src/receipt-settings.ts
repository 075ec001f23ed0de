import { Type, type Static } from '@sinclair/typebox';
import { Timestamp, Uuid } from './common.ts';

/** Header and footer lines: short enough for 80 mm paper (48 columns); 58 mm paper cuts at 32. */
const ReceiptLines = Type.Array(Type.String({ maxLength: 48 }), {
  maxItems: 8,
  description: 'Printed centred, one per line; at most 8 lines of 48 characters (58 mm paper shows 32)',
});

/** A stored receipt logo as the API returns it. */
export const ReceiptLogoView = Type.Object({
  mediaType: Type.Literal('image/png'),
  data: Type.String({ description: 'The PNG file, base64' }),
  width: Type.Integer({ description: 'Pixels; the printer scales a logo wider than its paper down' }),
  height: Type.Integer(),
  bytes: Type.Integer({ description: 'Size of the PNG file' }),
});

/** A store's receipt settings (`GET /api/v1/stores/{id}/receipt-settings`). */
export const ReceiptSettings = Type.Object({
  storeId: Uuid,
  headerLines: Type.Array(Type.String()),
  footerLines: Type.Array(Type.String()),
  locale: Type.Union([Type.Literal('nl'), Type.Literal('en')], {
    description: 'The language receipts print in',
  }),
  localeIsDefault: Type.Boolean({
    description: 'True when the language follows the store (Dutch in NL and BE, English elsewhere)',
  }),
  logo: Type.Union([ReceiptLogoView, Type.Null()]),
  version: Type.Integer({ description: 'Send it back with a change; 0 = never saved' }),
  updatedAt: Type.Union([Timestamp, Type.Null()]),
});
export type ReceiptSettings = Static<typeof ReceiptSettings>;

/** A change to a store's receipt settings: fields left out stay as they are. */
export const UpdateReceiptSettingsBody = Type.Object(
  {
    version: Type.Integer({
      minimum: 0,
      description: 'The version you read (0 when never saved); a stale version is 409',
    }),
    headerLines: Type.Optional(ReceiptLines),
    footerLines: Type.Optional(ReceiptLines),
    locale: Type.Optional(
      Type.Union([Type.Literal('nl'), Type.Literal('en'), Type.Null()], {
        description: 'null: follow the store',
      }),
    ),
    logo: Type.Optional(
      Type.Union(
        [
          Type.Object(
            {
              mediaType: Type.String({ description: 'Must be image/png' }),
              data: Type.String({ description: 'The PNG file, base64; at most 32 KiB and 576 × 576 pixels' }),
            },
            { additionalProperties: false },
          ),
          Type.Null(),
        ],
        { description: 'null removes the logo' },
      ),
    ),
  },
  {
    additionalProperties: false,
    examples: [
      {
        version: 0,
        headerLines: ['Welkom bij Huis & Haven'],
        footerLines: ['Bedankt voor je bezoek!', 'Ruilen binnen 30 dagen met deze bon'],
        locale: 'nl',
      },
    ],
  },
);
export type UpdateReceiptSettingsBody = Static<typeof UpdateReceiptSettingsBody>;
