import { useCallback, useEffect, useRef, useState } from 'react';

function focusable(element: Element | null): element is HTMLElement {
  return element instanceof HTMLElement && element.isConnected && element !== document.body && !element.matches(':disabled') && element.closest('[inert]') === null && element.getClientRects().length > 0;
}

/**
 * A dialog state that gives focus back when the dialog closes (UI.md: focus never gets lost): to
 * what had focus when it opened, or, when that is gone or disabled (the Pay button after a sale),
 * to `fallback` (the search field). Going from one dialog to the next keeps the first origin.
 */
export function useDialogState<T>(fallback: () => HTMLElement | null | undefined): [T | null, (next: T | null) => void] {
  const [value, setValue] = useState<T | null>(null);
  const origin = useRef<Element | null>(null);
  const open = useRef(false);
  const fallbackRef = useRef(fallback);
  fallbackRef.current = fallback;

  const show = useCallback((next: T | null) => {
    if (!open.current && next !== null) origin.current = document.activeElement;
    open.current = next !== null;
    setValue(next);
  }, []);

  useEffect(() => {
    if (value !== null || origin.current === null) return;
    const target = origin.current;
    origin.current = null;
    // Only when focus was left on nothing (the dialog's element is gone): never steal it from where the user moved it.
    if (document.activeElement && document.activeElement !== document.body) return;
    const to = focusable(target) ? target : fallbackRef.current();
    to?.focus({ preventScroll: true });
  }, [value]);

  return [value, show];
}
