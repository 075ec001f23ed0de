import { useSyncExternalStore } from 'react';

/**
 * A new version of the register, downloaded by the service worker and waiting to be installed.
 * main.tsx installs it by itself once nothing waits in the outbox; until then the status bar offers
 * it, and installing it earlier is a guarded action (a manager's override, journaled).
 */
let install: (() => Promise<void>) | null = null;
const listeners = new Set<() => void>();

/** Called by the service worker's registration when a new version is ready. */
export function offerUpdate(installNow: () => Promise<void>): void {
  install = installNow;
  for (const listener of listeners) listener();
}

/** Installs the waiting version (the page reloads); false when there is none. */
export async function installUpdate(): Promise<boolean> {
  if (!install) return false;
  await install();
  return true;
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** True while a new version waits to be installed. */
export function useUpdateWaiting(): boolean {
  return useSyncExternalStore(subscribe, () => install !== null);
}
