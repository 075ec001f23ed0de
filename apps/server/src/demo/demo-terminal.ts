import type { Database } from '../db/database.ts';
import { uuidv7 } from '../lib/uuidv7.ts';
import { createTerminal, listTerminals } from '../modules/payments/index.ts';
import { listStores } from '../modules/stores/index.ts';

/** The payment-terminal simulator `kassa start --demo` runs beside the server. */
export interface DemoTerminalInput {
  endpoint: string;
  /** Why it is not on the usual port, when it is not. */
  note?: string | null;
}

/** The terminal as registered for the demo, for the banner. */
export interface DemoTerminal {
  id: string;
  name: string;
  endpoint: string;
  storeName: string;
  note: string | null;
}

const DEMO_POI_ID = 'SIM-DEMO-1';

async function createDemoTerminal(
  database: Database,
  organisationId: string,
  storeId: string,
  endpoint: string,
  now: string,
) {
  const port = new URL(endpoint).port;
  const body = {
    id: uuidv7(),
    storeId,
    registerId: null,
    name: `Pinautomaat (simulator, poort ${port})`,
    adapter: 'simulator' as const,
    endpoint,
    poiId: DEMO_POI_ID,
  };
  const outcome = await createTerminal(database.db, organisationId, body, now);
  if (!outcome.ok)
    throw new Error(`The terminal simulator could not be registered: ${outcome.error.message}`);
  return outcome.value.terminal;
}

/**
 * Registers the simulator as the card terminal of the demo's first store (every register of it
 * may use it). A terminal with this endpoint that is already registered is reused, so restarts
 * add nothing; a simulator on another port (its usual one was taken) is registered as another
 * terminal, since a terminal's endpoint is part of its identity.
 */
export async function registerDemoTerminal(
  database: Database,
  organisationId: string,
  input: DemoTerminalInput,
  now: string,
): Promise<DemoTerminal> {
  // The first store as listed: the one whose register the demo enrols and whose staff it seeds.
  const store = (await listStores(database.db, organisationId))[0];
  if (!store) throw new Error('The demo shop has no store to register the terminal simulator with.');
  const known = (await listTerminals(database.db, organisationId, [store.id])).find(
    (t) => t.adapter === 'simulator' && t.endpoint === input.endpoint,
  );
  const terminal =
    known ?? (await createDemoTerminal(database, organisationId, store.id, input.endpoint, now));
  return {
    id: terminal.id,
    name: terminal.name,
    endpoint: terminal.endpoint,
    storeName: store.name,
    note: input.note ?? null,
  };
}
