import { liveQuery } from 'dexie';
import { CatalogueIndex, type IndexableItem } from './catalogue-index.ts';
import { getMeta, type LocalItem, type RegisterDatabase } from './database.ts';

/** Items read from IndexedDB per step of a build: small steps keep each task short on a slow tablet (a scan waits for one step at most). */
const BUILD_CHUNK = 500;
/** How long a cursor written elsewhere (another tab's sync) may differ before the index is built again. */
const FOREIGN_CHANGE_DELAY_MS = 2000;

interface Holder {
  /** The index searches use; null until the first build is done. */
  ready: CatalogueIndex | null;
  /** An index being built: the pages applied meanwhile go to it too. */
  building: CatalogueIndex | null;
  run: Promise<void> | null;
  /** The catalogue cursor the index reflects (the last page this tab applied, or the one read at build). */
  cursor: unknown;
  unwatch: (() => void) | null;
  preparing: boolean;
  /** Bumps when the index becomes ready or changes: the result grid lists again. */
  version: number;
  listeners: Set<() => void>;
}

const holders = new WeakMap<RegisterDatabase, Holder>();

function holderOf(db: RegisterDatabase): Holder {
  let holder = holders.get(db);
  if (!holder) {
    holder = {
      ready: null,
      building: null,
      run: null,
      cursor: undefined,
      unwatch: null,
      preparing: false,
      version: 0,
      listeners: new Set(),
    };
    holders.set(db, holder);
  }
  return holder;
}

/** The in-memory index when it holds the whole local catalogue; null while it is built (search reads IndexedDB then). */
export function readyCatalogueIndex(db: RegisterDatabase): CatalogueIndex | null {
  return holders.get(db)?.ready ?? null;
}

/** Tells `listener` when the index became ready or changed (for useSyncExternalStore, with catalogueIndexVersion). */
export function subscribeCatalogueIndex(db: RegisterDatabase, listener: () => void): () => void {
  const holder = holderOf(db);
  holder.listeners.add(listener);
  return () => holder.listeners.delete(listener);
}

export function catalogueIndexVersion(db: RegisterDatabase): number {
  return holders.get(db)?.version ?? 0;
}

function changed(holder: Holder): void {
  holder.version += 1;
  for (const listener of holder.listeners) listener();
}

/**
 * Builds the in-memory index from IndexedDB in the background, once (later calls share it):
 * BUILD_CHUNK items a step, yielding between steps, so the sell screen stays responsive meanwhile.
 * Then it follows the catalogue: pages applied here update it at once; a cursor moved by another
 * tab's sync builds it again.
 */
export function warmCatalogueIndex(db: RegisterDatabase): Promise<void> {
  const holder = holderOf(db);
  watchForeignChanges(db, holder);
  if (holder.ready && !holder.run) return Promise.resolve();
  holder.run ??= build(db, holder).finally(() => (holder.run = null));
  return holder.run;
}

/** A first load into an empty table: the index is complete from the start and grows with every page. */
export function startEmptyCatalogueIndex(db: RegisterDatabase): void {
  const holder = holderOf(db);
  if (holder.ready || holder.run) return;
  holder.ready = new CatalogueIndex();
  holder.cursor = undefined;
  changed(holder);
}

/** Called after a catalogue page was committed: the same changes, in memory. */
export function catalogueIndexApplied(
  db: RegisterDatabase,
  items: readonly LocalItem[],
  removed: readonly string[],
  cursor: unknown,
): void {
  const holder = holders.get(db);
  if (!holder) return;
  holder.cursor = cursor;
  if (items.length === 0 && removed.length === 0) return;
  for (const index of [holder.ready, holder.building]) {
    if (!index) continue;
    index.remove(removed);
    index.put(items);
  }
  if (holder.ready?.wasteful && !holder.run) holder.ready = holder.ready.compacted();
  prepareWhenIdle(holder);
  changed(holder);
}

/** Sorting the new words and ranking the names again is done before the cashier's next key, not on it. */
function prepareWhenIdle(holder: Holder): void {
  if (holder.preparing) return;
  holder.preparing = true;
  const run = () => {
    holder.preparing = false;
    holder.ready?.prepare();
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 1000 });
  else setTimeout(run, 50);
}

/** Forgets the index (tests, and a database that is deleted). */
export function dropCatalogueIndex(db: RegisterDatabase): void {
  holders.get(db)?.unwatch?.();
  holders.delete(db);
}

async function build(db: RegisterDatabase, holder: Holder): Promise<void> {
  const index = new CatalogueIndex();
  holder.building = index;
  try {
    holder.cursor = await getMeta(db, 'catalogCursor');
    let last: string | null = null;
    let steps = 0;
    for (;;) {
      await nextTask();
      const query = last === null ? db.items.orderBy(':id') : db.items.where(':id').above(last);
      const items: IndexableItem[] = await query.limit(BUILD_CHUNK).toArray();
      // Applied as soon as read: a page committed after this read is applied after it too (IndexedDB runs them in order).
      index.put(items);
      if (items.length < BUILD_CHUNK) break;
      // Every 10,000 items, the words and names read so far are sorted in: the last step then merges little (no long task).
      if (++steps % 20 === 0) index.prepare();
      last = items[items.length - 1]!.variantId;
    }
    index.prepare();
    holder.ready = index;
    changed(holder);
  } finally {
    holder.building = null;
  }
}

/** Another tab applied catalogue pages (its cursor is not ours): build again, still answering from the old index meanwhile. */
function watchForeignChanges(db: RegisterDatabase, holder: Holder): void {
  if (holder.unwatch) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const subscription = liveQuery(() => getMeta(db, 'catalogCursor')).subscribe({
    next: (cursor) => {
      if (cursor === holder.cursor) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        void getMeta(db, 'catalogCursor').then((now) => {
          if (now !== holder.cursor && !holder.run) void warmAgain(db, holder);
        });
      }, FOREIGN_CHANGE_DELAY_MS);
    },
    error: () => undefined,
  });
  holder.unwatch = () => {
    clearTimeout(timer);
    subscription.unsubscribe();
  };
}

function warmAgain(db: RegisterDatabase, holder: Holder): Promise<void> {
  holder.run = build(db, holder).finally(() => (holder.run = null));
  return holder.run;
}

/** Yields to the browser (input, rendering) between build steps. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
