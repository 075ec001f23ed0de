/** Ref callback for a screen's dialog: focus moves into it when it opens (keyboard and screen-reader users land in it). */
export function focusOnOpen(element: HTMLElement | null): void {
  if (element && !element.contains(document.activeElement)) element.focus({ preventScroll: true });
}
