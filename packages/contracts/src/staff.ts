import { Type, type Static } from '@sinclair/typebox';
import { MinorAmount, Page, PageQuery, Timestamp, Uuid } from './common.ts';

/**
 * The permission catalogue: one entry per action a person or integration may
 * be allowed to do. Routes declare one of these (or `public`, `authenticated`,
 * `device`); API token scopes are the same names with `:` after the module
 * (`catalog.read` → `catalog:read`).
 */
export const PERMISSION_CATALOGUE = {
  'sales.sell': 'Ring up and complete sales at a register',
  'sales.read': 'Look up sales and receipts',
  'sales.discount.above_limit': "Give a discount above the role's discount limit",
  'sales.price_override': 'Change the price of a line at the register',
  'sales.unknown_item': 'Sell an item the catalogue does not know, with a typed description and price',
  'sales.void': 'Void a completed sale in the same shift',
  'sales.refund': 'Refund or return goods against a receipt',
  'sales.refund.without_receipt': 'Refund or return goods without a receipt',
  'cash.drawer.open_no_sale': 'Open the cash drawer without a sale',
  'cash.shift.open': 'Open a register shift with a counted float',
  'cash.shift.close': 'Close a shift (blind count, Z report)',
  'cash.movement.record': 'Pay cash into or out of the drawer with a reason',
  'cash.report.view': 'View X reports, Z reports and shifts',
  'catalog.read': 'Read products, categories, prices and tax rates',
  'catalog.write': 'Create and change products, categories and prices',
  'stock.read': 'Read stock levels and movements',
  'stock.adjust': 'Adjust stock (counts, corrections, write-offs)',
  'customers.read': 'Read customers',
  'customers.write': 'Create and change customers',
  'reports.view': 'View sales, cash and labour reports',
  'journal.read': 'Read and verify the tamper-evident journal',
  'staff.read': 'Read staff members, roles and permissions',
  'staff.manage': 'Create and change staff, roles, PINs and passwords; unlock accounts',
  'settings.manage': 'Change store and organisation settings',
  'integrations.manage': 'Create and revoke API tokens and webhooks',
  'devices.manage': 'Enrol registers (one-time codes) and manage enrolled devices',
  'timeclock.manage': 'Correct time clock entries and view hours of others',
} as const satisfies Record<string, string>;

/** A permission name from the catalogue. */
export type PermissionKey = keyof typeof PERMISSION_CATALOGUE;

/** Every permission name, in catalogue order. */
export const PERMISSION_KEYS = Object.keys(PERMISSION_CATALOGUE) as PermissionKey[];

/**
 * Route declarations that are not catalogue permissions: `public` (no
 * credential), `authenticated` (any valid credential), `device` (an enrolled
 * device's credential or a register session on it).
 */
export const PSEUDO_PERMISSIONS = ['public', 'authenticated', 'device'] as const;

export const Decision = Type.Union([Type.Literal('allow'), Type.Literal('deny'), Type.Literal('approve')], {
  description:
    'allow: may do it; deny: may not; approve: may do it with a manager approval (X-Kassa-Approval)',
});
export type Decision = Static<typeof Decision>;

export const PermissionMap = Type.Record(
  Type.String({ pattern: '^[a-z_]+(\\.[a-z_]+)+$', maxLength: 80 }),
  Decision,
  {
    description: 'Permission → decision; permissions left out are denied',
    examples: [{ 'sales.sell': 'allow', 'sales.void': 'approve', 'catalog.write': 'deny' }],
  },
);

export const PermissionInfo = Type.Object({
  key: Type.String({ examples: ['sales.void'] }),
  scope: Type.String({ examples: ['sales:void'] }),
  description: Type.String(),
});
export const PermissionList = Type.Object({ items: Type.Array(PermissionInfo) });

const RoleName = Type.String({
  minLength: 1,
  maxLength: 80,
  description: 'Role name',
  examples: ['Senior cashier'],
});
const DiscountLimitBp = Type.Integer({
  minimum: 0,
  maximum: 10_000,
  description: 'Largest discount without approval, in basis points (1000 = 10 %)',
  examples: [1000],
});

export const Role = Type.Object({
  id: Uuid,
  key: Type.Union([Type.Literal('owner'), Type.Literal('manager'), Type.Literal('cashier'), Type.Null()], {
    description: 'Built-in role key; null for custom roles',
  }),
  name: Type.String(),
  discountLimitBp: DiscountLimitBp,
  permissions: PermissionMap,
  version: Type.Integer(),
});
export type Role = Static<typeof Role>;
export const RoleList = Type.Object({ items: Type.Array(Role) });

export const CreateRoleBody = Type.Object(
  { name: RoleName, discountLimitBp: DiscountLimitBp, permissions: PermissionMap },
  {
    additionalProperties: false,
    examples: [
      {
        name: 'Senior cashier',
        discountLimitBp: 2000,
        permissions: { 'sales.sell': 'allow', 'sales.void': 'allow' },
      },
    ],
  },
);
export type CreateRoleBody = Static<typeof CreateRoleBody>;

export const UpdateRoleBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    name: Type.Optional(RoleName),
    discountLimitBp: Type.Optional(DiscountLimitBp),
    permissions: Type.Optional(PermissionMap),
  },
  {
    additionalProperties: false,
    examples: [{ version: 1, permissions: { 'sales.sell': 'allow', 'sales.void': 'allow' } }],
  },
);
export type UpdateRoleBody = Static<typeof UpdateRoleBody>;

export const StoreRole = Type.Object(
  { storeId: Uuid, roleId: Uuid },
  { additionalProperties: false, description: 'The role this person has in one store' },
);

const staffFields = {
  name: Type.String({ minLength: 1, maxLength: 120, examples: ['Sanne de Vries'] }),
  email: Type.Optional(
    Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Null()], {
      description: 'Back-office sign-in; unique',
    }),
  ),
  phone: Type.Optional(Type.Union([Type.String({ maxLength: 40, pattern: '^[0-9+() .-]*$' }), Type.Null()])),
  locale: Type.Optional(Type.String({ pattern: '^[a-z]{2}(-[A-Z]{2})?$', examples: ['nl-NL'] })),
  hourlyWage: Type.Optional(
    Type.Union([MinorAmount, Type.Null()], {
      description: 'Gross hourly wage in minor units, for labour cost',
    }),
  ),
  active: Type.Optional(Type.Boolean({ description: 'Inactive staff cannot sign in; their history stays' })),
  allStoresRoleId: Type.Optional(
    Type.Union([Uuid, Type.Null()], { description: 'A role held in every store (owners, area managers)' }),
  ),
  storeRoles: Type.Optional(Type.Array(StoreRole, { maxItems: 500 })),
};

export const CreateStaffBody = Type.Object(staffFields, {
  additionalProperties: false,
  examples: [
    {
      name: 'Sanne de Vries',
      email: 'sanne@example.nl',
      locale: 'nl-NL',
      hourlyWage: 1450,
      storeRoles: [
        { storeId: '0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c7d', roleId: '0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c7e' },
      ],
    },
  ],
});
export type CreateStaffBody = Static<typeof CreateStaffBody>;

export const UpdateStaffBody = Type.Object(
  { version: Type.Integer({ minimum: 1 }), ...staffFields },
  { additionalProperties: false },
);
export type UpdateStaffBody = Static<typeof UpdateStaffBody>;

export const StaffMember = Type.Object({
  id: Uuid,
  name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  locale: Type.String(),
  hourlyWage: Type.Union([MinorAmount, Type.Null()]),
  active: Type.Boolean(),
  allStoresRoleId: Type.Union([Uuid, Type.Null()]),
  storeRoles: Type.Array(StoreRole),
  hasPin: Type.Boolean({ description: 'A PIN is set (the PIN itself is never returned)' }),
  hasPassword: Type.Boolean(),
  lockedUntil: Type.Union([Timestamp, Type.Null()], {
    description: 'Set while PIN or password sign-in is locked',
  }),
  version: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type StaffMember = Static<typeof StaffMember>;
export const StaffPage = Page(StaffMember, 'A page of staff members');

export const StaffListQuery = Type.Object(
  {
    ...PageQuery,
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of the name or e-mail' })),
    storeId: Type.Optional(Uuid),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const SetPinBody = Type.Object(
  {
    pin: Type.String({
      pattern: '^[0-9]{4,6}$',
      description: '4 to 6 digits; stored hashed, never returned',
      examples: ['4821'],
    }),
  },
  { additionalProperties: false },
);
export const SetPasswordBody = Type.Object(
  {
    password: Type.String({ minLength: 12, maxLength: 200, description: 'At least 12 characters' }),
    currentPassword: Type.Optional(
      Type.String({ maxLength: 200, description: 'Required when changing your own password' }),
    ),
  },
  { additionalProperties: false },
);

/** Time clock. */
export const PunchType = Type.Union([
  Type.Literal('clock_in'),
  Type.Literal('clock_out'),
  Type.Literal('break_start'),
  Type.Literal('break_end'),
]);
export const PunchBody = Type.Object(
  {
    staffId: Type.Optional(Uuid),
    pin: Type.Optional(
      Type.String({
        pattern: '^[0-9]{4,6}$',
        description: 'Needed when punching for someone other than the signed-in staff member',
      }),
    ),
  },
  { additionalProperties: false },
);
export const TimeEntry = Type.Object({
  id: Uuid,
  staffId: Uuid,
  storeId: Uuid,
  type: PunchType,
  at: Timestamp,
  originalAt: Timestamp,
  voided: Type.Boolean(),
  corrections: Type.Array(
    Type.Object({
      id: Uuid,
      at: Type.Union([Timestamp, Type.Null()]),
      voided: Type.Boolean(),
      reason: Type.String(),
      correctedBy: Uuid,
      createdAt: Timestamp,
    }),
  ),
});
export const CorrectionBody = Type.Object(
  {
    at: Type.Optional(Timestamp),
    void: Type.Optional(Type.Boolean({ description: 'true: the entry no longer counts' })),
    reason: Type.String({ minLength: 3, maxLength: 500, examples: ['Forgot to clock out; left at 17:30'] }),
  },
  { additionalProperties: false },
);
export const HoursQuery = Type.Object(
  {
    from: Type.String({ format: 'date', description: 'First business day (YYYY-MM-DD, store time zone)' }),
    to: Type.String({ format: 'date', description: 'Last business day, inclusive (max 62 days)' }),
    storeId: Uuid,
    staffId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
const Hours = { workedMinutes: Type.Integer(), breakMinutes: Type.Integer(), labourCost: MinorAmount };
export const HoursReport = Type.Object({
  storeId: Uuid,
  currency: Type.String(),
  from: Type.String(),
  to: Type.String(),
  staff: Type.Array(
    Type.Object({
      staffId: Uuid,
      name: Type.String(),
      days: Type.Array(Type.Object({ date: Type.String(), ...Hours })),
      weeks: Type.Array(Type.Object({ week: Type.String({ examples: ['2026-W48'] }), ...Hours })),
      total: Type.Object(Hours),
      openEntry: Type.Boolean({ description: 'Still clocked in at the end of the period (not counted)' }),
    }),
  ),
});
