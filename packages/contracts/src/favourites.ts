import { Type, type Static } from '@sinclair/typebox';
import { Timestamp, Uuid } from './common.ts';

/** At most this many favourites per store: one screen of tiles on a tablet. */
export const MAX_FAVOURITES = 60;

export const StoreFavourites = Type.Object({
  storeId: Uuid,
  variantIds: Type.Array(Uuid, {
    description: 'The items on the register’s favourites tiles, in order. Archived items are left out when read.',
  }),
  version: Type.Integer({ description: 'Send it back with a change; 0 = never saved' }),
  updatedAt: Type.Union([Timestamp, Type.Null()]),
});
export type StoreFavourites = Static<typeof StoreFavourites>;

export const UpdateStoreFavouritesBody = Type.Object(
  {
    version: Type.Integer({
      minimum: 0,
      description: 'The version you read (0 when never saved); a stale version is 409',
    }),
    variantIds: Type.Array(Uuid, {
      maxItems: MAX_FAVOURITES,
      description: `The new list, in order (at most ${MAX_FAVOURITES}, each item once, none archived); [] empties it`,
    }),
  },
  { additionalProperties: false },
);
export type UpdateStoreFavouritesBody = Static<typeof UpdateStoreFavouritesBody>;
