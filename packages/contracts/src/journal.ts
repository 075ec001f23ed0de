import { Type, type Static } from '@sinclair/typebox';
import { Page, PageQuery, Timestamp, Uuid } from './common.ts';

/** One entry of the tamper-evident journal. */
export const JournalEntry = Type.Object({
  id: Uuid,
  chainId: Type.String({
    description: '`register:<id>` or `org:<id>`',
    examples: ['register:0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c7d'],
  }),
  seq: Type.Integer({ description: 'Position in its chain, gapless from 1' }),
  kind: Type.String({ examples: ['sale.completed'] }),
  storeId: Type.Union([Uuid, Type.Null()]),
  registerId: Type.Union([Uuid, Type.Null()]),
  documentId: Type.Union([Type.String(), Type.Null()]),
  occurredAt: Timestamp,
  recordedAt: Timestamp,
  payload: Type.Unknown({ description: 'The entry as hashed (canonical JSON)' }),
  previousHash: Type.String({ description: 'SHA-256 hex of the previous entry (64 zeros for the first)' }),
  hash: Type.String({ description: 'SHA-256 hex of previousHash + canonical JSON of the entry' }),
});
export type JournalEntry = Static<typeof JournalEntry>;

export const JournalPage = Page(JournalEntry, 'Journal entries in the order they were recorded');

export const JournalQuery = Type.Object(
  {
    ...PageQuery,
    registerId: Type.Optional(Uuid),
    kind: Type.Optional(Type.String({ maxLength: 60, pattern: '^[a-z_.]+$' })),
    documentId: Type.Optional(Type.String({ maxLength: 60 })),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Recorded at or after' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Recorded before' })),
  },
  { additionalProperties: false },
);

export const JournalVerification = Type.Object({
  ok: Type.Boolean(),
  chains: Type.Integer(),
  entries: Type.Integer(),
  breaks: Type.Array(
    Type.Object({
      chainId: Type.String(),
      seq: Type.Integer(),
      reason: Type.String({
        examples: ['HASH_MISMATCH', 'SEQ_GAP', 'PREVIOUS_HASH_MISMATCH', 'HEAD_MISMATCH', 'HEAD_MISSING'],
      }),
      entryId: Type.Union([Uuid, Type.Null()]),
    }),
  ),
});
