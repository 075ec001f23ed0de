import { useEffect, useRef } from 'react';
import { isTextEntry } from '../../scan/wedge.ts';

export interface SellShortcuts {
  enabled: boolean;
  overlayOpen: boolean;
  focusSearch(): void;
  pay(): void;
  park(): void;
  orderDiscount(): void;
  more(): void;
  less(): void;
  remove(): void;
  escape(): void;
}

/** F2 search, F4 discount, F6 park, F12 pay, +/− quantity, Delete remove, Esc close (shown in tooltips). */
export function useSellShortcuts(actions: SellShortcuts): void {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    const handler = (event: KeyboardEvent) => {
      const a = ref.current;
      if (event.key === 'Escape') return a.escape();
      if (!a.enabled) return;
      const fn: Record<string, (() => void) | undefined> = { F2: a.focusSearch, F4: a.orderDiscount, F6: a.park, F12: a.pay, F8: a.pay };
      const fkey = fn[event.key];
      if (fkey && !a.overlayOpen) {
        event.preventDefault();
        return fkey();
      }
      if (isTextEntry(event.target) || a.overlayOpen) return;
      if (event.key === '+') a.more();
      else if (event.key === '-') a.less();
      else if (event.key === 'Delete') a.remove();
      else if (event.key === '/') {
        event.preventDefault();
        a.focusSearch();
      }
    };
    window.addEventListener('keydown', handler);
    return () => window.removeEventListener('keydown', handler);
  }, []);
}
