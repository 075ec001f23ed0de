import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { ReceiptDocument } from '../build-receipt.ts';
import { decodePng, PngDecodeError, type LogoPixels } from './png-pixels.ts';
import { columnsFor, receiptTextLines } from './render-text.ts';

export interface EscPosOptions {
  width: 58 | 80;
  /** Pulse the drawer kick connector (pin 2) after printing. */
  openDrawer?: boolean;
  /** Printed small at the bottom: a person holding two identical slips can tell a reprint from a resend. */
  jobId?: string;
}

function encoder(width: 58 | 80): ReceiptPrinterEncoder {
  // Epson's code page table is what most ESC/POS clones follow; 'auto' picks one that has € and é.
  // Images as raster (GS v 0), which current ESC/POS printers print; column mode (ESC *) is the older command.
  return new ReceiptPrinterEncoder({ language: 'esc-pos', columns: columnsFor(width), codepageMapping: 'epson', feedBeforeCut: 4, imageMode: 'raster' });
}

/**
 * The receipt as ESC/POS bytes: the store's logo as a raster image, text, the receipt code as Code 128
 * and as QR (for returns), a cut, and optionally the drawer pulse. However long the receipt, it is one
 * byte stream sent in one go. The logo comes decoded (see receiptEscPos, which does that).
 */
export function renderEscPos(doc: ReceiptDocument, options: EscPosOptions, logo: LogoPixels | null = null): Uint8Array {
  const columns = columnsFor(options.width);
  const { header, body } = receiptTextLines(doc, columns);
  const e = encoder(options.width).initialize().codepage('auto');
  // The logo is dithered to black and white; wider than the paper it is scaled down to the printable width.
  if (logo) e.align('center').image(logo, { algorithm: 'atkinson' });
  e.align('center').bold(true).line(header[0]?.trim() ?? '').bold(false);
  for (const line of header.slice(1)) e.line(line.trim());
  e.align('left');
  for (const line of body) e.line(line);
  e.align('center').barcode(doc.receiptCode.value, 'code128', { height: 60, text: false }).newline();
  e.qrcode(`K:${doc.receiptCode.value}`, { model: 2, size: 5, errorlevel: 'm' }).newline();
  e.line(doc.receiptCode.label).line(doc.receiptCode.value);
  if (options.jobId) e.size('small').line(`job ${options.jobId}`).size('normal');
  e.cut('full');
  if (options.openDrawer) e.pulse(0, 100, 500);
  return e.encode();
}

/**
 * The receipt as ESC/POS bytes with its logo decoded: what the server sends to a network printer and
 * the register sends to a USB, serial or Bluetooth printer, byte for byte the same for the same sale.
 */
export async function receiptEscPos(doc: ReceiptDocument, options: EscPosOptions): Promise<Uint8Array> {
  let logo: LogoPixels | null = null;
  try {
    logo = doc.logo ? await decodePng(doc.logo.base64) : null;
  } catch (error) {
    // The server checked the logo when it was saved; should it still not decode, the receipt
    // (the legal document) prints without it rather than not at all.
    if (!(error instanceof PngDecodeError)) throw error;
  }
  return renderEscPos(doc, options, logo);
}

/** Only the drawer pulse: opens the drawer through the printer without printing. */
export function drawerKickBytes(): Uint8Array {
  return new ReceiptPrinterEncoder({ language: 'esc-pos' }).initialize().pulse(0, 100, 500).encode();
}

/** A short test page (the printer's name, the paper width, a ruler of the columns) to check a printer just paired. */
export function testPageEscPos(width: 58 | 80, lines: readonly string[]): Uint8Array {
  const columns = columnsFor(width);
  const e = encoder(width).initialize().codepage('auto').align('center').bold(true);
  for (const line of lines) e.line(line.slice(0, columns));
  e.bold(false).line(`${width} mm`).line('1234567890'.repeat(Math.ceil(columns / 10)).slice(0, columns));
  return e.cut('full').encode();
}
