// Loaded only when the camera scanner opens (a dynamic import away from the first load).
import { prepareZXingModule, readBarcodes, type ReadResult } from 'zxing-wasm/reader';
// Vite emits the .wasm into the build (dist/assets/zxing_reader-<hash>.wasm) and gives its URL; the
// service worker precaches it with the shell, so the camera works offline and nothing comes from a CDN.
import readerWasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import { READER_OPTIONS } from './camera-codes.ts';

let ready: Promise<unknown> | null = null;

/** Fetches and compiles the reader from the register's own origin (once). */
export function prepareReader(): Promise<unknown> {
  ready ??= prepareZXingModule({
    overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? new URL(readerWasmUrl, location.href).href : prefix + path) },
    fireImmediately: true,
  }).catch((error: unknown) => {
    ready = null;
    throw error;
  });
  return ready;
}

/** The barcodes in one video frame. */
export async function readFrame(image: ImageData): Promise<ReadResult[]> {
  await prepareReader();
  return readBarcodes(image, READER_OPTIONS);
}
