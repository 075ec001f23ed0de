import { getMeta, setMeta, type RegisterDatabase } from '../db/database.ts';
import type { SerialPrinterId } from './serial-printer.ts';
import type { PrinterKind } from './transport.ts';
import type { UsbPrinterId } from './usb-printer.ts';

/**
 * The receipt printer attached to this device, as the cashier or manager paired it: remembered
 * per device (the browser keeps the permission to the printer itself; Kassa keeps which one it was).
 */
export type DirectPrinter = {
  name: string;
  width: 58 | 80;
  /** Pulse the cash drawer (connected to the printer) after a sale paid (partly) in cash. */
  openDrawer: boolean;
} & (
  | { kind: 'usb'; usb: UsbPrinterId }
  | { kind: 'serial'; serial: SerialPrinterId }
  | { kind: 'bluetooth'; bluetooth: { id: string } }
);

const KEY = 'directPrinter';

export async function loadDirectPrinter(db: RegisterDatabase): Promise<DirectPrinter | null> {
  return (await getMeta<DirectPrinter>(db, KEY)) ?? null;
}

export async function saveDirectPrinter(db: RegisterDatabase, printer: DirectPrinter | null): Promise<void> {
  if (printer) await setMeta(db, KEY, printer);
  else await db.meta.delete(KEY);
}

export type { PrinterKind };
