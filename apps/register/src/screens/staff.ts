import type { LocalStaff, RegisterDatabase } from '../db/database.ts';
import type { ApiClient } from '../sync/api.ts';

/** Refreshes who may sign in here (ids, names and languages only); keeps the old list when offline. */
export async function refreshStaff(db: RegisterDatabase, api: ApiClient, credential: string): Promise<void> {
  const answer = await api.call<{ items: LocalStaff[] }>('GET', '/api/v1/devices/me/staff', { token: credential });
  if (!answer.ok) return;
  await db.transaction('rw', db.staff, async () => {
    await db.staff.clear();
    await db.staff.bulkPut(answer.value.items);
  });
}
