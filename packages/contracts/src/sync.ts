import { Type, type Static } from '@sinclair/typebox';
import { SaleDocument, VoidSaleBody } from './sales.ts';
import { Timestamp, Uuid } from './common.ts';

const OfflinePeriod = Type.Object(
  {
    startedAt: Timestamp,
    endedAt: Timestamp,
    salesWhileOffline: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false, description: 'A period the register worked without the server' },
);

/** Things that happened at the register and belong in its journal chain. */
export const RegisterEventKind = Type.Union(
  [
    Type.Literal('drawer.opened_no_sale'),
    Type.Literal('receipt.reprinted'),
    Type.Literal('register.signed_in'),
    Type.Literal('register.signed_out'),
    Type.Literal('register.settings_changed'),
    Type.Literal('register.override_used'),
    // Offline PIN checks (STAFF.md, "Signing in offline"): a wrong PIN, and a person locked on this device.
    Type.Literal('register.offline_pin_failed'),
    Type.Literal('register.offline_pin_locked'),
    // Device care (REGISTER.md, "Waiting items"): the device's copy of the server's data read again,
    // and the device wiped for a new enrolment.
    Type.Literal('register.data_reloaded'),
    Type.Literal('register.device_reset'),
  ],
  { description: 'What happened at the register' },
);
export type RegisterEventKind = Static<typeof RegisterEventKind>;

const RegisterEvent = Type.Object(
  {
    kind: RegisterEventKind,
    occurredAt: Timestamp,
    staffId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    details: Type.Optional(
      Type.Record(
        Type.String({ maxLength: 40 }),
        // One schema with a list of types, not a union: the server coerces request bodies, and the
        // union's string branch turned every number and boolean into a string before the others
        // were tried. With a type list, a value keeps its type when it has one of them.
        Type.Unsafe<string | number | boolean | null>({ type: ['string', 'integer', 'boolean', 'null'], maxLength: 500 }),
        {
          maxProperties: 20,
          description: 'Plain facts (no secrets): e.g. { "saleId": "…", "copy": 2 }',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

const TimePunch = Type.Object(
  {
    type: Type.Union(
      [Type.Literal('clock_in'), Type.Literal('clock_out'), Type.Literal('break_start'), Type.Literal('break_end')],
      { description: 'What the person did at the register' },
    ),
    staffId: Uuid,
    occurredAt: Timestamp,
  },
  {
    additionalProperties: false,
    description:
      'A time-clock punch made at the register (online or offline, after the person identified themselves with their PIN). The item id becomes the time entry id.',
  },
);

const OutboxVoid = Type.Composite([Type.Object({ saleId: Uuid }), VoidSaleBody], {
  additionalProperties: false,
});

export const SyncItem = Type.Union([
  Type.Object(
    { id: Uuid, kind: Type.Literal('sale'), payload: SaleDocument },
    { additionalProperties: false },
  ),
  Type.Object(
    { id: Uuid, kind: Type.Literal('offline_period'), payload: OfflinePeriod },
    { additionalProperties: false },
  ),
  Type.Object(
    { id: Uuid, kind: Type.Literal('register_event'), payload: RegisterEvent },
    { additionalProperties: false },
  ),
  Type.Object({ id: Uuid, kind: Type.Literal('void'), payload: OutboxVoid }, { additionalProperties: false }),
  Type.Object(
    { id: Uuid, kind: Type.Literal('time_punch'), payload: TimePunch },
    { additionalProperties: false },
  ),
]);

export const SyncPushBody = Type.Object(
  {
    registerId: Uuid,
    items: Type.Array(SyncItem, {
      minItems: 1,
      maxItems: 200,
      description: 'Outbox items in the order they happened',
    }),
  },
  {
    additionalProperties: false,
    description: "A batch of a register's outbox. Each item is idempotent by its id.",
  },
);

export const SyncItemResult = Type.Object({
  id: Uuid,
  status: Type.Union([Type.Literal('recorded'), Type.Literal('duplicate'), Type.Literal('rejected')], {
    description:
      'recorded: new; duplicate: recorded before (remove it from the outbox); rejected: will never be accepted as is',
  }),
  error: Type.Optional(
    Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) }),
  ),
  result: Type.Optional(
    Type.Unknown({ description: 'What the server recorded (for a sale: the recorded sale)' }),
  ),
});

export const SyncPushResponse = Type.Object({
  results: Type.Array(SyncItemResult, { description: 'One acknowledgement per item, in the order sent' }),
  serverTime: Timestamp,
});

export const HeartbeatBody = Type.Object(
  {
    registerId: Uuid,
    pendingItems: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
    appVersion: Type.Optional(Type.String({ maxLength: 40 })),
    storagePersisted: Type.Optional(Type.Boolean()),
    lastSyncAt: Type.Optional(Timestamp),
    quotaUsedBytes: Type.Optional(Type.Integer({ minimum: 0 })),
    quotaBytes: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

export const RegisterSyncStatus = Type.Object({
  registerId: Uuid,
  lastSyncAt: Type.Union([Timestamp, Type.Null()]),
  lastHeartbeatAt: Timestamp,
  pendingItems: Type.Integer(),
  appVersion: Type.Union([Type.String(), Type.Null()]),
  storagePersisted: Type.Union([Type.Boolean(), Type.Null()]),
  openIncidents: Type.Integer({ description: 'Receipt gaps and conflicts not yet resolved' }),
});

export const LeaseBody = Type.Object(
  {
    holderId: Type.String({
      minLength: 8,
      maxLength: 100,
      description: 'A random id of the tab/device asking to sell on this register',
    }),
    ttlSeconds: Type.Optional(Type.Integer({ minimum: 10, maximum: 3600, default: 120 })),
  },
  { additionalProperties: false },
);

export const Lease = Type.Object({ registerId: Uuid, holderId: Type.String(), expiresAt: Timestamp });
