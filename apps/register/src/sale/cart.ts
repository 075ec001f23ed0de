import type { Discount } from '@kassa/domain';
import type { Cart, CartLine, LocalItem } from '../db/database.ts';
import { uuidv7 } from '../lib/uuid.ts';

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
    const same = cart.lines.find((l) => l.variantId === item.variantId && l.quantity !== undefined && l.unitPrice === unitPrice && !l.lineDiscount);
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
    taxes,
  };
  return { ...cart, lines: [...cart.lines, line] };
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
