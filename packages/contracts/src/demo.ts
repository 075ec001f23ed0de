import { Type, type Static } from '@sinclair/typebox';
import { Timestamp, Uuid } from './common.ts';

// Demo mode only (`kassa start --demo`): the register's enrol screen enrols the demo register in one tap.

export const DemoRegister = Type.Object(
  { registerId: Uuid, storeName: Type.String(), registerName: Type.String() },
  { description: "The demo store's register a browser may enrol as, in demo mode" },
);
export type DemoRegister = Static<typeof DemoRegister>;

export const DemoEnrolment = Type.Composite(
  [
    DemoRegister,
    Type.Object({
      code: Type.String({
        description: 'One-time enrolment code for POST /api/v1/devices/enrol (valid 15 minutes, usable once)',
        examples: ['K7QM-2XRD-9FHB'],
      }),
      expiresAt: Timestamp,
    }),
  ],
  { description: 'A fresh one-time enrolment code for the demo register' },
);
export type DemoEnrolment = Static<typeof DemoEnrolment>;
