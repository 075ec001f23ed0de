import type { IndexableItem, ListedItem, RankedItems } from './listed-item.ts';
import { smallest } from './sorted-keys.ts';
import { WordPostings } from './word-postings.ts';
import { wordsOf } from './words.ts';

// A sort key is `notWhole * RANK_SPAN + rank`: one number per candidate, so ranking is numeric work.
const RANK_SPAN = 2 ** 24;
// A word of another term is checked item by item when that is cheaper than reading its postings.
const WORDS_PER_ITEM = 8;
// One typed word that starts the words of more than 1 item in DENSE ("m", "s", "8"): the items are
// walked in name order until the page is full, instead of ranking tens of thousands of matches.
const DENSE = 16;
// A dense term's walk stops after this many times the slots its density predicts for a page, and
// the term's postings are ranked instead (its matches are not spread evenly over the name order).
const WALK_SLACK = 4;

export type { IndexableItem, ListedItem, RankedItems } from './listed-item.ts';

/**
 * The register's catalogue search, in memory: every word's item slots (word-postings.ts) and each
 * item's words. Typed words must each prefix-match a word of the item; results rank like the
 * server's: more words typed whole first ("mok" before "mokka"), then shorter names, then by name.
 * Items changed or archived leave a dead slot behind (skipped when read); `compacted()` drops them.
 */
export class CatalogueIndex {
  private readonly slotOf = new Map<string, number>();
  private ids: string[] = [];
  private names: string[] = [];
  private skus: string[] = [];
  private prices: number[] = [];
  private units: Array<ListedItem['unit']> = [];
  /** The item's words as " w1 w2 … ": a prefix check is one `includes(' ' + term)`; empty for a dead slot. */
  private text: string[] = [];
  private categories: Array<string | null> = [];
  private readonly words = new WordPostings();
  private readonly byCategory = new Map<string, number[]>();
  /** rankOf[slot]: position by (name length, name); null when items changed since it was computed. */
  private rankOf: Int32Array | null = null;
  private slotAt = new Int32Array(0);
  private mark = new Uint32Array(0);
  private hit = new Uint32Array(0);
  private whole = new Uint8Array(0);
  private stamp = 0;
  private dead = 0;
  private cache: { key: string; version: number; keys: Float64Array } | null = null;
  /** Grows with every change: a cached ranking of an older version is not reused. */
  version = 0;

  get size(): number {
    return this.slotOf.size;
  }

  /** Adds or replaces items; an archived item leaves the index (it is never offered). */
  put(items: Iterable<IndexableItem>): void {
    for (const item of items) {
      this.version += 1;
      if (item.archived) {
        this.remove([item.variantId]);
        continue;
      }
      const text = ` ${item.words.join(' ')} `;
      const slot = this.slotOf.get(item.variantId);
      if (
        slot !== undefined &&
        this.text[slot] === text &&
        this.names[slot] === item.name &&
        this.categories[slot] === item.categoryId
      ) {
        // Same words, name and category (a new price, say): the slot keeps its place in every list.
        this.show(slot, item);
        continue;
      }
      if (slot !== undefined) this.kill(slot);
      this.add(item, text);
    }
  }

  remove(variantIds: Iterable<string>): void {
    for (const id of variantIds) {
      const slot = this.slotOf.get(id);
      if (slot !== undefined) this.kill(slot);
      this.version += 1;
    }
  }

  private kill(slot: number): void {
    this.slotOf.delete(this.ids[slot]!);
    this.text[slot] = '';
    this.dead += 1;
  }

  private add(item: IndexableItem, text: string): void {
    const slot = this.ids.length;
    this.ids.push(item.variantId);
    this.names.push(item.name);
    this.show(slot, item);
    this.text.push(text);
    this.categories.push(item.categoryId);
    this.slotOf.set(item.variantId, slot);
    for (const word of item.words) this.words.add(word, slot);
    if (item.categoryId) {
      const list = this.byCategory.get(item.categoryId);
      if (list) list.push(slot);
      else this.byCategory.set(item.categoryId, [slot]);
    }
    this.rankOf = null;
  }

  private show(slot: number, item: ListedItem): void {
    this.skus[slot] = item.sku;
    this.prices[slot] = item.price;
    this.units[slot] = item.unit;
  }

  /** Items whose words start with every typed word, ranked; `offset`/`limit` give the page. */
  search(query: string, offset: number, limit: number): RankedItems {
    const terms = wordsOf(query);
    if (terms.length === 0) return { items: [], more: false };
    this.prepare();
    const walked = terms.length === 1 && this.isDense(terms[0]!) ? this.walkByName(terms[0]!, offset, limit) : null;
    if (walked) return walked;
    const cacheKey = `q:${terms.join(' ')}`;
    const cached = this.cached(cacheKey);
    if (cached) return this.page(cached, offset, limit, cacheKey);
    const candidates = this.matching(terms);
    const keys = new Float64Array(candidates.length);
    const notWhole = this.notWhole(terms, candidates);
    for (let i = 0; i < candidates.length; i++)
      keys[i] = notWhole[i]! * RANK_SPAN + this.rankOf![candidates[i]!]!;
    return this.page(keys, offset, limit, cacheKey);
  }

  /** A category's items by (name length, name), a page at a time. */
  category(categoryId: string, offset: number, limit: number): RankedItems {
    this.prepare();
    const cacheKey = `c:${categoryId}`;
    const cached = this.cached(cacheKey);
    if (cached) return this.page(cached, offset, limit, cacheKey);
    const stamp = this.nextStamp();
    const keys: number[] = [];
    for (const slot of this.byCategory.get(categoryId) ?? []) {
      if (!this.text[slot] || this.categories[slot] !== categoryId || this.mark[slot] === stamp) continue;
      this.mark[slot] = stamp;
      keys.push(this.rankOf![slot]!);
    }
    return this.page(Float64Array.from(keys), offset, limit, cacheKey);
  }

  /** A new index of the live items only: the dead slots of changed items are gone. */
  compacted(): CatalogueIndex {
    this.prepare();
    const next = new CatalogueIndex();
    const items: IndexableItem[] = [];
    for (const [variantId, slot] of this.slotOf) {
      const words = this.text[slot]!.trim().split(' ');
      items.push({
        variantId,
        name: this.names[slot]!,
        sku: this.skus[slot]!,
        price: this.prices[slot]!,
        unit: this.units[slot]!,
        words,
        categoryId: this.categories[slot]!,
        archived: false,
      });
    }
    next.put(items);
    return next;
  }

  /** True when half the slots are dead (items changed many times): time to compact. */
  get wasteful(): boolean {
    return this.dead > 10_000 && this.dead > this.slotOf.size;
  }

  /** Merges the words added since the last search and ranks the names again when items changed (done before a search, or ahead of it when idle). */
  prepare(): void {
    this.words.prepare();
    if (this.mark.length < this.ids.length) {
      const size = Math.max(1024, this.ids.length * 2);
      this.mark = new Uint32Array(size);
      this.hit = new Uint32Array(size);
      this.whole = new Uint8Array(size);
      this.stamp = 0;
    }
    if (!this.rankOf) this.rankNames();
  }

  /**
   * Ranks the slots added since the last time among the others. A slot's name never changes (a
   * renamed item gets a new slot), so the new slots are sorted and merged in: linear, not a sort
   * of the whole catalogue after every catalogue page.
   */
  private rankNames(): void {
    const names = this.names;
    const before = (a: number, b: number) =>
      names[a]!.length - names[b]!.length || (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : a - b);
    const added = Array.from({ length: names.length - this.slotAt.length }, (_, i) => this.slotAt.length + i);
    added.sort(before);
    const old = this.slotAt;
    const slotAt = new Int32Array(names.length);
    for (let k = 0, i = 0, j = 0; k < slotAt.length; k++)
      slotAt[k] =
        j >= added.length || (i < old.length && before(old[i]!, added[j]!) < 0) ? old[i++]! : added[j++]!;
    this.slotAt = slotAt;
    this.rankOf = new Int32Array(slotAt.length);
    for (let rank = 0; rank < slotAt.length; rank++) this.rankOf[slotAt[rank]!] = rank;
  }

  /** The slots holding every term: the rarest term's postings, then narrowed by the others. */
  private matching(terms: string[]): number[] {
    const ranges = terms.map((term) => this.words.rangeOf(term));
    ranges.sort((a, b) => a.postings - b.postings);
    const [driver, ...others] = ranges as [(typeof ranges)[number], ...typeof ranges];
    const stamp = this.nextStamp();
    let candidates: number[] = [];
    this.words.eachSlot(driver, (slot) => {
      if (this.mark[slot] === stamp || !this.text[slot]) return;
      this.mark[slot] = stamp;
      candidates.push(slot);
    });
    for (const other of others) {
      if (candidates.length === 0) break;
      if (other.postings <= candidates.length * WORDS_PER_ITEM) {
        const hitStamp = this.nextStamp();
        this.words.eachSlot(other, (slot) => (this.hit[slot] = hitStamp));
        candidates = candidates.filter((slot) => this.hit[slot] === hitStamp);
      } else {
        const needle = ` ${other.term}`;
        candidates = candidates.filter((slot) => this.text[slot]!.includes(needle));
      }
    }
    return candidates;
  }

  /** True when the term starts words of many items (see DENSE). */
  private isDense(term: string): boolean {
    const enough = this.slotOf.size / DENSE;
    return this.words.rangeOf(term, enough).postings >= enough;
  }

  /**
   * One dense term: the items having it whole first (by name), then the others in name order,
   * walked until the page is full and one more shows there is a next page. Null when the walk
   * would be long: names rank by length first, so a term whose items all have long names
   * ("chocolad": Chocoladereep …) sits far down the order, and ranking its postings is cheaper.
   */
  private walkByName(term: string, offset: number, limit: number): RankedItems | null {
    const stamp = this.nextStamp();
    const wholeRanks: number[] = [];
    this.words.eachWhole(term, (slot) => {
      if (!this.text[slot]) return;
      this.mark[slot] = stamp;
      wholeRanks.push(this.rankOf![slot]!);
    });
    const need = offset + limit + 1;
    const keys = Float64Array.from(wholeRanks);
    const whole = keys.length > need * 4 ? smallest(keys, need) : keys.sort();
    const found: number[] = [];
    let skipped = 0;
    const take = (slot: number): boolean => {
      if (skipped < offset) skipped += 1;
      else found.push(slot);
      return found.length > limit;
    };
    if (!whole.some((rank) => take(this.slotAt[rank]!))) {
      const needle = ` ${term}`;
      const budget = (need - found.length) * DENSE * WALK_SLACK;
      for (let rank = 0; rank < this.slotAt.length; rank++) {
        if (rank >= budget) return null;
        const slot = this.slotAt[rank]!;
        if (this.mark[slot] !== stamp && this.text[slot]!.includes(needle) && take(slot)) break;
      }
    }
    return { items: found.slice(0, limit).map((slot) => this.listed(slot)), more: found.length > limit };
  }

  /** For each candidate, how many terms it has only as the start of a longer word. */
  private notWhole(terms: string[], candidates: number[]): Uint8Array {
    const stamp = this.nextStamp();
    for (const slot of candidates) {
      this.mark[slot] = stamp;
      this.whole[slot] = 0;
    }
    for (const term of terms)
      this.words.eachWhole(term, (slot) => this.mark[slot] === stamp && (this.whole[slot]! += 1));
    // A plain loop: Uint8Array.from with a mapping function takes V8's slow iterator path.
    const notWhole = new Uint8Array(candidates.length);
    for (let i = 0; i < candidates.length; i++) notWhole[i] = terms.length - this.whole[candidates[i]!]!;
    return notWhole;
  }

  private cached(key: string): Float64Array | null {
    return this.cache?.key === key && this.cache.version === this.version ? this.cache.keys : null;
  }

  /** The page of sorted keys, as ids: the first page picks the best few; later pages sort everything once (cached). */
  private page(keys: Float64Array, offset: number, limit: number, cacheKey: string): RankedItems {
    let chosen: Float64Array;
    if (this.cached(cacheKey) === keys) chosen = keys.subarray(offset, offset + limit);
    else if (offset === 0 && keys.length > limit * 4) chosen = smallest(keys, limit);
    else {
      keys.sort();
      this.cache = { key: cacheKey, version: this.version, keys };
      chosen = keys.subarray(offset, offset + limit);
    }
    return {
      items: Array.from(chosen, (key) => this.listed(this.slotAt[key % RANK_SPAN]!)),
      more: offset + limit < keys.length,
    };
  }

  private listed(slot: number): ListedItem {
    return {
      variantId: this.ids[slot]!,
      name: this.names[slot]!,
      sku: this.skus[slot]!,
      price: this.prices[slot]!,
      unit: this.units[slot]!,
    };
  }

  private nextStamp(): number {
    this.stamp += 1;
    return this.stamp;
  }
}
