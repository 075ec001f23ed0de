import { Type } from '@sinclair/typebox';
import { Timestamp, Uuid } from './common.ts';

export const ReceiptQuery = Type.Object(
  {
    format: Type.Optional(Type.Union([Type.Literal('text'), Type.Literal('html'), Type.Literal('escpos')], { default: 'text' })),
    width: Type.Optional(Type.Union([Type.Literal(58), Type.Literal(80)], { default: 80, description: 'Paper width in mm' })),
    locale: Type.Optional(Type.Union([Type.Literal('nl'), Type.Literal('en')], { description: 'Default: the store language' })),
    copy: Type.Optional(Type.Integer({ minimum: 1, description: 'Render as copy n (reprints do this themselves)' })),
  },
  { additionalProperties: false },
);

export const ReprintBody = Type.Object(
  {
    id: Uuid,
    deviceTime: Timestamp,
    staffId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    printerId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'Print the copy on this printer through the outbox' })),
  },
  { additionalProperties: false, examples: [{ id: '0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c75', deviceTime: '2026-11-27T12:00:00+01:00' }] },
);

export const Reprint = Type.Object({
  id: Uuid,
  saleId: Uuid,
  copyNumber: Type.Integer({ description: 'COPY n: 1 for the first reprint' }),
  journal: Type.Object({ seq: Type.Integer(), hash: Type.String() }),
  printJobId: Type.Union([Uuid, Type.Null()]),
});

export const PrintReceiptBody = Type.Object(
  {
    id: Uuid,
    printerId: Uuid,
    openDrawer: Type.Optional(Type.Boolean({ default: false, description: 'Pulse the cash drawer connected to the printer' })),
    locale: Type.Optional(Type.Union([Type.Literal('nl'), Type.Literal('en')])),
  },
  { additionalProperties: false, description: 'The id is the print job id: sending it again never prints twice' },
);

export const DrawerKickBody = Type.Object(
  { id: Uuid },
  { additionalProperties: false, description: 'The id is the job id: sending it again never opens the drawer twice' },
);

export const EmailReceiptBody = Type.Object(
  {
    id: Uuid,
    to: Type.String({ format: 'email', maxLength: 254 }),
    locale: Type.Optional(Type.Union([Type.Literal('nl'), Type.Literal('en')])),
  },
  { additionalProperties: false, examples: [{ id: '0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c76', to: 'klant@example.nl', locale: 'nl' }] },
);

export const JobStatus = Type.Object({
  id: Uuid,
  type: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  nextAttemptAt: Timestamp,
  lastError: Type.Union([Type.String(), Type.Null()]),
  completedAt: Type.Union([Timestamp, Type.Null()]),
});

export const Printer = Type.Object({
  id: Uuid,
  registerId: Uuid,
  name: Type.String(),
  host: Type.String(),
  port: Type.Integer(),
  width: Type.Union([Type.Literal(58), Type.Literal(80)]),
  createdAt: Timestamp,
});

export const PrinterList = Type.Object({ items: Type.Array(Printer) });

export const CreatePrinterBody = Type.Object(
  {
    id: Uuid,
    name: Type.String({ minLength: 1, maxLength: 80 }),
    host: Type.String({ minLength: 1, maxLength: 253, description: 'IP address or host name of the network printer' }),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, default: 9100 })),
    width: Type.Optional(Type.Union([Type.Literal(58), Type.Literal(80)], { default: 80 })),
  },
  { additionalProperties: false, examples: [{ id: '0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c77', name: 'Bonprinter kassa 1', host: '192.168.1.50', port: 9100, width: 80 }] },
);
