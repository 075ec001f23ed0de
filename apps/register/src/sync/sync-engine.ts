import type { CatalogChanges } from '@kassa/contracts';
import { applyCatalogPage } from '../db/catalogue.ts';
import { catalogueIndexApplied, startEmptyCatalogueIndex } from '../db/catalogue-memory.ts';
import { getMeta, setMeta, type RegisterDatabase } from '../db/database.ts';
import { refreshReceiptProfile } from '../print/receipt-profile.ts';
import { uuidv7 } from '../lib/uuid.ts';
import type { ApiClient, ApiError } from './api.ts';
import { nextBatch, outboxCounts, queueOfflinePeriod } from './outbox.ts';
import { readStorage } from './storage-status.ts';

export interface SyncStatus {
  online: boolean;
  pending: number;
  rejected: number;
  lastSyncAt: string | null;
  /** Why the outbox cannot drain right now, when a person must act (e.g. sign in again). */
  problem: 'signInNeeded' | 'serverError' | null;
}

interface PushResult {
  id: string;
  status: 'recorded' | 'duplicate' | 'rejected';
  error?: { code: string; message: string };
}

/** What a full reload read: anything local that is not in here is gone from the server. */
interface Seen {
  items: Set<string>;
  taxRates: Set<string>;
  categories: Set<string>;
}

export interface SyncEngineOptions {
  db: RegisterDatabase;
  api: ApiClient;
  registerId: string;
  storeId: string;
  /** The register session token (PIN sign-in); pushes need `sales.sell`, which a bare device lacks. */
  getToken: () => Promise<string | null>;
  now?: () => string;
  batchSize?: number;
  appVersion?: string;
}

/** Drains the outbox to the server, keeps the catalogue current, reports heartbeats and online state. */
export class SyncEngine {
  private status: SyncStatus = { online: true, pending: 0, rejected: 0, lastSyncAt: null, problem: null };
  private listeners = new Set<(s: SyncStatus) => void>();
  private draining: Promise<void> | null = null;
  private pulling: Promise<boolean> | null = null;
  private timers: Array<ReturnType<typeof setInterval>> = [];
  private readonly now: () => string;

  constructor(private readonly options: SyncEngineOptions) {
    this.now = options.now ?? (() => new Date().toISOString());
  }

  subscribe(listener: (s: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    listener(this.status);
    return () => this.listeners.delete(listener);
  }

  getStatus(): SyncStatus {
    return this.status;
  }

  private async publish(patch: Partial<SyncStatus>): Promise<void> {
    const counts = await outboxCounts(this.options.db);
    const lastSyncAt = (await getMeta<string>(this.options.db, 'lastSyncAt')) ?? null;
    this.status = { ...this.status, ...counts, lastSyncAt, ...patch };
    for (const listener of this.listeners) listener(this.status);
  }

  /** Pushes until the outbox is empty or the server cannot be reached; one drain at a time. */
  drain(): Promise<void> {
    this.draining ??= this.drainLoop().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  private async drainLoop(): Promise<void> {
    for (;;) {
      const progressed = await this.pushOnce();
      if (!progressed) break;
    }
    await this.publish({});
  }

  /** One batch; true when the server acknowledged at least one item and more may be waiting. */
  async pushOnce(): Promise<boolean> {
    const { db, api, registerId } = this.options;
    const batch = await nextBatch(db, this.options.batchSize ?? 100);
    if (batch.length === 0) return false;
    const token = await this.options.getToken();
    if (!token) {
      await this.publish({ problem: 'signInNeeded' });
      return false;
    }
    const items = batch.map((i) => ({ id: i.id, kind: i.kind, payload: i.payload }));
    const answer = await api.call<{ results: PushResult[]; serverTime: string }>('POST', '/api/v1/sync/push', { body: { registerId, items }, token, timeoutMs: 30_000 });
    if (!answer.ok) {
      await this.onFailure(answer.error);
      return false;
    }
    await this.onReachable();
    await this.acknowledge(answer.value.results);
    return answer.value.results.length > 0 && answer.value.results.length === batch.length;
  }

  /** Removes exactly the acknowledged items; a rejected item stays, visible, until a person deals with it. */
  private async acknowledge(results: PushResult[]): Promise<void> {
    const { db } = this.options;
    const at = this.now();
    await db.transaction('rw', [db.outbox, db.sales, db.returns, db.meta], async () => {
      for (const result of results) {
        const item = await db.outbox.where('id').equals(result.id).first();
        if (!item) continue;
        if (result.status === 'rejected') {
          await db.outbox.update(item.seq!, { status: 'rejected', attempts: item.attempts + 1, error: result.error ?? { code: 'REJECTED', message: '' } });
          continue;
        }
        await db.outbox.delete(item.seq!);
        if (item.kind === 'sale' && item.payload.kind === 'sale') await db.sales.update(item.id, { syncedAt: at });
        else if (item.kind === 'sale') await db.returns.update(item.id, { syncedAt: at });
      }
      await db.meta.put({ key: 'lastSyncAt', value: at });
    });
    await this.publish({ problem: null });
  }

  private async onFailure(error: ApiError): Promise<void> {
    if (error.status === 0) {
      if (!(await getMeta<string>(this.options.db, 'offlineSince'))) await setMeta(this.options.db, 'offlineSince', this.now());
      await this.publish({ online: false });
    } else if (error.status === 401) {
      await this.publish({ online: true, problem: 'signInNeeded' });
    } else {
      await this.publish({ online: true, problem: 'serverError' });
    }
  }

  /** Back from an offline period: journal it once, through the outbox like everything else. */
  private async onReachable(): Promise<void> {
    const { db } = this.options;
    const since = await getMeta<string>(db, 'offlineSince');
    if (since) {
      const endedAt = this.now();
      const salesWhileOffline = await db.sales.filter((s) => s.committedAt >= since).count();
      await db.transaction('rw', [db.outbox, db.meta], async () => {
        await queueOfflinePeriod(db, uuidv7(), { startedAt: since, endedAt, salesWhileOffline }, endedAt);
        await db.meta.delete('offlineSince');
      });
    }
    if (!this.status.online) await this.publish({ online: true });
  }

  /** Reads the catalogue change feed until it has no more (a full snapshot the first time); one pull at a time. */
  pullCatalog(): Promise<boolean> {
    this.pulling ??= this.pullLoop().finally(() => {
      this.pulling = null;
    });
    return this.pulling;
  }

  /**
   * "Reload data": reads the whole catalogue again from the start of the change feed, overwriting
   * every local item, and at the end removes what the server no longer listed. The local copy stays
   * usable meanwhile: nothing is cleared first, so a connection lost halfway leaves a register that
   * still sells (the next pull goes on from where this one stopped). False when it did not finish.
   */
  async reloadCatalog(): Promise<boolean> {
    await this.pulling;
    const { db } = this.options;
    const seen: Seen = { items: new Set(), taxRates: new Set(), categories: new Set() };
    await setMeta(db, 'catalogCursor', '0');
    this.pulling = this.pullLoop(seen).finally(() => {
      this.pulling = null;
    });
    if (!(await this.pulling)) return false;
    const removed = await db.transaction('rw', [db.items, db.taxRates, db.categories], async () => {
      const unseen = (keys: readonly string[], kept: Set<string>) => keys.filter((k) => !kept.has(k));
      const items = unseen(await db.items.toCollection().primaryKeys(), seen.items);
      await db.items.bulkDelete(items);
      await db.taxRates.bulkDelete(unseen(await db.taxRates.toCollection().primaryKeys(), seen.taxRates));
      await db.categories.bulkDelete(unseen(await db.categories.toCollection().primaryKeys(), seen.categories));
      return items;
    });
    catalogueIndexApplied(db, [], removed, await getMeta(db, 'catalogCursor'));
    return true;
  }

  private async pullLoop(seen?: Seen): Promise<boolean> {
    const { db, api, storeId } = this.options;
    const token = await this.options.getToken();
    if (!token) return false;
    // A first load into an empty table: the products of the snapshot are new (no old variants to look
    // up), unless one comes twice (changed during the load), and the search index grows with the pages.
    const firstLoad = (await getMeta<string>(db, 'catalogCursor')) === undefined && (await db.items.limit(1).primaryKeys()).length === 0;
    const loaded = firstLoad ? new Set<string>() : null;
    if (firstLoad) startEmptyCatalogueIndex(db);
    for (let pages = 0; pages < 1000; pages += 1) {
      const cursor = (await getMeta<string>(db, 'catalogCursor')) ?? '0';
      const page = await api.call<CatalogChanges>('GET', `/api/v1/catalog/changes?since=${encodeURIComponent(cursor)}&limit=1000`, { token, timeoutMs: 60_000 });
      if (!page.ok) {
        await this.onFailure(page.error);
        return false;
      }
      await this.onReachable();
      const written = await applyCatalogPage(db, page.value, storeId, loaded ? { isNew: (id) => !loaded.has(id) } : {});
      for (const product of page.value.products) loaded?.add(product.id);
      if (seen) {
        for (const id of written) seen.items.add(id);
        for (const rate of page.value.taxRates) seen.taxRates.add(rate.id);
        for (const category of page.value.categories) seen.categories.add(category.id);
      }
      if (!page.value.hasMore) break;
    }
    // The store's receipt header, footer, logo and language, kept for receipts printed offline (print/receipt-profile.ts).
    await refreshReceiptProfile(db, api, token, this.options.registerId);
    await this.markInSync();
    return true;
  }

  /** Tells the server what still waits here and whether the browser keeps our data (and how full it is). */
  async heartbeat(): Promise<void> {
    const token = await this.options.getToken();
    if (!token) return;
    const counts = await outboxCounts(this.options.db);
    const lastSyncAt = await getMeta<string>(this.options.db, 'lastSyncAt');
    const storage = await readStorage();
    const body = {
      registerId: this.options.registerId,
      pendingItems: counts.pending + counts.rejected,
      appVersion: this.options.appVersion ?? 'dev',
      ...(lastSyncAt ? { lastSyncAt } : {}),
      ...(storage.persisted === null ? {} : { storagePersisted: storage.persisted }),
      ...(storage.usage === null || storage.quota === null ? {} : { quotaUsedBytes: storage.usage, quotaBytes: storage.quota }),
    };
    const answer = await this.options.api.call('POST', '/api/v1/sync/heartbeat', { body, token });
    if (!answer.ok) return this.onFailure(answer.error);
    await this.onReachable();
    await this.markInSync();
  }

  /**
   * "Last synchronised" is the last time the server answered while nothing waited here: the
   * catalogue read to its end, a heartbeat, the outbox emptied. An idle register stays current.
   */
  private async markInSync(): Promise<void> {
    if ((await outboxCounts(this.options.db)).pending > 0) return;
    await setMeta(this.options.db, 'lastSyncAt', this.now());
    await this.publish({});
  }

  /**
   * Timers: drain often, heartbeat every 30 s, catalogue every minute. At start and when the
   * network comes back it drains and reads the catalogue's changes at once: a register that
   * started (or went offline) before its first catalogue arrived would otherwise know no item
   * for up to a minute.
   */
  start(intervals = { pushMs: 3000, heartbeatMs: 30_000, catalogMs: 60_000 }): void {
    this.timers.push(setInterval(() => void this.drain(), intervals.pushMs));
    this.timers.push(setInterval(() => void this.heartbeat(), intervals.heartbeatMs));
    this.timers.push(setInterval(() => void this.pullCatalog(), intervals.catalogMs));
    globalThis.addEventListener?.('online', this.backOnline);
    globalThis.addEventListener?.('offline', this.wentOffline);
    void this.publish({});
    void this.drain();
    void this.pullCatalog();
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    globalThis.removeEventListener?.('online', this.backOnline);
    globalThis.removeEventListener?.('offline', this.wentOffline);
  }

  /**
   * The browser lost its network: say so at once (not at the next failed request, up to 30 s
   * later when idle), and the offline period starts now, when the connection really went.
   */
  private readonly wentOffline = (): void => {
    void this.onFailure({ status: 0, code: 'NETWORK', message: 'offline' });
  };

  private readonly backOnline = (): void => {
    this.kick();
    void this.pullCatalog();
  };

  /** Something was committed or the network came back: push now. */
  readonly kick = (): void => {
    void this.drain();
  };
}
