import { describe, expect, it } from 'vitest';
import { WedgeDetector } from '../src/scan/wedge.ts';

function feed(detector: WedgeDetector, text: string, start: number, gapMs: number): string | null {
  let at = start;
  let result: string | null = null;
  for (const key of [...text, 'Enter']) {
    result = detector.key(key, at);
    at += gapMs;
  }
  return result;
}

describe('WedgeDetector', () => {
  it('returns the code of a fast burst ending in Enter', () => {
    expect(feed(new WedgeDetector(), '8719876000015', 1000, 4)).toBe('8719876000015');
  });

  it('ignores human typing (keys more than 50 ms apart)', () => {
    expect(feed(new WedgeDetector(), '8719876000015', 1000, 120)).toBeNull();
  });

  it('keeps the first key of a burst that follows a pause', () => {
    const detector = new WedgeDetector();
    detector.key('x', 0);
    expect(feed(detector, '12345678', 5000, 3)).toBe('12345678');
  });

  it('refuses bursts shorter than the minimum length (a fast double key press)', () => {
    expect(feed(new WedgeDetector(), '12', 1000, 3)).toBeNull();
  });

  it('starts a new code after a slow gap inside the burst', () => {
    const detector = new WedgeDetector();
    for (const [key, at] of [['9', 0], ['9', 3], ['1', 500], ['2', 503], ['3', 506], ['4', 509]] as const) detector.key(key, at);
    expect(detector.key('Enter', 512)).toBe('1234');
  });
});
