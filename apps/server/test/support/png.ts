import { PNG } from 'pngjs';

/** A PNG logo for tests: a black square on white with a transparent border, as base64. */
export function aPngLogo(width = 64, height = 32): string {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const border = x < 2 || y < 2 || x >= width - 2 || y >= height - 2;
      const black = x >= width / 4 && x < (3 * width) / 4 && y >= height / 4 && y < (3 * height) / 4;
      data[i] = data[i + 1] = data[i + 2] = black ? 0 : 255;
      data[i + 3] = border ? 0 : 255;
    }
  }
  return PNG.sync.write({ width, height, data }).toString('base64');
}
