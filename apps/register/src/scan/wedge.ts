/**
 * Keyboard-wedge scanners "type" a code in a burst (a few ms per character) and press Enter.
 * People type far slower (> 50 ms between keys), so the gap between keys tells them apart.
 * The detector is pure (time is passed in) so it is tested without a browser.
 */
export interface WedgeOptions {
  /** Longest gap between two characters of one scan. */
  maxGapMs?: number;
  minLength?: number;
}

export class WedgeDetector {
  private buffer = '';
  private lastAt = -Infinity;
  private readonly maxGapMs: number;
  private readonly minLength: number;

  constructor(options: WedgeOptions = {}) {
    this.maxGapMs = options.maxGapMs ?? 50;
    this.minLength = options.minLength ?? 4;
  }

  /** Feeds one key; returns the scanned code when this key (Enter) ends a burst, else null. */
  key(key: string, at: number): string | null {
    const fast = at - this.lastAt <= this.maxGapMs;
    this.lastAt = at;
    if (key === 'Enter') {
      const code = fast && this.buffer.length >= this.minLength ? this.buffer : null;
      this.buffer = '';
      return code;
    }
    if (key.length !== 1) {
      this.buffer = '';
      return null;
    }
    this.buffer = fast ? this.buffer + key : key;
    return null;
  }

  /** True while a burst is under way (its characters should not reach a button or shortcut). */
  inBurst(at: number): boolean {
    return this.buffer.length >= 2 && at - this.lastAt <= this.maxGapMs;
  }
}

/** A text field being typed in keeps its keys: the scan goes to the field (search handles Enter itself). */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit', 'range'].includes(target.type);
}

/** Listens on the whole window: a scan lands whatever has focus (except a text field being typed in). */
export function listenForScans(onScan: (code: string) => void, options?: WedgeOptions): () => void {
  const detector = new WedgeDetector(options);
  const handler = (event: KeyboardEvent) => {
    if (isTextEntry(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    const code = detector.key(event.key, event.timeStamp);
    if (code !== null) {
      // The Enter ending the scan must not also press the focused button.
      event.preventDefault();
      event.stopPropagation();
      onScan(code);
    }
  };
  window.addEventListener('keydown', handler, { capture: true });
  return () => window.removeEventListener('keydown', handler, { capture: true });
}
