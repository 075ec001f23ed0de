import type { Page } from 'playwright-core';

// Measurements taken inside the page (performance.now(), MutationObserver, requestAnimationFrame),
// so Playwright's round trips to the browser never count. A figure ends at the first animation
// frame after the DOM shows the result: the frame that paints it.

/** Random barcodes of items in the register's own IndexedDB catalogue. */
export function randomBarcodes(page: Page, count: number): Promise<string[]> {
  return page.evaluate(async (count) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('kassa-register');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const store = db.transaction('items').objectStore('items');
    const keys = await new Promise<IDBValidKey[]>((resolve) => {
      const req = store.getAllKeys();
      req.onsuccess = () => resolve(req.result);
    });
    const codes: string[] = [];
    while (codes.length < count) {
      const key = keys[Math.floor(Math.random() * keys.length)]!;
      const item = await new Promise<{ barcodes: string[]; archived: boolean } | undefined>((resolve) => {
        const req = db.transaction('items').objectStore('items').get(key);
        req.onsuccess = () => resolve(req.result as { barcodes: string[]; archived: boolean } | undefined);
      });
      // Distinct: the same item scanned twice in a sale adds to its line instead of adding one.
      if (item && !item.archived && item.barcodes[0]?.length === 13 && !codes.includes(item.barcodes[0]))
        codes.push(item.barcodes[0]);
    }
    db.close();
    return codes;
  }, count);
}

/** Items in the register's IndexedDB catalogue. */
export function localItemCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('kassa-register');
        open.onsuccess = () => {
          const req = open.result.transaction('items').objectStore('items').count();
          req.onsuccess = () => {
            open.result.close();
            resolve(req.result);
          };
        };
        open.onerror = () => resolve(0);
      }),
  );
}

/**
 * One keyboard-wedge scan (a burst of key events and Enter, in one task, like a scanner) and the
 * time from its Enter to the frame that shows the new line.
 */
export function scanToLine(page: Page, code: string): Promise<number> {
  return page.evaluate(
    (code) =>
      new Promise<number>((resolve, reject) => {
        const lines = document.querySelector('[data-testid="lines"]')!;
        const before = lines.querySelectorAll('[data-testid="line"]').length;
        const timeout = setTimeout(() => {
          const notice = document.querySelector('[data-testid="scan-notice"]')?.textContent ?? 'no notice';
          const focus = document.activeElement?.tagName ?? 'none';
          reject(
            new Error(`no line for ${code} after 10 s (${before} lines before; ${notice}; focus ${focus})`),
          );
        }, 10_000);
        let started = 0;
        const observer = new MutationObserver(() => {
          if (lines.querySelectorAll('[data-testid="line"]').length <= before) return;
          observer.disconnect();
          requestAnimationFrame(() => {
            clearTimeout(timeout);
            resolve(performance.now() - started);
          });
        });
        observer.observe(lines, { childList: true, subtree: true });
        const target = document.activeElement ?? document.body;
        for (const key of code) {
          target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
          target.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true, cancelable: true }));
        }
        started = performance.now();
        target.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
      }),
    code,
  );
}

/**
 * Installs a recorder on the search field: from each keystroke (the key event's own time stamp)
 * to the frame after the result list says it shows the results for the field's new value
 * (its data-query attribute).
 */
export function recordSearchLatency(page: Page): Promise<void> {
  return page.evaluate(() => {
    const input = document.querySelector<HTMLInputElement>('input[name="search"]')!;
    const list = document.querySelector<HTMLElement>('[data-testid="results"]')!;
    // No named inner functions here: tsx (esbuild keepNames) would wrap them in a helper the page lacks.
    const state = {
      samples: [] as number[],
      slowest: [] as Array<[number, string]>,
      typed: 0,
      done: 0,
      keyAt: 0,
      pendingKeyAt: 0,
      expect: '',
      check: null as null | (() => void),
    };
    (window as unknown as { __search: typeof state }).__search = state;
    input.addEventListener('keydown', (e) => (state.keyAt = e.timeStamp), true);
    input.addEventListener('input', () => {
      // A change without a key (clearing the field) is waited for but not measured.
      state.pendingKeyAt = state.keyAt;
      state.keyAt = 0;
      state.typed += 1;
      state.expect = input.value.trim() ? `q:${input.value}` : '';
      state.check!();
    });
    state.check = () => {
      // An empty field shows the favourites tiles (key "f:") when the store has favourites.
      const query = list.dataset.query === 'f:' ? '' : list.dataset.query;
      if (state.done === state.typed || query !== state.expect) return;
      const keyAt = state.pendingKeyAt;
      const typed = state.typed;
      requestAnimationFrame(() => {
        if (state.done >= typed) return;
        state.done = typed;
        if (!keyAt) return;
        state.samples.push(performance.now() - keyAt);
        state.slowest.push([performance.now() - keyAt, list.dataset.query ?? '']);
      });
    };
    new MutationObserver(() => state.check!()).observe(list, {
      attributes: true,
      attributeFilter: ['data-query'],
    });
  });
}

/** Types a query a key at a time, each key after the results of the previous one showed. */
export async function typeQuery(page: Page, query: string): Promise<void> {
  const field = page.locator('input[name="search"]');
  const shown = () =>
    page.waitForFunction(
      () => {
        const s = (window as unknown as { __search: { typed: number; done: number } }).__search;
        return s.done === s.typed;
      },
      null,
      { timeout: 20_000 },
    );
  await page.evaluate(() => ((window as unknown as { __search: { keyAt: number } }).__search.keyAt = 0));
  await field.fill('');
  await shown();
  for (const ch of query) {
    await field.press(ch === ' ' ? 'Space' : ch);
    await shown();
  }
}

export function searchSamples(page: Page): Promise<{ samples: number[]; slowest: Array<[number, string]> }> {
  return page.evaluate(() => {
    const s = (window as unknown as { __search: { samples: number[]; slowest: Array<[number, string]> } })
      .__search;
    return { samples: s.samples, slowest: [...s.slowest].sort((a, b) => b[0] - a[0]).slice(0, 5) };
  });
}

/**
 * Added to every new document: the time (ms since navigation start) at which the sell screen is
 * interactive: the total shown and the search field enabled, at the frame that paints them.
 */
export function interactiveProbe(): void {
  const w = window as unknown as { __interactiveAt?: number };
  // Anonymous on purpose (see recordSearchLatency): this function's source is run in the page.
  new MutationObserver(() => {
    if (w.__interactiveAt !== undefined) return;
    const field = document.querySelector<HTMLInputElement>('input[name="search"]');
    if (!field || field.disabled || !document.querySelector('[data-testid="total"]')) return;
    w.__interactiveAt = -1;
    requestAnimationFrame(() => (w.__interactiveAt = performance.now()));
  }).observe(document, { childList: true, subtree: true, attributes: true });
}
