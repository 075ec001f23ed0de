import { Type } from '@sinclair/typebox';
import { Timestamp, Uuid } from './common.ts';

const Pin = Type.String({ pattern: '^[0-9]{4,6}$', description: '4 to 6 digits', examples: ['4821'] });

export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254, examples: ['eigenaar@example.nl'] }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  {
    additionalProperties: false,
    examples: [{ email: 'eigenaar@example.nl', password: 'correct horse battery' }],
  },
);

export const SessionCreated = Type.Object({
  token: Type.String({
    description:
      'Session token for `Authorization: Bearer`; shown once. Browsers use the kassa_session cookie instead.',
  }),
  csrfToken: Type.String({
    description: 'Send as X-CSRF-Token on every state-changing request made with the cookie',
  }),
  kind: Type.Union([Type.Literal('backOffice'), Type.Literal('register')]),
  staffId: Uuid,
  name: Type.String(),
  idleTimeoutSeconds: Type.Integer(),
});

export const PinLoginBody = Type.Object(
  { staffId: Uuid, pin: Pin },
  { additionalProperties: false, description: 'A badge scan may pick staffId; the PIN is always required' },
);

export const Me = Type.Object({
  kind: Type.Union([Type.Literal('apiToken'), Type.Literal('staffSession'), Type.Literal('device')]),
  id: Uuid,
  name: Type.String(),
  organisationId: Uuid,
  sessionKind: Type.Optional(Type.Union([Type.Literal('backOffice'), Type.Literal('register')])),
  storeId: Type.Union([Uuid, Type.Null()]),
  registerId: Type.Union([Uuid, Type.Null()]),
  deviceId: Type.Union([Uuid, Type.Null()]),
  storeIds: Type.Union([Type.Array(Uuid), Type.Literal('all')], { description: 'Stores this actor may see' }),
  permissions: Type.Record(Type.String(), Type.String(), {
    description:
      'Permission → allow/approve (in the current store for register sessions; best over all stores otherwise)',
  }),
  discountLimitBp: Type.Union([Type.Integer(), Type.Null()]),
});

export const EnrolmentCodeBody = Type.Object(
  { deviceName: Type.Optional(Type.String({ minLength: 1, maxLength: 80, examples: ['iPad kassa 1'] })) },
  { additionalProperties: false },
);
export const EnrolmentCode = Type.Object({
  code: Type.String({
    description: 'One-time code to type on the device; shown once',
    examples: ['K7QM-2XRD-9FHB'],
  }),
  registerId: Uuid,
  expiresAt: Timestamp,
});
export const EnrolBody = Type.Object(
  {
    code: Type.String({ minLength: 4, maxLength: 40 }),
    deviceName: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
  },
  { additionalProperties: false, examples: [{ code: 'K7QM-2XRD-9FHB', deviceName: 'iPad kassa 1' }] },
);
export const DeviceCredential = Type.Object({
  deviceId: Uuid,
  credential: Type.String({
    description: 'The device credential for `Authorization: Bearer`; shown once, keep it in the device',
  }),
  registerId: Uuid,
  storeId: Uuid,
});
export const DeviceStaffList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      locale: Type.String({
        description:
          "The person's language (e.g. nl-NL, en-GB): the register switches to it at their sign-in",
        examples: ['nl-NL'],
      }),
    }),
    { description: 'Who may sign in on this device (ids, names and languages only)' },
  ),
});

export const DeviceOfflinePinList = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        staffId: Uuid,
        name: Type.String(),
        algorithm: Type.Literal('PBKDF2-SHA-256'),
        salt: Type.String({ description: 'base64url, 16 bytes, new with every PIN change' }),
        iterations: Type.Integer({ minimum: 1 }),
        verifier: Type.String({ description: 'base64url of PBKDF2-SHA-256(PIN, salt, iterations), 32 bytes' }),
        managesDevices: Type.Boolean({
          description:
            "Holds `devices.manage` (allow) in the device's store: may override the register's guards while items wait to be sent, also offline",
        }),
      }),
      {
        description:
          'Offline PIN verifiers of the staff who may sign in on this device (never the PIN itself). The device keeps them only to ' +
          'check a PIN while the server is unreachable, and deletes those no longer listed.',
      },
    ),
  },
  { additionalProperties: false },
);

export const ApprovalBody = Type.Object(
  {
    approverStaffId: Uuid,
    pin: Pin,
    permission: Type.String({ maxLength: 80, examples: ['sales.void'] }),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
  },
  {
    additionalProperties: false,
    examples: [
      {
        approverStaffId: '0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c7d',
        pin: '4821',
        permission: 'sales.void',
        reason: 'Wrong item scanned',
      },
    ],
  },
);
export const ApprovalCreated = Type.Object({
  approvalId: Uuid,
  token: Type.String({ description: 'Send as X-Kassa-Approval with the request that needs it; single use' }),
  permission: Type.String(),
  approverStaffId: Uuid,
  expiresAt: Timestamp,
});

export const ApiTokenScope = Type.String({
  pattern: '^(\\*|[a-z_]+:[a-z_.]+)$',
  maxLength: 80,
  examples: ['catalog:read'],
});
export const CreateApiTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, examples: ['Webshop sync'] }),
    scopes: Type.Array(ApiTokenScope, { minItems: 1, maxItems: 50 }),
    expiresAt: Type.Optional(Timestamp),
  },
  {
    additionalProperties: false,
    examples: [
      { name: 'Webshop sync', scopes: ['catalog:read', 'stock:read'], expiresAt: '2027-06-30T00:00:00Z' },
    ],
  },
);
export const ApiTokenView = Type.Object({
  id: Uuid,
  name: Type.String(),
  scopes: Type.Array(Type.String()),
  createdAt: Timestamp,
  expiresAt: Type.Union([Timestamp, Type.Null()]),
  revokedAt: Type.Union([Timestamp, Type.Null()]),
  lastUsedAt: Type.Union([Timestamp, Type.Null()]),
});
export const ApiTokenList = Type.Object({ items: Type.Array(ApiTokenView) });
export const ApiTokenCreated = Type.Object({
  ...ApiTokenView.properties,
  token: Type.String({ description: 'Shown once; stored only as a hash' }),
});

/** Store views: what the caller may see of its stores (GET /api/v1/stores). */
export const StoreView = Type.Object({
  id: Uuid,
  name: Type.String(),
  addressLine1: Type.String(),
  postalCode: Type.String(),
  city: Type.String(),
  country: Type.String(),
  currency: Type.String(),
  timeZone: Type.String(),
  registers: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
});
export const StoreViewList = Type.Object({ items: Type.Array(StoreView) });
