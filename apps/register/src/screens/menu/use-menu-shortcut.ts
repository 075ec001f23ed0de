import { useEffect, useRef } from 'react';

/** F9 opens the register menu (shift, returns, time clock) when it may be used. */
export function useMenuShortcut(enabled: boolean, open: () => void): void {
  const ref = useRef({ enabled, open });
  ref.current = { enabled, open };
  useEffect(() => {
    const handler = (event: KeyboardEvent) => {
      if (event.key !== 'F9' || !ref.current.enabled) return;
      event.preventDefault();
      ref.current.open();
    };
    window.addEventListener('keydown', handler);
    return () => window.removeEventListener('keydown', handler);
  }, []);
}
