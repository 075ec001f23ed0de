import type { Discount } from '@kassa/domain';
import type { Cart, CartLine, LocalItem } from '../db/database.ts';
import { uuidv7 } from '../lib/uuid.ts';

// What a cart line carries beyond the catalogue item (issue 6: line notes, "sold by", unknown items).
// Declared here, next to the functions that set them, by augmenting the stored CartLine: the cart is
// kept as one JSON value in `meta`, so these fields need no database schema change.
declare module '../db/database.ts' {
  interface CartLine {
    /** Printed under the line (gift wrap, engraving text…); the sale document carries it as the line's `note`. */
    note?: string;
    /** The staff member credited with the line when not the cashier who completes the sale. */
    soldByStaffId?: string;
    /** An item the catalogue does not know, described and priced by the cashier (variantId null). */
    unknownItem?: true;
  }
}

/** The longest line note the sale contract accepts. */
export const LINE_NOTE_MAX = 500;

/** An empty cart with a fresh id (the id survives parking and becomes nothing else). */
export function emptyCart(): Cart {
  return { id: uuidv7(), lines: [] };
}

export interface AddItemInput {
  item: LocalItem;
  taxes: Array<{ code: string; rateBp: number }>;
  /** Weighed items: thousandths of a kg (grams). */
  quantityMilli?: number;
  /** A price printed in a variable-measure barcode. */
  embeddedPrice?: number;
}

/** Adds an item: a piece item already in the cart (same price, no discount) gets one more instead of a new line. */
export function addItem(cart: Cart, input: AddItemInput): Cart {
  const { item, taxes } = input;
  const weighed = input.quantityMilli !== undefined;
  const unitPrice = input.embeddedPrice ?? item.price;
  if (!weighed) {
    // A line with its own note or salesperson stays apart: one more of the item is a line of its own.
    const same = cart.lines.find((l) => l.variantId === item.variantId && l.quantity !== undefined && l.unitPrice === unitPrice && !l.lineDiscount && !l.note && !l.soldByStaffId);
    if (same) return updateLine(cart, same.id, { quantity: (same.quantity ?? 0) + 1 });
  }
  const line: CartLine = {
    id: uuidv7(),
    variantId: item.variantId,
    description: item.name.slice(0, 200),
    sku: item.sku,
    ...(weighed ? { quantityMilli: input.quantityMilli } : { quantity: 1 }),
    unitPrice,
    ...(input.embeddedPrice !== undefined && input.embeddedPrice !== item.price ? { originalUnitPrice: item.price } : {}),
    ...(input.embeddedPrice !== undefined ? { priceFromLabel: true as const } : {}),
    taxes,
  };
  return { ...cart, lines: [...cart.lines, line] };
}

export interface UnknownItemInput {
  /** The line id, chosen before a manager approves so the approval can name the line. */
  id?: string;
  description: string;
  unitPrice: number;
  taxes: Array<{ code: string; rateBp: number }>;
}

/** Adds an item the catalogue does not know: no variant, the cashier's description, price and tax (the server flags it UNKNOWN_ITEM). */
export function addUnknownItem(cart: Cart, input: UnknownItemInput): Cart {
  const line: CartLine = {
    id: input.id ?? uuidv7(),
    variantId: null,
    unknownItem: true,
    description: input.description.trim().slice(0, 200),
    sku: '',
    quantity: 1,
    unitPrice: input.unitPrice,
    taxes: input.taxes,
  };
  return { ...cart, lines: [...cart.lines, line] };
}

/**
 * A line's note and salesperson: an empty note removes it; no salesperson means the cashier who
 * completes the sale (the server's default too).
 */
export function setLineDetails(cart: Cart, lineId: string, details: { note: string; soldByStaffId: string | null }): Cart {
  const note = details.note.trim().slice(0, LINE_NOTE_MAX);
  return {
    ...cart,
    lines: cart.lines.map((l) => {
      if (l.id !== lineId) return l;
      const next: CartLine = { ...l, note, ...(details.soldByStaffId ? { soldByStaffId: details.soldByStaffId } : {}) };
      if (!note) delete next.note;
      if (!details.soldByStaffId) delete next.soldByStaffId;
      return next;
    }),
  };
}

/**
 * A weighed item added without its weight (tapped, searched, or scanned by its own code rather than
 * a GS1 weight barcode): the cashier types the weight before it becomes a line, never "1 kg" by default.
 */
export function needsWeight(input: AddItemInput): boolean {
  return input.item.unit === 'weight' && input.quantityMilli === undefined && input.embeddedPrice === undefined;
}

/** A typed quantity: whole pieces for a piece line, thousandths of a kg for a weighed one. */
export type LineQuantity = { quantity: number } | { quantityMilli: number };

/** Sets a line's typed quantity; a quantity of the other kind (pieces on a weighed line) leaves the line as it is. */
export function setLineQuantity(cart: Cart, lineId: string, value: LineQuantity): Cart {
  return {
    ...cart,
    lines: cart.lines.map((l) => {
      if (l.id !== lineId) return l;
      if ('quantity' in value) return l.quantity !== undefined ? { ...l, quantity: value.quantity } : l;
      return l.quantityMilli !== undefined ? { ...l, quantityMilli: value.quantityMilli } : l;
    }),
  };
}

type LinePatch = Partial<Pick<CartLine, 'quantity' | 'lineDiscount'>>;

export function updateLine(cart: Cart, lineId: string, patch: LinePatch): Cart {
  return { ...cart, lines: cart.lines.map((l) => (l.id === lineId ? withPatch(l, patch) : l)) };
}

/**
 * A price override: the line sells at `unitPrice`; the catalogue price stays as `originalUnitPrice`
 * (the server journals both). Back to the catalogue price removes the override.
 */
export function overrideLinePrice(cart: Cart, lineId: string, unitPrice: number): Cart {
  return {
    ...cart,
    lines: cart.lines.map((l) => {
      if (l.id !== lineId) return l;
      const original = l.originalUnitPrice ?? l.unitPrice;
      const next: CartLine = { ...l, unitPrice, originalUnitPrice: original };
      // Changed by hand, a label's price is an override like any other.
      delete next.priceFromLabel;
      if (unitPrice === original) delete next.originalUnitPrice;
      return next;
    }),
  };
}

function withPatch(line: CartLine, patch: LinePatch): CartLine {
  const next = { ...line, ...patch };
  if ('lineDiscount' in patch && patch.lineDiscount === undefined) delete next.lineDiscount;
  return next;
}

export function removeLine(cart: Cart, lineId: string): Cart {
  return { ...cart, lines: cart.lines.filter((l) => l.id !== lineId) };
}

export function setOrderDiscount(cart: Cart, discount: Discount | undefined): Cart {
  const next = { ...cart, ...(discount ? { orderDiscount: discount } : {}) };
  if (!discount) delete next.orderDiscount;
  return next;
}

/** The line the cashier is looking at after a scan: the last one touched is the last in the list. */
export function lastLineId(cart: Cart): string | undefined {
  return cart.lines.at(-1)?.id;
}

/** ↑ / ↓ over the lines: the previous or next line, stopping at the ends; from none, the first (↓) or last (↑). */
export function neighbourLineId(cart: Cart, selected: string | undefined, step: 1 | -1): string | undefined {
  const lines = cart.lines;
  if (!lines.length) return undefined;
  const at = lines.findIndex((l) => l.id === selected);
  const next = at === -1 ? (step === 1 ? 0 : lines.length - 1) : Math.min(lines.length - 1, Math.max(0, at + step));
  return lines[next]!.id;
}
