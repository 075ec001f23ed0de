import type { ZReport } from '@kassa/contracts';

/** The shift figures of an X or Z report (contracts `ShiftFigures`). */
export type ShiftFigures = ZReport['figures'];

/** `GET /shifts/{id}/x-report` (contracts `XReport`). */
export interface XReportData {
  shiftId: string;
  registerId: string;
  currency: string;
  openedAt: string;
  generatedAt: string;
  openingFloat: number;
  openingDiscrepancy: number | null;
  figures: ShiftFigures;
  expected: Array<{ key: string; amount: number }>;
}

export type { ZReport };
