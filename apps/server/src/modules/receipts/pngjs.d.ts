// The part of pngjs (7.0.0, no bundled types) that Kassa uses: synchronous decoding to RGBA
// (and encoding, with which the tests draw their logos).
declare module 'pngjs' {
  export interface DecodedPng {
    width: number;
    height: number;
    /** RGBA, 8 bits a channel, row after row. */
    data: Buffer;
  }
  export const PNG: { sync: { read(buffer: Buffer): DecodedPng; write(png: DecodedPng): Buffer } };
}
