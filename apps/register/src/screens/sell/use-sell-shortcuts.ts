import { useEffect, useRef } from 'react';
import { isTextEntry } from '../../scan/wedge.ts';

export interface SellShortcuts {
  enabled: boolean;
  overlayOpen: boolean;
  focusSearch(): void;
  pay(): void;
  park(): void;
  /** Shift+F6: the list of parked sales, to resume one. */
  parkedList(): void;
  orderDiscount(): void;
  lineDiscount(): void;
  lineDetails(): void;
  /** ↑ / ↓: the previous or next line becomes the selected one. */
  selectLine(step: 1 | -1): void;
  more(): void;
  /** `*`: type the selected line's quantity (pieces) or weight (kg). */
  typeQuantity(): void;
  less(): void;
  remove(): void;
  help(): void;
  escape(): void;
}

/** The sell screen's keys; the list the `?` overlay and the tooltips show is shortcuts.ts (keep both in step). */
export function useSellShortcuts(actions: SellShortcuts): void {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    const handler = (event: KeyboardEvent) => {
      const a = ref.current;
      if (event.key === 'Escape') return a.escape();
      // `?` opens (and closes) the list of shortcuts, also on a read-only register.
      if (event.key === '?' && !isTextEntry(event.target)) {
        event.preventDefault();
        return a.help();
      }
      if (!a.enabled) return;
      const key = event.shiftKey && (event.key === 'F4' || event.key === 'F6') ? `Shift+${event.key}` : event.key;
      const fn: Record<string, (() => void) | undefined> = { F2: a.focusSearch, F4: a.orderDiscount, 'Shift+F4': a.lineDiscount, F6: a.park, 'Shift+F6': a.parkedList, F7: a.lineDetails, F12: a.pay, F8: a.pay };
      const fkey = fn[key];
      if (fkey && !a.overlayOpen) {
        event.preventDefault();
        return fkey();
      }
      if (isTextEntry(event.target) || a.overlayOpen) return;
      if (event.key === '+') a.more();
      else if (event.key === '-') a.less();
      else if (event.key === '*') {
        event.preventDefault();
        a.typeQuantity();
      }
      else if (event.key === 'Delete') a.remove();
      else if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
        event.preventDefault();
        a.selectLine(event.key === 'ArrowUp' ? -1 : 1);
      } else if (event.key === '/') {
        event.preventDefault();
        a.focusSearch();
      }
    };
    window.addEventListener('keydown', handler);
    return () => window.removeEventListener('keydown', handler);
  }, []);
}
