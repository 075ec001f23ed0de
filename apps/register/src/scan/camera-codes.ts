/**
 * What the camera reads, turned into what a keyboard-wedge scanner would have typed, so a camera
 * read goes down the same path as a wedge scan (barcode lookup, GS1 variable-measure codes).
 * Pure: tested without a camera.
 */

/** The symbologies a shop meets: EAN/UPC on goods, Code 128 and QR on labels and receipts, DataBar (GS1) on fresh food. */
export const CAMERA_FORMATS = ['EAN13', 'EAN8', 'UPCA', 'UPCE', 'Code128', 'QRCode', 'DataBar', 'DataBarExp', 'DataBarLtd'] as const;

/** How frames are read: the shop's formats, trying harder (a phone's frame is not a clean print), one code a frame. */
export const READER_OPTIONS = { formats: [...CAMERA_FORMATS], tryHarder: true, maxNumberOfSymbols: 1 };

/**
 * The code to look up for a read. GS1 element strings (DataBar, GS1-128, GS1 QR) carry the item
 * as AI (01) GTIN-14: a GTIN-14 with a leading 0 is the EAN-13 printed on the item, which is what
 * the catalogue keeps. Anything else is passed on as read (trimmed).
 */
export function codeOfRead(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const gtin = /^\(01\)(\d{14})/.exec(trimmed)?.[1] ?? /^(?:\]C1|\]e0|\]Q3)?01(\d{14})/.exec(trimmed)?.[1];
  if (gtin) return gtin.startsWith('0') ? gtin.slice(1) : gtin;
  return trimmed;
}

/**
 * One read per item: a code held in front of the camera is read on many frames, but added once.
 * The same code is taken again only after it was out of sight for `awayMs` (the cashier took the
 * item away and shows the next one of the same kind); another code is taken at once.
 */
export class RepeatGuard {
  private last: { code: string; seenAt: number; gone: boolean } | null = null;

  constructor(private readonly awayMs = 1500) {}

  /** Feeds the codes read in one frame (possibly none); returns the codes to add. */
  frame(codes: readonly string[], at: number): string[] {
    const taken: string[] = [];
    // A slow decoder (a loaded phone) may see a code seconds apart: only a frame without it counts as "taken away".
    if (this.last && !codes.includes(this.last.code)) this.last.gone = true;
    for (const code of codes) {
      const repeat = this.last?.code === code && (!this.last.gone || at - this.last.seenAt < this.awayMs);
      this.last = { code, seenAt: at, gone: false };
      if (!repeat) taken.push(code);
    }
    return taken;
  }
}
