import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { codeOfRead, READER_OPTIONS, RepeatGuard } from '../src/scan/camera-codes.ts';
import { cameraProblem } from '../src/scan/camera-stream.ts';
import { barcodeModules, frameWith, toImageData } from './support/barcode-image.ts';

// The reader's .wasm from node_modules (the register serves it from its own origin; never a CDN).
const require = createRequire(import.meta.url);
prepareZXingModule({ overrides: { wasmBinary: readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm')).buffer as ArrayBuffer } });

const MUG = '8719876000015';

/** Reads a camera-sized frame the way the scanner does, and returns the codes it would look up. */
async function codesIn(frame: ImageData): Promise<string[]> {
  const results = await readBarcodes(frame, READER_OPTIONS);
  return results.filter((r) => r.isValid).map((r) => codeOfRead(r.text)!);
}

describe('reading barcodes from a camera frame with zxing-wasm', () => {
  it('reads an EAN-13 written by zxing-wasm, drawn in a 640×480 frame', async () => {
    const frame = frameWith(await barcodeModules(MUG, 'EAN13'), { width: 640, height: 480, module: 3, barHeight: 160 });
    expect(await codesIn(toImageData(frame))).toEqual([MUG]);
  });

  it('reads a GS1 DataBar as the EAN-13 of its GTIN, and a Code 128 as written', async () => {
    const databar = frameWith(await barcodeModules('(01)08719876000015', 'DataBar'), { width: 640, height: 480, module: 3 });
    expect(await codesIn(toImageData(databar))).toEqual([MUG]);
    const code128 = frameWith(await barcodeModules('HH-MOK-001', 'Code128'), { width: 640, height: 480, module: 2, barHeight: 120 });
    expect(await codesIn(toImageData(code128))).toEqual(['HH-MOK-001']);
  });

  it('finds nothing in a frame without a barcode, and nothing in a barcode of a format a shop does not use', async () => {
    const blank = frameWith({ width: 1, height: 1, data: new Uint8Array([255]) }, { width: 320, height: 240, module: 1 });
    expect(await codesIn(toImageData(blank))).toEqual([]);
    const aztec = frameWith(await barcodeModules(MUG, 'Aztec'), { width: 320, height: 240, module: 4 });
    expect(await codesIn(toImageData(aztec))).toEqual([]);
  });
});

describe('codeOfRead', () => {
  it('turns a GS1 element string into the EAN-13 of its GTIN-14, and keeps a GTIN-14 that is not one', () => {
    expect(codeOfRead('(01)08719876000015(3103)001250')).toBe(MUG);
    expect(codeOfRead(']C10108719876000015')).toBe(MUG);
    expect(codeOfRead('(01)18719876000012')).toBe('18719876000012');
  });

  it('passes other codes on trimmed, and nothing for an empty read', () => {
    expect(codeOfRead(' 2812345012509 ')).toBe('2812345012509');
    expect(codeOfRead('   ')).toBeNull();
  });
});

describe('RepeatGuard', () => {
  it('adds a code held in view once, however many frames see it and however slowly', () => {
    const guard = new RepeatGuard(1500);
    expect(guard.frame([MUG], 0)).toEqual([MUG]);
    expect(guard.frame([MUG], 100)).toEqual([]);
    expect(guard.frame([MUG], 5000)).toEqual([]);
  });

  it('adds the same code again once it was out of view long enough, and another code at once', () => {
    const guard = new RepeatGuard(1500);
    expect(guard.frame([MUG], 0)).toEqual([MUG]);
    expect(guard.frame([], 200)).toEqual([]);
    expect(guard.frame([MUG], 400)).toEqual([]);
    expect(guard.frame([], 600)).toEqual([]);
    expect(guard.frame([MUG], 2200)).toEqual([MUG]);
    expect(guard.frame(['8719876001104'], 2300)).toEqual(['8719876001104']);
  });
});

describe('cameraProblem', () => {
  it('tells a refused permission, a missing camera, an insecure page and anything else apart', () => {
    expect(cameraProblem(new DOMException('no', 'NotAllowedError'))).toBe('denied');
    expect(cameraProblem(new DOMException('none', 'NotFoundError'))).toBe('noCamera');
    expect(cameraProblem(new DOMException('busy', 'NotReadableError'))).toBe('noCamera');
    expect(cameraProblem(new DOMException('http', 'SecurityError'))).toBe('insecure');
    expect(cameraProblem(new Error('wasm did not load'))).toBe('failed');
  });
});
