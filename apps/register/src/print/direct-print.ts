import type { SaleTotals } from '@kassa/domain';
import { drawerKickBytes, testPageEscPos } from '@kassa/domain/receipt-printing';
import type { LocalSale, RegisterDatabase } from '../db/database.ts';
import { sendToDirectPrinter, type PrinterNavigator } from './direct-printer.ts';
import { loadDirectPrinter, type DirectPrinter } from './printer-settings.ts';
import { localReceiptEscPos } from './receipt-bytes.ts';
import { loadReceiptProfile } from './receipt-profile.ts';
import { isChooserCancelled, PrinterTransportError, type PrinterErrorCode } from './transport.ts';

/** What became of a direct print: done, or why not (translated on screen, the message for the log). */
export type DirectPrintOutcome =
  { ok: true } | { ok: false; code: PrinterErrorCode | 'noProfile'; message: string };

async function send(
  printer: DirectPrinter,
  bytes: Uint8Array,
  apis?: PrinterNavigator,
): Promise<DirectPrintOutcome> {
  try {
    await sendToDirectPrinter(printer, bytes, apis);
    return { ok: true };
  } catch (error) {
    if (error instanceof PrinterTransportError)
      return { ok: false, code: error.code, message: error.message };
    if (isChooserCancelled(error))
      return { ok: false, code: 'notFound', message: String((error as Error).message) };
    return {
      ok: false,
      code: 'writeFailed',
      message: error instanceof Error ? error.message : String(error),
    };
  }
}

/**
 * Prints a sale committed here on the printer attached to this device, from the sale and the
 * store's receipt settings kept on the device: no server needed. A copy number marks a reprint
 * the server has already counted and journaled.
 */
export async function printDirect(
  db: RegisterDatabase,
  printer: DirectPrinter,
  receipt: { sale: LocalSale; totals: SaleTotals; cashierName: string | null; copyNumber: number | null },
  apis?: PrinterNavigator,
): Promise<DirectPrintOutcome> {
  const profile = await loadReceiptProfile(db);
  if (!profile)
    return {
      ok: false,
      code: 'noProfile',
      message: 'the store receipt details were never loaded on this device',
    };
  // The drawer opened when the sale was done (ReceiptPrinting); a receipt never opens it again.
  const bytes = await localReceiptEscPos(receipt.sale, receipt.totals, profile, {
    width: printer.width,
    openDrawer: false,
    cashierName: receipt.cashierName,
    copyNumber: receipt.copyNumber,
  });
  return send(printer, bytes, apis);
}

/** Pulses the cash drawer connected to the printer (ESC/POS drawer kick, pin 2). */
export function openDrawerDirect(
  printer: DirectPrinter,
  apis?: PrinterNavigator,
): Promise<DirectPrintOutcome> {
  return send(printer, drawerKickBytes(), apis);
}

/** A test page to check a printer just paired. */
export function testPrint(
  printer: DirectPrinter,
  lines: readonly string[],
  apis?: PrinterNavigator,
): Promise<DirectPrintOutcome> {
  return send(printer, testPageEscPos(printer.width, lines), apis);
}

/** "No sale": opens the drawer on this device's printer, when one is paired and set to open the drawer. */
export async function openDrawerOnDevice(
  db: RegisterDatabase,
  apis?: PrinterNavigator,
): Promise<DirectPrintOutcome | null> {
  const printer = await loadDirectPrinter(db);
  return printer?.openDrawer ? openDrawerDirect(printer, apis) : null;
}
