import { PNG } from 'pngjs';
import { decodePng, PngDecodeError } from '@kassa/domain/receipt-printing';
import { failure, type Outcome } from '../../http/errors.ts';

/** A receipt logo is small: it travels with every printed and e-mailed receipt. */
export const LOGO_MAX_BYTES = 32 * 1024;
/** 80 mm printers print 576 dots a line; a larger logo only costs paper and bytes. */
export const LOGO_MAX_PIXELS = 576;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export interface CheckedLogo {
  base64: string;
  width: number;
  height: number;
  bytes: number;
}

const refuse = (code: string, message: string, details: Record<string, unknown>): Outcome<CheckedLogo> => ({
  ok: false,
  error: failure(code, message, { field: 'logo', ...details }),
});

/**
 * Checks an uploaded logo: declared and really a PNG (the bytes are decoded, not only the
 * signature read), at most LOGO_MAX_BYTES and LOGO_MAX_PIXELS in each direction.
 */
export async function checkLogo(logo: { mediaType: string; data: string }): Promise<Outcome<CheckedLogo>> {
  if (logo.mediaType !== 'image/png')
    return refuse(
      'RECEIPTS_LOGO_NOT_PNG',
      `logo.mediaType is "${logo.mediaType}": the receipt logo must be a PNG image (image/png). Save it as PNG and upload it again.`,
      { field: 'logo.mediaType', mediaType: logo.mediaType },
    );
  const text = logo.data.replace(/\s+/g, '');
  if (text.length % 4 !== 0 || !BASE64.test(text))
    return refuse(
      'RECEIPTS_LOGO_NOT_PNG',
      'logo.data is not base64: send the PNG file encoded as base64 (without a data: prefix).',
      { field: 'logo.data' },
    );
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length > LOGO_MAX_BYTES)
    return refuse(
      'RECEIPTS_LOGO_TOO_LARGE',
      `logo.data is ${bytes.length} bytes; a receipt logo may be at most ${LOGO_MAX_BYTES} bytes (32 KiB). Use fewer colours or a smaller image.`,
      { field: 'logo.data', bytes: bytes.length, maxBytes: LOGO_MAX_BYTES },
    );
  if (bytes.length < PNG_SIGNATURE.length || !bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE))
    return refuse(
      'RECEIPTS_LOGO_NOT_PNG',
      'logo.data is not a PNG file (it does not start with the PNG signature): save the logo as PNG and upload it again.',
      { field: 'logo.data' },
    );
  // The size is read from the IHDR chunk before decoding: a tiny file may declare a huge image
  // (a decompression bomb), which must be refused without allocating its pixels.
  if (bytes.length < 24 || bytes.toString('latin1', 12, 16) !== 'IHDR')
    return refuse(
      'RECEIPTS_LOGO_NOT_PNG',
      'logo.data is a damaged PNG (no image header): save it again and upload the new file.',
      { field: 'logo.data' },
    );
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (width > LOGO_MAX_PIXELS || height > LOGO_MAX_PIXELS)
    return refuse(
      'RECEIPTS_LOGO_TOO_LARGE',
      `logo.data is ${width} × ${height} pixels; a receipt logo may be at most ${LOGO_MAX_PIXELS} × ${LOGO_MAX_PIXELS} (an 80 mm printer prints 576 dots a line). Scale it down and upload it again.`,
      { field: 'logo.data', width, height, maxPixels: LOGO_MAX_PIXELS },
    );
  try {
    PNG.sync.read(bytes);
  } catch (error) {
    return refuse(
      'RECEIPTS_LOGO_NOT_PNG',
      `logo.data is a damaged PNG (${error instanceof Error ? error.message : String(error)}): save it again and upload the new file.`,
      { field: 'logo.data' },
    );
  }
  const base64 = bytes.toString('base64');
  try {
    // The decoder every printed receipt uses (server and register): a logo saved here always prints.
    await decodePng(base64);
  } catch (error) {
    if (!(error instanceof PngDecodeError)) throw error;
    return refuse('RECEIPTS_LOGO_NOT_PNG', `logo.data cannot be printed (${error.message}): save it again as a plain PNG and upload the new file.`, { field: 'logo.data' });
  }
  return { ok: true, value: { base64, width, height, bytes: bytes.length } };
}
