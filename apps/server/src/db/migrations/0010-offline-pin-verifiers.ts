import type { Kysely } from 'kysely';

// Offline PIN verifiers (docs/STAFF.md, "Signing in offline"): one row per staff member with a
// PIN, derived by the server when the PIN is set or changed, or at the person's next successful
// online PIN check. The PIN itself is never stored: `verifier` is PBKDF2-SHA-256(PIN, salt,
// iterations), sealed with AES-256-GCM under a key derived from the server pepper, so a copy of
// the database alone tells nothing more about a PIN than the argon2id hash beside it does.
// Portable types only, like 0001.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('staff_offline_pins')
    .addColumn('staff_id', 'text', (c) => c.primaryKey().references('staff.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('salt', 'text', (c) => c.notNull())
    .addColumn('iterations', 'integer', (c) => c.notNull())
    .addColumn('sealed_verifier', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Kassa migrations are forward-only: restore a backup to go back.');
}
