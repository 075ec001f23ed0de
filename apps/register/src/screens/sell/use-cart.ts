import { useCallback, useEffect, useRef, useState } from 'react';
import type { Cart, RegisterDatabase } from '../../db/database.ts';
import { emptyCart } from '../../sale/cart.ts';

/**
 * The sale being rung up. Every change is written to IndexedDB, so after a crash or a reload the
 * unfinished sale is back in the cart (JOURNEYS.md, "the browser crashes mid-sale").
 */
export function useCart(db: RegisterDatabase) {
  const [cart, setCart] = useState<Cart>(emptyCart);
  const [loaded, setLoaded] = useState(false);
  const latest = useRef(cart);

  useEffect(() => {
    void db.meta.get('cart').then((row) => {
      if (row?.value) {
        latest.current = row.value as Cart;
        setCart(latest.current);
      }
      setLoaded(true);
    });
  }, [db]);

  const change = useCallback(
    (update: (c: Cart) => Cart) => {
      const next = update(latest.current);
      latest.current = next;
      setCart(next);
      void db.meta.put({ key: 'cart', value: next });
    },
    [db],
  );

  const reset = useCallback(() => change(() => emptyCart()), [change]);
  return { cart, loaded, change, reset, current: () => latest.current };
}
