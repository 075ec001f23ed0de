import { sql, type Kysely, type RawBuilder } from 'kysely';
import { dialectOf } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { latestCatalogChangeSeq } from './change-seq.ts';
import { ProductDocuments } from './product-documents.ts';
import { assembleProducts, selectProductRows } from './products.repository.ts';
import { SearchDataBuilder, toSearchEntry, type SearchData } from './search-memory-data.ts';

// Catalogue search answered from memory (search-index.memory.ts), the same
// results as the SQL indexes and a fraction of their time on dense queries.
// Each organisation's search data is built in the background on its first
// search (search runs on SQL meanwhile) and kept current by the catalogue's
// change numbers: every search and scan checks the catalogue's counter (read
// in the statement that loads its page, or alone when the page's products are
// held here: search-products.ts, find-variant-by-barcode.ts) and, when it moved, folds
// in the products written since and ranks again, so a product saved a moment
// ago, by this process or another server on the same database, is found at once.
// Beside the search data it holds the products themselves, as the API returns
// them (product-documents.ts), when they fit the budget too: a search page or
// a barcode is then answered without reading a product from the database.

export interface SearchMemoryOptions {
  /** Bytes all organisations' search data may take together; 0 keeps none (search runs on SQL). */
  maxBytes: number;
  /** Products changed since the last build that are held beside it before it is rebuilt. */
  rebuildAfter?: number;
  /** Products read per query while building; the event loop serves requests between pages. */
  pageSize?: number;
}

const DEFAULT_REBUILD_AFTER = 2000;
const DEFAULT_PAGE_SIZE = 1000;
/** An organisation too large for the budget is tried again after this long. */
const RETRY_TOO_LARGE_MS = 60 * 60 * 1000;

interface Held {
  data: SearchData;
  bytes: number;
  lastUsed: number;
  catchingUp: Promise<void> | null;
}

/** Products added to the data between two turns of the event loop. */
const ROWS_BETWEEN_PAUSES = 100;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class SearchMemory {
  private readonly held = new Map<string, Held>();
  private readonly building = new Map<string, Promise<void>>();
  private readonly tooLargeUntil = new Map<string, number>();
  private closed = false;
  private readonly rebuildAfter: number;
  private readonly pageSize: number;

  /**
   * How a build's pages name the organisation. SQLite, without statistics,
   * would walk the organisation's name index and sort all its products for
   * every page (240 ms for the first of 100,000); the `+` keeps it on the
   * search-id index, which hands the pages out in order.
   */
  private readonly organisationColumn: RawBuilder<string> | 'p.organisation_id';

  constructor(
    private readonly db: Kysely<DB>,
    private readonly options: SearchMemoryOptions,
  ) {
    this.organisationColumn =
      dialectOf(db) === 'sqlite' ? sql<string>`+p.organisation_id` : 'p.organisation_id';
    this.rebuildAfter = options.rebuildAfter ?? DEFAULT_REBUILD_AFTER;
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  }

  /**
   * The organisation's search data, current up to the latest catalogue
   * change; undefined while it is being built, when it does not fit the
   * budget, or when the cache is off: the caller then searches with SQL.
   */
  async current(organisationId: string): Promise<SearchData | undefined> {
    const held = this.use(organisationId);
    if (!held) return undefined;
    try {
      const seq = await latestCatalogChangeSeq(this.db);
      while (held.data.seq < seq && this.held.get(organisationId) === held) {
        held.catchingUp ??= this.catchUp(organisationId, held, seq).finally(() => (held.catchingUp = null));
        await held.catchingUp;
      }
    } catch {
      // The changes could not be read: this search runs on SQL (which says what went wrong, if it
      // fails too); the next one tries to catch up again.
      return undefined;
    }
    return this.held.get(organisationId) === held ? held.data : undefined;
  }

  /**
   * The organisation's search data as held, without reading the change
   * counter: current up to its `seq`, which the caller must check against the
   * catalogue's (search reads it in the statement that loads the page's
   * products). Undefined when it is not held; starts building it then.
   */
  peek(organisationId: string): SearchData | undefined {
    return this.use(organisationId)?.data;
  }

  /** The organisation's held data, marked as used now; when none is held, starts building it. */
  private use(organisationId: string): Held | undefined {
    if (this.closed || this.options.maxBytes <= 0) return undefined;
    const held = this.held.get(organisationId);
    if (!held) {
      this.build(organisationId);
      return undefined;
    }
    held.lastUsed = Date.now();
    return held;
  }

  /** Resolves when the organisation's data is held (or could not be): for benchmarks and tests. */
  async ready(organisationId: string): Promise<boolean> {
    await this.current(organisationId);
    await this.building.get(organisationId);
    return (await this.current(organisationId)) !== undefined;
  }

  /** How many bytes each held organisation takes (estimated), of which its products (0: not held). */
  usage(): Array<{
    organisationId: string;
    bytes: number;
    documentBytes: number;
    products: number;
    changedSinceBuild: number;
  }> {
    return [...this.held].map(([organisationId, h]) => ({
      organisationId,
      bytes: h.bytes,
      documentBytes: h.data.documents?.estimatedBytes ?? 0,
      products: h.data.entries.length,
      changedSinceBuild: h.data.overlaySize,
    }));
  }

  /** Stops building; later searches run on SQL. Waits for builds in progress to stop. */
  async close(): Promise<void> {
    this.closed = true;
    this.held.clear();
    await Promise.allSettled([...this.building.values()]);
  }

  /** Folds in the products written since the data's change number, up to `seq`. */
  private async catchUp(organisationId: string, held: Held, seq: number): Promise<void> {
    const rows = await this.selectRows()
      .where('p.organisation_id', '=', organisationId)
      .where('p.change_seq', '>', held.data.seq)
      .where('p.change_seq', '<=', seq)
      .limit(this.rebuildAfter + 1)
      .execute();
    if (rows.length > this.rebuildAfter) {
      // A bulk change (an import): build afresh; SQL answers meanwhile.
      this.held.delete(organisationId);
      this.build(organisationId);
      return;
    }
    // Both in one turn of the event loop: no search sees one changed and not the other.
    const documents = held.data.documents;
    if (documents) for (const product of assembleProducts(rows)) documents.set(product);
    held.data.apply(rows.map(toSearchEntry), seq);
    // Changed products are scanned whole by every search: past the limit, rebuild beside the current data.
    if (held.data.overlaySize > this.rebuildAfter) this.build(organisationId);
  }

  /** Starts building the organisation's data in the background, once at a time. */
  private build(organisationId: string): void {
    if (this.building.has(organisationId) || this.closed) return;
    if ((this.tooLargeUntil.get(organisationId) ?? 0) > Date.now()) return;
    const done = this.buildNow(organisationId)
      .catch(() => {
        // A failed build (the database went away) leaves search on SQL; the next search tries again.
      })
      .finally(() => this.building.delete(organisationId));
    this.building.set(organisationId, done);
  }

  private async buildNow(organisationId: string): Promise<void> {
    // The change number first: whatever is written while the pages are read is folded in after.
    const seq = await latestCatalogChangeSeq(this.db);
    const builder = new SearchDataBuilder();
    // Dropped when the products do not fit beside the search data: search alone is still worth holding.
    let documents: ProductDocuments | null = new ProductDocuments();
    let after = -1;
    for (;;) {
      await nextTurn();
      if (this.closed) return;
      const rows = await this.selectRows()
        .where(this.organisationColumn, '=', organisationId)
        .where('p.search_id', '>', after)
        .orderBy('p.search_id')
        .limit(this.pageSize)
        .execute();
      for (const [i, row] of rows.entries()) {
        builder.add(toSearchEntry(row));
        documents?.set(assembleProducts([row])[0]!);
        if (i % ROWS_BETWEEN_PAUSES === ROWS_BETWEEN_PAUSES - 1) await nextTurn();
      }
      if (builder.estimatedBytes > this.options.maxBytes) {
        this.tooLargeUntil.set(organisationId, Date.now() + RETRY_TOO_LARGE_MS);
        return;
      }
      if (documents && builder.estimatedBytes + documents.estimatedBytes > this.options.maxBytes)
        documents = null;
      if (rows.length < this.pageSize) break;
      after = Number(rows.at(-1)!.search_id);
    }
    const data = await builder.finish(seq, nextTurn);
    if (this.closed) return;
    const withDocuments = data.estimatedBytes + (documents?.estimatedBytes ?? 0);
    if (documents && this.makeRoom(organisationId, withDocuments)) data.documents = documents;
    else if (!this.makeRoom(organisationId, data.estimatedBytes)) {
      this.tooLargeUntil.set(organisationId, Date.now() + RETRY_TOO_LARGE_MS);
      return;
    }
    const bytes = data.documents ? withDocuments : data.estimatedBytes;
    this.held.set(organisationId, { data, bytes, lastUsed: Date.now(), catchingUp: null });
  }

  /** Products as the API returns them, with the columns of their search entries. */
  private selectRows() {
    return selectProductRows(this.db).select(['p.search_id', 'p.search_text']);
  }

  /** Frees the least recently searched organisations until `bytes` fit; false when they never can. */
  private makeRoom(organisationId: string, bytes: number): boolean {
    if (bytes > this.options.maxBytes) return false;
    const others = [...this.held]
      .filter(([id]) => id !== organisationId)
      .sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    let used = others.reduce((sum, [, h]) => sum + h.bytes, 0);
    for (const [id, h] of others) {
      if (used + bytes <= this.options.maxBytes) break;
      this.held.delete(id);
      used -= h.bytes;
    }
    return used + bytes <= this.options.maxBytes;
  }
}
