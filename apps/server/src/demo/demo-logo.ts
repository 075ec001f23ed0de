import { PNG } from 'pngjs';

const WIDTH = 144;
const HEIGHT = 80;

/** Whether a pixel is ink in the Huis & Haven mark: a house (roof, walls, a door) above two waves. */
function ink(x: number, y: number): boolean {
  const cx = WIDTH / 2;
  const roof = y >= 4 && y < 30 && Math.abs(x - cx) <= (y - 4) * 1.6 && Math.abs(x - cx) > (y - 4) * 1.6 - 6;
  const walls = y >= 30 && y < 58 && Math.abs(x - cx) <= 30 && (Math.abs(x - cx) > 25 || y >= 53);
  const door = y >= 40 && y < 58 && Math.abs(x - cx) <= 5;
  const wave = (base: number) => Math.abs(y - (base + 3 * Math.sin((x / WIDTH) * 4 * Math.PI))) < 2;
  return roof || walls || door || (x > 16 && x < WIDTH - 16 && (wave(64) || wave(72)));
}

/** The demo shop's receipt logo, drawn here so the demo needs no image file: a small black-on-transparent PNG. */
export function demoLogoPng(): string {
  const data = Buffer.alloc(WIDTH * HEIGHT * 4);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) data[(y * WIDTH + x) * 4 + 3] = ink(x, y) ? 255 : 0;
  }
  return PNG.sync.write({ width: WIDTH, height: HEIGHT, data }).toString('base64');
}
