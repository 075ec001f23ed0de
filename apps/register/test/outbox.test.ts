import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRegisterDatabase, type RegisterDatabase } from '../src/db/database.ts';
import type { ApiClient, ApiResult } from '../src/sync/api.ts';
import { commitSale, outboxCounts } from '../src/sync/outbox.ts';
import { SyncEngine } from '../src/sync/sync-engine.ts';
import { aCashSale, anItem } from './support/sales.ts';

const WHO = { storeId: '0192f1c4-0000-7000-8000-000000000001', registerId: '0192f1c4-0000-7000-8000-000000000002' };
let db: RegisterDatabase;

beforeEach(() => {
  db = openRegisterDatabase(`outbox-${Math.random()}`);
});
afterEach(() => db.delete());

/** A server stand-in that answers each pushed item with the status the test chooses. */
function fakeServer(answer: (item: { id: string; kind: string }) => 'recorded' | 'duplicate' | 'rejected' | 'down') {
  const pushed: Array<{ id: string; kind: string }> = [];
  const api: ApiClient = {
    async call<T>(_method: string, path: string, options?: { body?: unknown }): Promise<ApiResult<T>> {
      if (path !== '/api/v1/sync/push') return { ok: true, value: null as T };
      const items = (options!.body as { items: Array<{ id: string; kind: string }> }).items;
      if (items.some((i) => answer(i) === 'down')) return { ok: false, error: { status: 0, code: 'NETWORK_UNAVAILABLE', message: 'offline' } };
      pushed.push(...items);
      const results = items.map((i) => ({ id: i.id, status: answer(i), ...(answer(i) === 'rejected' ? { error: { code: 'SALES_TOTALS_MISMATCH', message: 'no' } } : {}) }));
      return { ok: true, value: { results, serverTime: new Date().toISOString() } as T };
    },
  };
  return { api, pushed };
}

const engineWith = (api: ApiClient) => new SyncEngine({ db, api, ...WHO, getToken: async () => 'kss_test' });

describe('commitSale', () => {
  it('numbers receipts gaplessly, even when sales are committed at the same moment', async () => {
    const committed = await Promise.all(Array.from({ length: 5 }, () => commitSale(db, aCashSale([anItem()], WHO).sale, 'Sanne', new Date().toISOString())));
    expect(committed.map((s) => s.receiptNumber).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(await outboxCounts(db)).toEqual({ pending: 5, rejected: 0 });
  });

  it('writes the sale, its outbox item and the end of the cart in one transaction', async () => {
    const { cart, sale } = aCashSale([anItem()], WHO);
    await db.meta.put({ key: 'cart', value: cart });
    const local = await commitSale(db, sale, null, new Date().toISOString());
    expect(local.document.receiptNumber).toBe(1);
    expect(await db.outbox.where('id').equals(sale.id).count()).toBe(1);
    expect(await db.meta.get('cart')).toBeUndefined();
  });
});

describe('SyncEngine', () => {
  it('removes exactly the items the server acknowledged and marks their sales synced', async () => {
    const sales = [aCashSale([anItem()], WHO).sale, aCashSale([anItem()], WHO).sale, aCashSale([anItem()], WHO).sale];
    for (const sale of sales) await commitSale(db, sale, null, new Date().toISOString());
    const server = fakeServer((i) => (i.id === sales[1]!.id ? 'rejected' : i.id === sales[2]!.id ? 'duplicate' : 'recorded'));
    await engineWith(server.api).drain();
    expect(await outboxCounts(db)).toEqual({ pending: 0, rejected: 1 });
    const rejected = await db.outbox.toArray();
    expect(rejected.map((i) => [i.id, i.error?.code])).toEqual([[sales[1]!.id, 'SALES_TOTALS_MISMATCH']]);
    expect((await db.sales.get(sales[0]!.id))?.syncedAt).not.toBeNull();
    expect((await db.sales.get(sales[1]!.id))?.syncedAt).toBeNull();
  });

  it('keeps everything while the server cannot be reached, then journals the offline period once', async () => {
    let down = true;
    const server = fakeServer(() => (down ? 'down' : 'recorded'));
    const engine = engineWith(server.api);
    await commitSale(db, aCashSale([anItem()], WHO).sale, null, new Date().toISOString());
    await engine.drain();
    expect(engine.getStatus()).toMatchObject({ online: false, pending: 1 });
    await commitSale(db, aCashSale([anItem()], WHO).sale, null, new Date().toISOString());
    down = false;
    await engine.drain();
    expect(engine.getStatus()).toMatchObject({ online: true, pending: 0 });
    expect(server.pushed.map((i) => i.kind).sort()).toEqual(['offline_period', 'sale', 'sale']);
    expect(server.pushed.filter((i) => i.kind === 'offline_period')).toHaveLength(1);
  });

  it('pushes in the order the sales happened, in batches', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const { sale } = aCashSale([anItem()], WHO);
      ids.push(sale.id);
      await commitSale(db, sale, null, new Date().toISOString());
    }
    const server = fakeServer(() => 'recorded');
    await new SyncEngine({ db, api: server.api, ...WHO, getToken: async () => 'kss_test', batchSize: 3 }).drain();
    expect(server.pushed.map((i) => i.id)).toEqual(ids);
  });

  it('counts a heartbeat as in sync only when nothing waits', async () => {
    const engine = engineWith(fakeServer(() => 'recorded').api);
    await engine.heartbeat();
    const first = engine.getStatus().lastSyncAt;
    expect(first).toEqual(expect.any(String));
    await commitSale(db, aCashSale([anItem()], WHO).sale, null, new Date().toISOString());
    await new Promise((r) => setTimeout(r, 5));
    await engine.heartbeat();
    expect(engine.getStatus().lastSyncAt).toBe(first);
  });

  it('says offline the moment the browser loses its network, and the offline period starts then', async () => {
    // The browser's window events, in Node: the engine listens on globalThis as it does in a page.
    const events = new EventTarget();
    const saved = { add: globalThis.addEventListener, remove: globalThis.removeEventListener };
    Object.assign(globalThis, { addEventListener: events.addEventListener.bind(events), removeEventListener: events.removeEventListener.bind(events) });
    // A server with an empty catalogue and nothing else to say: the start's reads succeed, then all is quiet.
    const api: ApiClient = {
      async call<T>(_method: string, path: string): Promise<ApiResult<T>> {
        if (path.startsWith('/api/v1/catalog/changes')) return { ok: true, value: { products: [], taxRates: [], categories: [], cursor: '1', hasMore: false } as T };
        return { ok: false, error: { status: 404, code: 'NOT_FOUND', message: 'not here' } };
      },
    };
    const engine = engineWith(api);
    try {
      engine.start({ pushMs: 60_000, heartbeatMs: 60_000, catalogMs: 60_000 });
      await expect.poll(async () => (await db.meta.get('catalogCursor'))?.value).toBe('1');
      await expect.poll(() => engine.getStatus().online).toBe(true);
      const before = new Date().toISOString();
      events.dispatchEvent(new Event('offline'));
      await expect.poll(() => engine.getStatus().online).toBe(false);
      const since = (await db.meta.get('offlineSince'))?.value as string;
      expect(since >= before).toBe(true);
    } finally {
      engine.stop();
      Object.assign(globalThis, { addEventListener: saved.add, removeEventListener: saved.remove });
    }
  });

  it('waits while it has no credential to push with', async () => {
    await commitSale(db, aCashSale([anItem()], WHO).sale, null, new Date().toISOString());
    const engine = new SyncEngine({ db, api: fakeServer(() => 'recorded').api, ...WHO, getToken: async () => null });
    await engine.drain();
    expect(engine.getStatus()).toMatchObject({ pending: 1, problem: 'signInNeeded' });
  });
});
