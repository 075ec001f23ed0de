import { describe, expect, it } from 'vitest';
import { LOW_STORAGE_BYTES, lowStorageLeft, readStorage } from '../src/sync/storage-status.ts';

const MB = 1024 * 1024;

describe('the browser storage the register keeps its data in', () => {
  it('warns when less than 100 MB of the quota is left, whatever the quota', () => {
    expect(lowStorageLeft({ usage: 10 * MB, quota: 150_000 * MB })).toBeNull();
    // A tenth of a large quota is still plenty: only the bytes left count.
    expect(lowStorageLeft({ usage: 140_000 * MB, quota: 150_000 * MB })).toBeNull();
    expect(lowStorageLeft({ usage: 150_000 * MB - 99 * MB, quota: 150_000 * MB })).toBe(99 * MB);
    expect(lowStorageLeft({ usage: 400 * MB, quota: 500 * MB })).toBeNull();
    expect(lowStorageLeft({ usage: 400 * MB + 1, quota: 500 * MB })).toBe(LOW_STORAGE_BYTES - 1);
    expect(lowStorageLeft({ usage: 600 * MB, quota: 500 * MB })).toBe(0);
  });

  it('says nothing when the browser does not tell', () => {
    expect(lowStorageLeft({ usage: null, quota: 500 * MB })).toBeNull();
    expect(lowStorageLeft({ usage: 1, quota: null })).toBeNull();
    expect(lowStorageLeft({ usage: 0, quota: 0 })).toBeNull();
  });

  it('reads persistence and the estimate in whole bytes, and copes with a browser without them or one that throws', async () => {
    const browser = { persisted: async () => true, estimate: async () => ({ usage: 1234.6, quota: 5_000_000 }) } as unknown as StorageManager;
    expect(await readStorage(browser)).toEqual({ persisted: true, usage: 1235, quota: 5_000_000 });
    expect(await readStorage(undefined)).toEqual({ persisted: null, usage: null, quota: null });
    const failing = { persisted: () => Promise.reject(new Error('no')), estimate: () => Promise.reject(new Error('no')) } as unknown as StorageManager;
    expect(await readStorage(failing)).toEqual({ persisted: null, usage: null, quota: null });
  });
});
