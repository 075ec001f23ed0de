import { describe, expect, it } from 'vitest';
import { decodePng, PngDecodeError } from './png-pixels.ts';

// A tiny PNG writer for the tests: every row filter (0–4 in turn), any colour type and bit depth, optionally Adam7.
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  out.set(
    [...type].map((c) => c.charCodeAt(0)),
    4,
  );
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

function packRow(samples: number[], depth: number): Uint8Array {
  const row = new Uint8Array(Math.ceil((samples.length * depth) / 8));
  samples.forEach((s, i) => {
    if (depth === 16) row.set([s >> 8, s & 255], i * 2);
    else if (depth === 8) row[i] = s;
    else row[Math.floor((i * depth) / 8)]! |= s << (8 - depth * ((i % (8 / depth)) + 1));
  });
  return row;
}

function filterRow(filter: number, row: Uint8Array, previous: Uint8Array, bpp: number): Uint8Array {
  const out = new Uint8Array(row.length + 1);
  out[0] = filter;
  for (let x = 0; x < row.length; x += 1) {
    const a = x >= bpp ? row[x - bpp]! : 0;
    const b = previous[x] ?? 0;
    const c = x >= bpp ? (previous[x - bpp] ?? 0) : 0;
    const p = a + b - c;
    const predictor = [
      0,
      a,
      b,
      (a + b) >> 1,
      Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
        ? a
        : Math.abs(p - b) <= Math.abs(p - c)
          ? b
          : c,
    ][filter]!;
    out[x + 1] = (row[x]! - predictor) & 255;
  }
  return out;
}

async function deflate(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(
    await new Response(new Blob([data]).stream().pipeThrough(new CompressionStream('deflate'))).arrayBuffer(),
  );
}

async function aPng(o: {
  width: number;
  height: number;
  colorType: number;
  depth: number;
  interlaced?: boolean;
  samples(x: number, y: number): number[];
  extra?: Uint8Array[];
}): Promise<string> {
  const channels = CHANNELS[o.colorType]!;
  const bpp = Math.max(1, (channels * o.depth) >> 3);
  const raw: number[] = [];
  let filter = 0;
  for (const [x0, y0, dx, dy] of o.interlaced ? ADAM7 : [[0, 0, 1, 1]]) {
    let previous: Uint8Array = new Uint8Array(0);
    for (let y = y0!; y < o.height; y += dy!) {
      const samples: number[] = [];
      for (let x = x0!; x < o.width; x += dx!) samples.push(...o.samples(x, y));
      if (samples.length === 0) continue;
      const row = packRow(samples, o.depth);
      raw.push(...filterRow(filter++ % 5, row, previous, bpp));
      previous = row;
    }
  }
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, o.width);
  new DataView(ihdr.buffer).setUint32(4, o.height);
  ihdr.set([o.depth, o.colorType, 0, 0, o.interlaced ? 1 : 0], 8);
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(o.extra ?? []),
    chunk('IDAT', await deflate(new Uint8Array(raw))),
    chunk('IEND', new Uint8Array(0)),
  ];
  return Buffer.concat(parts).toString('base64');
}

const pixel = (data: Uint8Array, width: number, x: number, y: number) => [
  ...data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4),
];

describe('decodePng', () => {
  it('decodes 8-bit RGBA through every row filter, interlaced or not, to the same pixels', async () => {
    const samples = (x: number, y: number) => [
      (x * 37) & 255,
      (y * 53) & 255,
      (x * y) & 255,
      x % 3 === 0 ? 0 : 255,
    ];
    const plain = await decodePng(await aPng({ width: 13, height: 11, colorType: 6, depth: 8, samples }));
    const interlaced = await decodePng(
      await aPng({ width: 13, height: 11, colorType: 6, depth: 8, interlaced: true, samples }),
    );
    expect([plain.width, plain.height]).toEqual([13, 11]);
    expect(pixel(plain.data, 13, 5, 7)).toEqual([(5 * 37) & 255, (7 * 53) & 255, 35, 255]);
    expect(pixel(plain.data, 13, 6, 2)).toEqual([(6 * 37) & 255, 106, 12, 0]);
    expect(interlaced.data).toEqual(plain.data);
  });

  it('scales 1-bit grey and 16-bit RGB to 8 bits and applies the tRNS colour key', async () => {
    const grey = await decodePng(
      await aPng({ width: 10, height: 2, colorType: 0, depth: 1, samples: (x) => [x % 2] }),
    );
    expect([pixel(grey.data, 10, 0, 0), pixel(grey.data, 10, 9, 1)]).toEqual([
      [0, 0, 0, 255],
      [255, 255, 255, 255],
    ]);
    const trns = chunk('tRNS', new Uint8Array([0x12, 0x34, 0, 0, 0xff, 0xff]));
    const deep = await decodePng(
      await aPng({
        width: 2,
        height: 1,
        colorType: 2,
        depth: 16,
        extra: [trns],
        samples: (x) => (x === 0 ? [0x1234, 0, 0xffff] : [0x8000, 0x4000, 0xffff]),
      }),
    );
    expect(pixel(deep.data, 2, 0, 0)).toEqual([0, 0, 0, 0]);
    expect(pixel(deep.data, 2, 1, 0)).toEqual([128, 64, 255, 255]);
  });

  it('looks up palette colours with their transparency', async () => {
    const plte = chunk('PLTE', new Uint8Array([255, 0, 0, 0, 0, 255]));
    const trns = chunk('tRNS', new Uint8Array([0]));
    const image = await decodePng(
      await aPng({
        width: 3,
        height: 1,
        colorType: 3,
        depth: 4,
        extra: [plte, trns],
        samples: (x) => [x === 1 ? 1 : 0],
      }),
    );
    expect([pixel(image.data, 3, 0, 0), pixel(image.data, 3, 1, 0)]).toEqual([
      [255, 0, 0, 0],
      [0, 0, 255, 255],
    ]);
  });

  it('refuses what is not a PNG, or a damaged one, saying so', async () => {
    await expect(decodePng(Buffer.from('GIF89a not a png').toString('base64'))).rejects.toThrow(
      PngDecodeError,
    );
    const good = Buffer.from(
      await aPng({ width: 4, height: 4, colorType: 0, depth: 8, samples: () => [7] }),
      'base64',
    );
    const cut = good.subarray(0, good.length - 20).toString('base64');
    await expect(decodePng(cut)).rejects.toThrow(/cut off|damaged|ends too early/);
  });
});
