import type { RegisterDatabase } from '../db/database.ts';
import type { ApiClient } from './api.ts';

/**
 * Receipt numbers are gapless per register, across devices: a device newly enrolled on a register
 * that sold before continues after the register's last number the server knows. Done once, before
 * the first sale of this device (the counter is unset only then). A previous device's sales that
 * never reached the server cannot be known here; they would be refused as SALES_RECEIPT_NUMBER_TAKEN
 * and stay visible as problems, never lost.
 */
export async function seedReceiptCounter(db: RegisterDatabase, api: ApiClient, token: string, registerId: string): Promise<void> {
  if ((await db.meta.get('receiptCounter')) !== undefined) return;
  const answer = await api.call<{ items: Array<{ receiptNumber: number; kind: string }> }>('GET', `/api/v1/sales?registerId=${registerId}&kind=sale&limit=50`, { token });
  if (!answer.ok) return;
  const last = answer.value.items.reduce((max, s) => Math.max(max, s.receiptNumber), 0);
  await db.transaction('rw', db.meta, async () => {
    if ((await db.meta.get('receiptCounter')) === undefined) await db.meta.put({ key: 'receiptCounter', value: last });
  });
}
