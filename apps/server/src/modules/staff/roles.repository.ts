import type { Selectable } from 'kysely';
import type { Decision, Role } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import type { Executor } from '../stores/index.ts';

/** Maps a role row to the API shape. */
export function toRole(row: Selectable<DB['roles']>): Role {
  return {
    id: row.id,
    key: row.key as Role['key'],
    name: row.name,
    discountLimitBp: row.discount_limit_bp,
    permissions: JSON.parse(row.permissions) as Record<string, Decision>,
    version: row.version,
  };
}

export async function listRoles(db: Executor, organisationId: string): Promise<Role[]> {
  const rows = await db
    .selectFrom('roles')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toRole);
}

export async function findRole(db: Executor, organisationId: string, id: string): Promise<Role | undefined> {
  const row = await db
    .selectFrom('roles')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toRole(row) : undefined;
}
