import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.ts';
import { writeTogether, type StatementPart, type WritePart } from './fixed-sql.ts';

/**
 * The writes of one command, collected while it decides and sent together at its end
 * (writeTogether): on PostgreSQL one round trip for all of them, on SQLite one statement each.
 * A part added under a key replaces the earlier part with that key, in its place: PostgreSQL
 * refuses to change one row twice in one statement, so a row written twice (a journal chain's
 * head after two entries) is written once, with its last value.
 */
export class WriteBatch {
  private readonly parts = new Map<string | symbol, WritePart>();

  add(...parts: WritePart[]): void {
    for (const part of parts) this.parts.set(Symbol(), part);
  }

  /** Adds a part, or replaces the part added before under the same key. */
  put(key: string, part: WritePart): void {
    this.parts.set(key, part);
  }

  /**
   * Sends the writes and empties the batch. With `before`, a read whose rows are returned: it
   * sees the database as it was before these writes, on both engines.
   */
  async flush<R = Record<string, unknown>>(
    db: Kysely<DB> | Transaction<DB>,
    before?: StatementPart,
  ): Promise<R[]> {
    const parts = [...this.parts.values()];
    this.parts.clear();
    return writeTogether<R>(db, parts, before);
  }
}
