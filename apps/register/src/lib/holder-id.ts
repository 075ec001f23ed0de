import type { RegisterDatabase } from '../db/database.ts';
import { uuidv7 } from './uuid.ts';

/**
 * The server lease is held per device, not per tab: tabs of one device are kept apart locally by
 * the Web Lock, so a tab reopened after a crash takes over at once instead of waiting for the old
 * tab's lease to expire, while another device still gets a 409.
 */
export async function deviceHolderId(db: RegisterDatabase): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const existing = (await db.meta.get('holderId'))?.value as string | undefined;
    if (existing) return existing;
    const id = `device-${uuidv7()}`;
    await db.meta.put({ key: 'holderId', value: id });
    return id;
  });
}
