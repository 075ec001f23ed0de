import { uuidv7 } from '../../src/lib/uuidv7.ts';
import type { SellingHarness } from './selling.ts';

export { openShift, closeShift, recordCashMovement } from '../../src/modules/cash/index.ts';

/** Adds a custom tender to the harness's first store through the API. */
export async function createTenderForTest(h: SellingHarness, name: string): Promise<{ id: string; name: string }> {
  const res = await h.call('POST', `/api/v1/stores/${h.storeId}/tenders`, { id: uuidv7(), name });
  if (res.statusCode !== 201) throw new Error(`tender create failed: ${res.body}`);
  return res.json();
}
