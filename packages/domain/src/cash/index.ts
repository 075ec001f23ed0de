export { DENOMINATIONS, denominationsOf, totalOfCount, type CountError, type DenominationCount } from './denominations.ts';
export {
  SHIFT_MAX_OPEN_MS,
  expectedPerTender,
  isShiftTooOld,
  reconcile,
  summarizeShift,
  tenderKey,
  type KindTotal,
  type RateTotal,
  type ReportTender,
  type ShiftDocument,
  type ShiftMovement,
  type ShiftTotals,
  type TenderReconciliation,
  type TenderTotal,
} from './shift-report.ts';
export {
  reconcileCardTerminal,
  type CardDifferenceReason,
  type CardSaleDifference,
  type CardTerminalReconciliation,
  type DocumentCardTenders,
  type TerminalCardOperation,
} from './card-reconciliation.ts';
