import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';

/** Re-renders when the IndexedDB data the query read changes (in this tab or another). */
export function useLiveQuery<T>(query: () => Promise<T>, deps: readonly unknown[], initial: T): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({ next: setValue, error: () => undefined });
    return () => subscription.unsubscribe();
  }, deps);
  return value;
}
