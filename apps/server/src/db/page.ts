/**
 * Keyset pagination: queries fetch `limit + 1` rows, the extra one only tells
 * that another page exists. Returns the page and the cursor of its last item
 * (null on the last page).
 */
export function toPage<Item>(
  rows: Item[],
  limit: number,
  cursorOf: (item: Item) => string,
): { items: Item[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? cursorOf(last) : null };
}
