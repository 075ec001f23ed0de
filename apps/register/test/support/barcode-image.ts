import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, writeBarcode, type WriterOptions } from 'zxing-wasm/writer';

// The writer's .wasm from node_modules, never the CDN zxing-wasm would fetch it from by default.
const require = createRequire(import.meta.url);
prepareZXingModule({ overrides: { wasmBinary: readFileSync(require.resolve('zxing-wasm/writer/zxing_writer.wasm')).buffer as ArrayBuffer } });

/** A grey-scale picture (one byte per pixel, 0 black, 255 white). */
export interface Luma {
  width: number;
  height: number;
  data: Uint8Array;
}

/** The barcode's modules (one pixel per module, no quiet zone), drawn by zxing-wasm's writer. */
export async function barcodeModules(text: string, format: WriterOptions['format']): Promise<Luma> {
  const written = await writeBarcode(text, { format });
  if (written.error) throw new Error(`zxing-wasm could not write ${text}: ${written.error}`);
  const { width, height, data } = written.symbol;
  return { width, height, data: Uint8Array.from(data) };
}

/**
 * A camera-sized frame with the barcode in the middle: `module` pixels per module, on white with a
 * quiet zone, like a label held in front of the lens.
 */
export function frameWith(symbol: Luma, frame: { width: number; height: number; module: number; barHeight?: number }): Luma {
  const data = new Uint8Array(frame.width * frame.height).fill(235);
  const w = symbol.width * frame.module;
  const h = frame.barHeight ?? symbol.height * frame.module;
  const left = Math.floor((frame.width - w) / 2);
  const top = Math.floor((frame.height - h) / 2);
  const quiet = 12 * frame.module;
  for (let y = Math.max(0, top - quiet); y < Math.min(frame.height, top + h + quiet); y++)
    for (let x = Math.max(0, left - quiet); x < Math.min(frame.width, left + w + quiet); x++) data[y * frame.width + x] = 255;
  for (let y = 0; y < h; y++) {
    const row = Math.min(symbol.height - 1, Math.floor((y * symbol.height) / h));
    for (let x = 0; x < w; x++) data[(top + y) * frame.width + left + x] = symbol.data[row * symbol.width + Math.floor(x / frame.module)]!;
  }
  return { width: frame.width, height: frame.height, data };
}

/** RGBA pixels of a grey picture, as a canvas' ImageData would hold them. */
export function toImageData(picture: Luma): ImageData {
  const rgba = new Uint8ClampedArray(picture.width * picture.height * 4);
  for (let i = 0; i < picture.data.length; i++) {
    rgba.fill(picture.data[i]!, i * 4, i * 4 + 3);
    rgba[i * 4 + 3] = 255;
  }
  return { data: rgba, width: picture.width, height: picture.height, colorSpace: 'srgb' } as ImageData;
}

/**
 * A Y4M video (YUV 4:2:0, the raw format Chromium's --use-file-for-fake-video-capture plays in a
 * loop): every frame the same grey picture, colourless.
 */
export function y4mVideo(picture: Luma, frames: number, fps = 10): Buffer {
  const { width, height } = picture;
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), Buffer.from(picture.data), chroma]);
  return Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]);
}
