// The items the in-memory catalogue index (catalogue-index.ts) takes in and lists.

/** What a result tile shows: the in-memory index answers a key with these, no IndexedDB read. */
export interface ListedItem {
  variantId: string;
  name: string;
  sku: string;
  price: number;
  unit: 'piece' | 'weight';
}

/** What the in-memory index keeps of an item: enough to find, rank and show it (the rest is read when it is picked). */
export interface IndexableItem extends ListedItem {
  words: readonly string[];
  categoryId: string | null;
  archived: boolean;
}

/** One page of a ranked listing, and whether more match after it. */
export interface RankedItems {
  items: ListedItem[];
  more: boolean;
}
