import type { Cart, RegisterDatabase } from '../db/database.ts';
import { emptyCart } from './cart.ts';
import { hasApprovedCard } from './payment-state.ts';

/**
 * Parking and resuming a sale. The sale being rung up lives in `meta` ('cart'), parked ones in
 * `parked`; each move between them is one IndexedDB transaction over both tables (like commitSale
 * in sync/outbox.ts), so a crash, a closed tab or a failed write in the middle leaves both as they
 * were: a sale is never lost (gone from one table, not yet in the other) nor in both at once.
 */

/** Why a park or resume did nothing. */
export type SwitchRefusal = 'empty' | 'paying' | 'gone';
export type SwitchOutcome = { ok: true; cart: Cart } | { ok: false; reason: SwitchRefusal };

/**
 * Whether a cart may wait parked: it has lines, and no card money was taken or is being taken for
 * it (such a sale is paid to the end, PayPanel; parked, the approved payment would wait unseen).
 */
export function parkRefusal(cart: Cart): SwitchRefusal | null {
  if (cart.lines.length === 0) return 'empty';
  if (hasApprovedCard(cart) || cart.payment?.cardAttempt) return 'paying';
  return null;
}

/** Parks `cart` (the sale on screen) and makes an empty cart the current one. */
export async function parkCart(db: RegisterDatabase, cart: Cart, staffName: string | null, now: string): Promise<SwitchOutcome> {
  const refused = parkRefusal(cart);
  if (refused) return { ok: false, reason: refused };
  const next = emptyCart();
  await db.transaction('rw', [db.parked, db.meta], async () => {
    // add, not put: a cart already parked (same id) makes the transaction fail instead of parking it twice.
    await db.parked.add({ id: cart.id, cart, parkedAt: now, staffName });
    await db.meta.put({ key: 'cart', value: next });
  });
  return { ok: true, cart: next };
}

/**
 * Resumes the parked sale `parkedId`. A current cart with lines is parked first, in the same
 * transaction (docs/REGISTER.md: resuming never throws away the sale on screen); a current cart
 * that cannot be parked (card money taken) refuses the resume. The parked row is read inside the
 * transaction: one already resumed (or never there) is 'gone' and nothing changes.
 */
export async function resumeParked(db: RegisterDatabase, parkedId: string, current: Cart, staffName: string | null, now: string): Promise<SwitchOutcome> {
  const refused = parkRefusal(current);
  if (refused === 'paying') return { ok: false, reason: refused };
  return db.transaction('rw', [db.parked, db.meta], async (): Promise<SwitchOutcome> => {
    const parked = await db.parked.get(parkedId);
    if (!parked) return { ok: false, reason: 'gone' };
    if (refused === null) await db.parked.add({ id: current.id, cart: current, parkedAt: now, staffName });
    await db.parked.delete(parkedId);
    await db.meta.put({ key: 'cart', value: parked.cart });
    return { ok: true, cart: parked.cart };
  });
}
