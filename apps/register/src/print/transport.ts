/** How a receipt printer is attached to this device; each needs its own browser API. */
export type PrinterKind = 'usb' | 'serial' | 'bluetooth';

/** An open printer: bytes in, printed out. */
export interface PrinterConnection {
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

export type PrinterErrorCode = 'notSupported' | 'notFound' | 'noEndpoint' | 'writeFailed' | 'cancelled';

/** A printing failure with a code the screen translates and a message for the log. */
export class PrinterTransportError extends Error {
  override readonly name = 'PrinterTransportError';
  constructor(
    readonly code: PrinterErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Splits bytes into pieces of at most `size` (views, no copies). */
export function chunksOf(bytes: Uint8Array, size: number): Uint8Array[] {
  if (!Number.isInteger(size) || size <= 0)
    throw new RangeError(`chunk size must be a positive integer, not ${size}`);
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size)
    out.push(bytes.subarray(at, Math.min(bytes.length, at + size)));
  return out;
}

/** The browser's printer APIs, as far as Kassa uses them (typed in the transports; absent in Firefox and Safari). */
export interface PrinterApis {
  usb?: unknown;
  serial?: unknown;
  bluetooth?: unknown;
}

/** Which kinds this browser can print to: feature detection, never the browser's name. */
export function supportedPrinterKinds(
  apis: PrinterApis = navigator as PrinterApis,
): Record<PrinterKind, boolean> {
  return { usb: apis.usb != null, serial: apis.serial != null, bluetooth: apis.bluetooth != null };
}

/** The user closed the browser's device chooser: no printer, no error to show. */
export function isChooserCancelled(error: unknown): boolean {
  return error instanceof Error && error.name === 'NotFoundError';
}
