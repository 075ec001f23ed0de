import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { decodePng } from '@kassa/domain/receipt-printing';
import { aPngLogo } from './support/png.ts';

// The logo decoder every printed receipt uses (server and register) against pngjs, which the server
// used before and still checks uploads with: the same RGBA pixels for the PNGs logos are saved as.
describe('the receipt logo decoder', () => {
  it('decodes RGBA logos to the pixels pngjs reads', async () => {
    for (const [w, h] of [
      [64, 32],
      [500, 100],
      [3, 1],
    ] as const) {
      const logo = aPngLogo(w, h);
      const mine = await decodePng(logo);
      const theirs = PNG.sync.read(Buffer.from(logo, 'base64'));
      expect([mine.width, mine.height]).toEqual([theirs.width, theirs.height]);
      expect(Buffer.from(mine.data).equals(theirs.data)).toBe(true);
    }
  });

  it('decodes grey, grey with alpha, RGB and 16-bit files as pngjs does', async () => {
    const width = 17;
    const height = 9;
    const data = Buffer.alloc(width * height * 4);
    for (let i = 0; i < width * height; i += 1)
      data.set([(i * 7) & 255, (i * 13) & 255, (i * 29) & 255, i % 5 === 0 ? 255 : (i * 3) & 255], i * 4);
    const write = PNG.sync.write as unknown as (
      png: { width: number; height: number; data: Buffer },
      options: { colorType: number; bitDepth: number; inputHasAlpha: boolean },
    ) => Buffer;
    for (const options of [
      { colorType: 0, bitDepth: 8 },
      { colorType: 4, bitDepth: 8 },
      { colorType: 2, bitDepth: 8 },
      { colorType: 6, bitDepth: 16 },
      { colorType: 2, bitDepth: 16 },
    ]) {
      const file = write({ width, height, data }, { ...options, inputHasAlpha: true });
      const mine = await decodePng(file.toString('base64'));
      const theirs = PNG.sync.read(file);
      expect(Buffer.from(mine.data).equals(Buffer.from(theirs.data)), JSON.stringify(options)).toBe(true);
    }
  });
});
