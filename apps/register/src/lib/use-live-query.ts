import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';

/** How long after a failed read a live query reads again. */
const LIVE_QUERY_RETRY_MS = 250;

/**
 * Calls `onValue` with the query's result now and whenever the IndexedDB data it read changes (in
 * this tab or another). A failed read ends a Dexie live query for good; a screen would then keep
 * its first value (an empty staff list, say) until it is opened again, so the query is started
 * again shortly instead. Returns the function that stops it.
 */
export function watchLiveQuery<T>(
  query: () => Promise<T>,
  onValue: (value: T) => void,
  retryMs = LIVE_QUERY_RETRY_MS,
): () => void {
  let stopped = false;
  let subscription: { unsubscribe(): void } | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const start = () => {
    if (stopped) return;
    subscription = liveQuery(query).subscribe({
      next: onValue,
      error: () => {
        retry = setTimeout(start, retryMs);
      },
    });
  };
  start();
  return () => {
    stopped = true;
    clearTimeout(retry);
    subscription?.unsubscribe();
  };
}

/** Re-renders when the IndexedDB data the query read changes (watchLiveQuery). */
export function useLiveQuery<T>(query: () => Promise<T>, deps: readonly unknown[], initial: T): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => watchLiveQuery(query, setValue), deps);
  return value;
}
