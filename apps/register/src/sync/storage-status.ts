/**
 * How the browser keeps the register's data (DOMAIN.md, Durability): whether the origin's storage is
 * persistent (not evicted under pressure) and how much of its quota is used. Sent with every
 * heartbeat (the back office sees it per register) and shown on the register when space runs low.
 */
export interface StorageStatus {
  persisted: boolean | null;
  usage: number | null;
  quota: number | null;
}

/**
 * Space is low when less than this is left of the quota: a day of sales is a few MB and a 100,000-
 * product catalogue some tens, so below this a busy offline day (or a catalogue reload) could fill
 * it and IndexedDB would refuse the next sale's commit. A share of the quota would not do: Chromium
 * gives an origin up to 60 % of the disk, where a tenth is gigabytes.
 */
export const LOW_STORAGE_BYTES = 100 * 1024 * 1024;

export async function readStorage(storage: StorageManager | undefined = globalThis.navigator?.storage): Promise<StorageStatus> {
  const persisted = (await storage?.persisted?.().catch(() => null)) ?? null;
  const estimate = (await storage?.estimate?.().catch(() => null)) ?? null;
  const whole = (n: number | undefined) => (typeof n === 'number' && Number.isFinite(n) ? Math.max(0, Math.round(n)) : null);
  return { persisted, usage: whole(estimate?.usage), quota: whole(estimate?.quota) };
}

/** The bytes left when they are few enough to warn about; null when there is room (or the browser does not say). */
export function lowStorageLeft({ usage, quota }: Pick<StorageStatus, 'usage' | 'quota'>): number | null {
  if (usage === null || quota === null || quota === 0) return null;
  const left = Math.max(0, quota - usage);
  return left < LOW_STORAGE_BYTES ? left : null;
}
