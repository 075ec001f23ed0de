import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { CreatePaymentTerminalBody, PaymentTerminalConfig } from '@kassa/contracts';
import type { PaymentTerminalsTable } from '../../db/schema-payments.ts';
import { runCommand } from '../../db/run-command.ts';
import { failure, type Outcome } from '../../http/errors.ts';
import type { Executor } from './payments.repository.ts';
import type { TerminalConfig } from './terminal-port.ts';

type TerminalRow = Selectable<PaymentTerminalsTable>;

function toConfig(row: TerminalRow): PaymentTerminalConfig {
  return { id: row.id, storeId: row.store_id, registerId: row.register_id, name: row.name, adapter: row.adapter as 'simulator' | 'adyen', endpoint: row.endpoint, poiId: row.poi_id, key: keyOf(row), createdAt: row.created_at };
}

function keyOf(row: TerminalRow): { identifier: string; version: number } | null {
  return row.key_identifier !== null && row.key_version !== null ? { identifier: row.key_identifier, version: Number(row.key_version) } : null;
}

/** The adapter configuration of a terminal row as one register talks to it (the register is the nexo SaleID). */
export function configOf(row: TerminalRow, registerId: string): TerminalConfig {
  return { id: row.id, adapter: row.adapter as TerminalConfig['adapter'], endpoint: row.endpoint, poiId: row.poi_id, saleId: registerId, key: keyOf(row) };
}

/** The adapter configuration of a terminal as one register talks to it. */
export async function terminalOf(db: Executor, terminalId: string, registerId: string): Promise<TerminalConfig | undefined> {
  const row = await db.selectFrom('payment_terminals').selectAll().where('id', '=', terminalId).executeTakeFirst();
  return row ? configOf(row, registerId) : undefined;
}

/** A terminal usable by a register: same organisation and store, and bound to that register or to none. */
export async function findUsableTerminal(db: Executor, organisationId: string, storeId: string, registerId: string, terminalId: string): Promise<TerminalRow | undefined> {
  const row = await db.selectFrom('payment_terminals').selectAll().where('id', '=', terminalId).where('organisation_id', '=', organisationId).executeTakeFirst();
  if (!row || row.store_id !== storeId || (row.register_id !== null && row.register_id !== registerId)) return undefined;
  return row;
}

export async function listTerminals(db: Executor, organisationId: string, storeIds: 'all' | string[]): Promise<PaymentTerminalConfig[]> {
  let query = db.selectFrom('payment_terminals').selectAll().where('organisation_id', '=', organisationId);
  if (storeIds !== 'all') query = query.where('store_id', 'in', storeIds.length > 0 ? storeIds : ['-']);
  return (await query.orderBy('store_id').orderBy('name').orderBy('id').execute()).map(toConfig);
}

/** The terminals a register may use (its store's, bound to it or to no register), for the register's payment screen. */
export async function terminalsOfRegister(db: Executor, organisationId: string, registerId: string): Promise<{ storeId: string; items: PaymentTerminalConfig[] } | undefined> {
  const register = await db.selectFrom('registers').innerJoin('stores', 'stores.id', 'registers.store_id').select(['stores.id as store_id']).where('registers.id', '=', registerId).where('stores.organisation_id', '=', organisationId).executeTakeFirst();
  if (!register) return undefined;
  const rows = await db.selectFrom('payment_terminals').selectAll().where('organisation_id', '=', organisationId).where('store_id', '=', register.store_id)
    .where((eb) => eb.or([eb('register_id', 'is', null), eb('register_id', '=', registerId)])).orderBy('name').orderBy('id').execute();
  // A terminal bound to this very register comes first: it is the one the register uses.
  const items = rows.map(toConfig).sort((a, b) => Number(b.registerId === registerId) - Number(a.registerId === registerId));
  return { storeId: register.store_id, items };
}

/** Adds a terminal to a store (idempotent by its id: the same body again returns it). */
export async function createTerminal(
  db: Kysely<DB>,
  organisationId: string,
  body: CreatePaymentTerminalBody,
  now: string,
  knowsKey: (identifier: string, version: number) => boolean = () => false,
): Promise<Outcome<{ terminal: PaymentTerminalConfig; created: boolean }>> {
  const key = body.key ?? null;
  // A terminal may only name a key whose passphrase this server holds: else no payment could be sent to it.
  if (key && !knowsKey(key.identifier, key.version)) {
    return { ok: false, error: failure('PAYMENTS_TERMINAL_KEY_UNKNOWN', `This server has no passphrase for nexo key ${key.identifier} version ${key.version}: add it to KASSA_NEXO_KEYS_FILE (or KASSA_NEXO_KEY_*) and restart, then add the terminal.`, { field: 'key' }) };
  }
  return runCommand<{ terminal: PaymentTerminalConfig; created: boolean }>(db, async (trx) => {
    const existing = await trx.selectFrom('payment_terminals').selectAll().where('id', '=', body.id).executeTakeFirst();
    if (existing) {
      const sameKey = existing.key_identifier === (key?.identifier ?? null) && (existing.key_version === null ? null : Number(existing.key_version)) === (key?.version ?? null);
      const same = sameKey && existing.organisation_id === organisationId && existing.store_id === body.storeId && existing.endpoint === body.endpoint && existing.poi_id === body.poiId && existing.adapter === body.adapter && existing.name === body.name && existing.register_id === (body.registerId ?? null);
      if (!same) return { ok: false, error: failure('PAYMENTS_TERMINAL_ID_REUSED', `Terminal id ${body.id} is already used for another terminal: choose a new id.`) };
      return { ok: true, value: { terminal: toConfig(existing), created: false } };
    }
    const store = await trx.selectFrom('stores').select('id').where('id', '=', body.storeId).where('organisation_id', '=', organisationId).executeTakeFirst();
    if (!store) return { ok: false, error: failure('PAYMENTS_STORE_NOT_FOUND', `Store ${body.storeId} does not exist in your organisation.`, { field: 'storeId' }) };
    if (body.registerId) {
      const register = await trx.selectFrom('registers').select('id').where('id', '=', body.registerId).where('store_id', '=', body.storeId).executeTakeFirst();
      if (!register) return { ok: false, error: failure('PAYMENTS_REGISTER_NOT_FOUND', `Register ${body.registerId} is not a register of store ${body.storeId}.`, { field: 'registerId' }) };
    }
    const row: TerminalRow = { id: body.id, organisation_id: organisationId, store_id: body.storeId, register_id: body.registerId ?? null, name: body.name, adapter: body.adapter, endpoint: body.endpoint, poi_id: body.poiId, created_at: now, key_identifier: key?.identifier ?? null, key_version: key?.version ?? null };
    await trx.insertInto('payment_terminals').values(row).execute();
    return { ok: true, value: { terminal: toConfig(row), created: true } };
  });
}
