import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { PrintersTable } from '../../db/schema-cash.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** The API shape of a printer. */
export function toPrinter(row: PrintersTable) {
  return { id: row.id, registerId: row.register_id, name: row.name, host: row.host, port: Number(row.port), width: Number(row.width) as 58 | 80, createdAt: row.created_at };
}

/** The printers of a register, oldest first: the first one is the receipt printer. */
export async function printersOfRegister(db: Executor, registerId: string): Promise<PrintersTable[]> {
  return db.selectFrom('printers').selectAll().where('register_id', '=', registerId).orderBy('id').execute();
}

export async function findPrinter(db: Executor, organisationId: string, id: string): Promise<PrintersTable | undefined> {
  return db.selectFrom('printers').selectAll().where('id', '=', id).where('organisation_id', '=', organisationId).executeTakeFirst();
}
