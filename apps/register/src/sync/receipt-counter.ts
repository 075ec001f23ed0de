import type { RegisterDatabase } from '../db/database.ts';
import type { ApiClient } from './api.ts';

/**
 * Receipt numbers are gapless per register and kind, across devices (SELLING.md). Each series has
 * its counter in the device's meta table: the last number this device gave.
 */
export const SALE_COUNTER = 'receiptCounter';
export const RETURN_COUNTER = 'receiptCounter:return';
export const EXCHANGE_COUNTER = 'receiptCounter:exchange';

export type ReceiptSeries = 'sale' | 'return' | 'exchange';
const COUNTERS: Record<ReceiptSeries, string> = { sale: SALE_COUNTER, return: RETURN_COUNTER, exchange: EXCHANGE_COUNTER };

export const counterOf = (kind: ReceiptSeries): string => COUNTERS[kind];

/** The register's last receipt number of a series the server knows; null when it cannot be asked. */
async function lastOnServer(api: ApiClient, token: string, registerId: string, kind: ReceiptSeries): Promise<number | null> {
  const answer = await api.call<{ items: Array<{ receiptNumber: number }> }>('GET', `/api/v1/sales?registerId=${registerId}&kind=${kind}&limit=50`, { token });
  if (!answer.ok) return null;
  return answer.value.items.reduce((max, s) => Math.max(max, s.receiptNumber), 0);
}

/** Moves a counter up to `last`, never down (this device's own unsent receipts keep their numbers); `onlyWhenUnset`: a first start only. */
async function raiseCounter(db: RegisterDatabase, counter: string, last: number, onlyWhenUnset: boolean): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const mine = (await db.meta.get(counter))?.value as number | undefined;
    if (onlyWhenUnset ? mine === undefined : last > (mine ?? 0)) await db.meta.put({ key: counter, value: last });
  });
}

/**
 * A device newly enrolled on a register that sold before continues after the register's last number
 * the server knows. Done once per series, before this device's first receipt of it (the counter is
 * unset only then). False when the server could not be asked (the receipt must wait for it). A
 * previous device's receipts that never reached the server cannot be known here; they would be
 * refused as SALES_RECEIPT_NUMBER_TAKEN and stay visible as problems, never lost.
 */
export async function seedReceiptCounter(db: RegisterDatabase, api: ApiClient, token: string, registerId: string, kind: ReceiptSeries = 'sale'): Promise<boolean> {
  const counter = counterOf(kind);
  if ((await db.meta.get(counter)) !== undefined) return true;
  const last = await lastOnServer(api, token, registerId, kind);
  if (last === null) return false;
  await raiseCounter(db, counter, last, true);
  return true;
}

/**
 * One writer at a time, but not always the same device (register-lock.ts): while this device was
 * read-only or closed, another may have sold on the register. Each time the server gives this
 * device the register, every series moves up to the register's last number the server knows, so
 * its next receipt is not refused as SALES_RECEIPT_NUMBER_TAKEN.
 */
export async function catchUpReceiptCounters(db: RegisterDatabase, api: ApiClient, token: string, registerId: string): Promise<void> {
  for (const kind of Object.keys(COUNTERS) as ReceiptSeries[]) {
    const last = await lastOnServer(api, token, registerId, kind);
    if (last !== null) await raiseCounter(db, counterOf(kind), last, false);
  }
}
