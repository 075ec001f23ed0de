/** Every keyboard shortcut of the register, in the order the `?` overlay lists them (UI.md: every action has one). */
export const SHORTCUTS = [
  { action: 'search', keys: ['F2', '/'] },
  { action: 'selectLine', keys: ['↑', '↓'] },
  { action: 'quantity', keys: ['+', '−'] },
  { action: 'typeQuantity', keys: ['*'] },
  { action: 'lineDetails', keys: ['F7'] },
  { action: 'lineDiscount', keys: ['Shift+F4'] },
  { action: 'removeLine', keys: ['Delete'] },
  { action: 'orderDiscount', keys: ['F4'] },
  { action: 'park', keys: ['F6'] },
  { action: 'parkedList', keys: ['Shift+F6'] },
  { action: 'pay', keys: ['F8', 'F12'] },
  { action: 'cardAmount', keys: ['Enter'] },
  { action: 'menu', keys: ['F9'] },
  { action: 'help', keys: ['?'] },
  { action: 'close', keys: ['Esc'] },
] as const;

export type ShortcutAction = (typeof SHORTCUTS)[number]['action'];

/** The keys of an action as a tooltip shows them: "F8 / F12". */
export function keysOf(action: ShortcutAction): string {
  return SHORTCUTS.find((s) => s.action === action)!.keys.join(' / ');
}

/** A button's tooltip: its label and its shortcut, "Afrekenen (F8 / F12)". */
export function withKeys(label: string, action: ShortcutAction): string {
  return `${label} (${keysOf(action)})`;
}
