import { useCallback, useEffect, useRef, useState } from 'react';
import type { Cart, RegisterDatabase } from '../../db/database.ts';
import { emptyCart } from '../../sale/cart.ts';
import type { SwitchOutcome } from '../../sale/parking.ts';

type CartUpdate = (c: Cart) => Cart;

/**
 * The sale being rung up. Every change is written to IndexedDB, so after a crash or a reload the
 * unfinished sale is back in the cart (JOURNEYS.md, "the browser crashes mid-sale").
 */
export function useCart(db: RegisterDatabase) {
  const [cart, setCart] = useState<Cart>(emptyCart);
  const [loaded, setLoaded] = useState(false);
  const latest = useRef(cart);
  const loadedRef = useRef(false);
  // Changes made while a park or resume transaction runs (a scan right after F6): they wait and then
  // apply to the cart that follows. Written at once, they would land after the transaction and put
  // the sale just parked back on screen (twice: parked and current), or be overwritten and lost.
  const waiting = useRef<CartUpdate[] | null>(null);

  useEffect(() => {
    void db.meta.get('cart').then((row) => {
      if (row?.value) {
        latest.current = row.value as Cart;
        setCart(latest.current);
      }
      loadedRef.current = true;
      setLoaded(true);
    });
  }, [db]);

  const change = useCallback(
    (update: CartUpdate) => {
      if (waiting.current) {
        waiting.current.push(update);
        return;
      }
      const next = update(latest.current);
      latest.current = next;
      setCart(next);
      void db.meta.put({ key: 'cart', value: next });
    },
    [db],
  );

  /**
   * Replaces the cart through `work`, a transaction that stores the next cart itself (sale/parking.ts).
   * The screen shows the next cart only once it is stored; a failed transaction leaves the cart as it
   * was (and throws). Refused before the stored cart was read: parking a blank placeholder would
   * overwrite it. One switch at a time.
   */
  const swap = useCallback(
    async (work: (current: Cart) => Promise<SwitchOutcome>): Promise<SwitchOutcome | null> => {
      if (!loadedRef.current || waiting.current) return null;
      waiting.current = [];
      try {
        const outcome = await work(latest.current);
        if (outcome.ok) {
          latest.current = outcome.cart;
          setCart(outcome.cart);
        }
        return outcome;
      } finally {
        const updates = waiting.current;
        waiting.current = null;
        for (const update of updates) change(update);
      }
    },
    [change],
  );

  const reset = useCallback(() => change(() => emptyCart()), [change]);
  return { cart, loaded, change, reset, swap, current: () => latest.current };
}
