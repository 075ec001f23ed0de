/**
 * A small PNG decoder for the receipt logo, so the server and the register (offline, in the browser)
 * turn the same logo into the same pixels and so into the same ESC/POS bytes. It needs no library:
 * the compressed image data is inflated with DecompressionStream, which browsers and Node 18+ have.
 * Every PNG the server accepts decodes: colour types 0, 2, 3, 4 and 6, bit depths 1 to 16,
 * transparency (tRNS) and interlacing (Adam7). The output follows pngjs (what the server used):
 * RGBA, 8 bits a channel, deeper samples scaled with rounding.
 */

/** RGBA pixels, 8 bits a channel, row after row: the shape the ESC/POS encoder takes. */
export interface LogoPixels {
  data: Uint8Array;
  width: number;
  height: number;
}

interface Header {
  width: number;
  height: number;
  depth: number;
  colorType: number;
  interlaced: boolean;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
// Adam7 passes: x start, y start, x step, y step.
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

export class PngDecodeError extends Error {
  override readonly name = 'PngDecodeError';
}

function base64Bytes(base64: string): Uint8Array {
  const binary = (globalThis as unknown as { atob(text: string): string }).atob(base64.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const uint32 = (b: Uint8Array, at: number) =>
  ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const ascii = (b: Uint8Array, at: number) => String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);

/** zlib inflate through the platform's DecompressionStream (typed here: the domain has no DOM or Node types). */
async function inflate(data: Uint8Array): Promise<Uint8Array> {
  const g = globalThis as unknown as {
    DecompressionStream: new (format: 'deflate') => unknown;
    Blob: new (parts: Uint8Array[]) => { stream(): { pipeThrough(t: unknown): unknown } };
    Response: new (body: unknown) => { arrayBuffer(): Promise<ArrayBuffer> };
  };
  if (typeof g.DecompressionStream !== 'function')
    throw new PngDecodeError('this platform cannot inflate PNG data (no DecompressionStream)');
  try {
    const stream = new g.Blob([data]).stream().pipeThrough(new g.DecompressionStream('deflate'));
    return new Uint8Array(await new g.Response(stream).arrayBuffer());
  } catch (error) {
    throw new PngDecodeError(
      `the PNG image data is damaged (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes the per-row filters of one (sub)image; returns its raw rows and where the next pass starts. */
function unfilter(
  data: Uint8Array,
  offset: number,
  rowBytes: number,
  rows: number,
  bpp: number,
): { rows: Uint8Array[]; next: number } {
  const out: Uint8Array[] = [];
  let previous = new Uint8Array(rowBytes);
  let at = offset;
  for (let y = 0; y < rows; y += 1) {
    if (at + 1 + rowBytes > data.length) throw new PngDecodeError('the PNG image data ends too early');
    const filter = data[at]!;
    const row = data.slice(at + 1, at + 1 + rowBytes);
    for (let x = 0; x < rowBytes; x += 1) {
      const left = x >= bpp ? row[x - bpp]! : 0;
      const up = previous[x]!;
      const upLeft = x >= bpp ? previous[x - bpp]! : 0;
      if (filter === 1) row[x] = row[x]! + left;
      else if (filter === 2) row[x] = row[x]! + up;
      else if (filter === 3) row[x] = row[x]! + ((left + up) >> 1);
      else if (filter === 4) row[x] = row[x]! + paeth(left, up, upLeft);
      else if (filter !== 0) throw new PngDecodeError(`unknown PNG row filter ${filter}`);
    }
    out.push(row);
    previous = row;
    at += 1 + rowBytes;
  }
  return { rows: out, next: at };
}

/** Sample `i` of a raw row (any bit depth). */
function sample(row: Uint8Array, i: number, depth: number): number {
  if (depth === 8) return row[i]!;
  if (depth === 16) return (row[i * 2]! << 8) | row[i * 2 + 1]!;
  const perByte = 8 / depth;
  const shift = 8 - depth * ((i % perByte) + 1);
  return (row[Math.floor(i / perByte)]! >> shift) & ((1 << depth) - 1);
}

interface Colours {
  palette: Uint8Array | null;
  transparency: Uint8Array | null;
}

/** Writes one pixel as RGBA, as pngjs does: palette lookup, tRNS colour key on raw samples, then scaling. */
function putPixel(
  out: Uint8Array,
  at: number,
  row: Uint8Array,
  x: number,
  h: Header,
  colours: Colours,
): void {
  const channels = CHANNELS[h.colorType]!;
  const raw = Array.from({ length: channels }, (_, c) => sample(row, x * channels + c, h.depth));
  if (h.colorType === 3) {
    const index = raw[0]!;
    if (!colours.palette || index * 3 + 2 >= colours.palette.length)
      throw new PngDecodeError(`palette index ${index} is not in the palette`);
    out.set(
      [
        colours.palette[index * 3]!,
        colours.palette[index * 3 + 1]!,
        colours.palette[index * 3 + 2]!,
        colours.transparency?.[index] ?? 255,
      ],
      at,
    );
    return;
  }
  const max = 2 ** h.depth - 1;
  const scale = (v: number) => (h.depth === 8 ? v : Math.floor((v * 255) / max + 0.5));
  const [r, g, b, a] =
    channels <= 2
      ? [raw[0]!, raw[0]!, raw[0]!, channels === 2 ? raw[1]! : max]
      : [raw[0]!, raw[1]!, raw[2]!, channels === 4 ? raw[3]! : max];
  const t = colours.transparency;
  const keyed =
    t &&
    (h.colorType === 0
      ? uint16(t, 0) === r
      : h.colorType === 2 && uint16(t, 0) === r && uint16(t, 2) === g && uint16(t, 4) === b);
  out.set(keyed ? [0, 0, 0, 0] : [scale(r), scale(g), scale(b), scale(a)], at);
}

const uint16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;

/** Decodes a base64 PNG to RGBA pixels; a damaged or unsupported file is a PngDecodeError saying what is wrong. */
export async function decodePng(base64: string): Promise<LogoPixels> {
  const bytes = base64Bytes(base64);
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b))
    throw new PngDecodeError('not a PNG file (no PNG signature)');
  let header: Header | null = null;
  const colours: Colours = { palette: null, transparency: null };
  const idat: Uint8Array[] = [];
  for (let at = 8; at + 8 <= bytes.length;) {
    const length = uint32(bytes, at);
    const type = ascii(bytes, at + 4);
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (body.length !== length) throw new PngDecodeError(`the PNG chunk ${type} is cut off`);
    if (type === 'IHDR')
      header = {
        width: uint32(body, 0),
        height: uint32(body, 4),
        depth: body[8]!,
        colorType: body[9]!,
        interlaced: body[12] === 1,
      };
    else if (type === 'PLTE') colours.palette = body;
    else if (type === 'tRNS') colours.transparency = body;
    else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  if (!header) throw new PngDecodeError('the PNG has no image header (IHDR)');
  const h = header;
  if (CHANNELS[h.colorType] === undefined || ![1, 2, 4, 8, 16].includes(h.depth))
    throw new PngDecodeError(`unsupported PNG colour type ${h.colorType} at bit depth ${h.depth}`);
  const compressed = new Uint8Array(idat.reduce((n, c) => n + c.length, 0));
  idat.reduce((at, c) => (compressed.set(c, at), at + c.length), 0);
  const data = await inflate(compressed);
  const bitsPerPixel = CHANNELS[h.colorType]! * h.depth;
  const bpp = Math.max(1, bitsPerPixel >> 3);
  const out = new Uint8Array(h.width * h.height * 4);
  const passes = h.interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const);
  let offset = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const columns = Math.ceil((h.width - x0) / dx);
    const rows = Math.ceil((h.height - y0) / dy);
    if (columns <= 0 || rows <= 0) continue;
    const pass = unfilter(data, offset, Math.ceil((columns * bitsPerPixel) / 8), rows, bpp);
    offset = pass.next;
    pass.rows.forEach((row, r) => {
      for (let c = 0; c < columns; c += 1)
        putPixel(out, ((y0 + r * dy) * h.width + x0 + c * dx) * 4, row, c, h, colours);
    });
  }
  return { data: out, width: h.width, height: h.height };
}
