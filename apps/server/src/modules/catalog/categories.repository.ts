import type { Kysely, Selectable } from 'kysely';
import type { Category } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';

type CategoryRow = Selectable<DB['categories']>;

/** Maps a category row to its API shape. */
export function toCategory(
  row: Pick<CategoryRow, 'id' | 'name' | 'parent_id' | 'position' | 'archived_at' | 'version'>,
): Category {
  return {
    id: row.id,
    name: row.name,
    parentId: row.parent_id,
    position: row.position,
    archived: row.archived_at !== null,
    version: row.version,
  };
}

/** Orders a flat list so every parent comes before its children, siblings by position then name. */
export function parentsFirst(categories: Category[]): Category[] {
  const children = new Map<string | null, Category[]>();
  const ids = new Set(categories.map((c) => c.id));
  for (const c of categories) {
    const parent = c.parentId !== null && ids.has(c.parentId) ? c.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), c]);
  }
  const out: Category[] = [];
  const visit = (parent: string | null) => {
    const list = (children.get(parent) ?? []).sort(
      (a, b) => a.position - b.position || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
    for (const c of list) {
      out.push(c);
      visit(c.id);
    }
  };
  visit(null);
  return out;
}

/** The organisation's categories, parents first. */
export async function listCategories(
  db: Kysely<DB>,
  organisationId: string,
  includeArchived: boolean,
): Promise<Category[]> {
  let query = db.selectFrom('categories').selectAll().where('organisation_id', '=', organisationId);
  if (!includeArchived) query = query.where('archived_at', 'is', null);
  return parentsFirst((await query.execute()).map(toCategory));
}

/** One category of the organisation. */
export async function findCategory(
  db: Kysely<DB>,
  organisationId: string,
  id: string,
): Promise<CategoryRow | undefined> {
  return db
    .selectFrom('categories')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
}

/** The ids from `id` up to the root (for cycle checks); stops at a repeat, so a damaged tree cannot loop forever. */
export async function ancestorsOf(db: Kysely<DB>, organisationId: string, id: string): Promise<string[]> {
  const rows = await db
    .selectFrom('categories')
    .select(['id', 'parent_id'])
    .where('organisation_id', '=', organisationId)
    .execute();
  const parentOf = new Map(rows.map((r) => [r.id, r.parent_id]));
  const chain: string[] = [];
  for (let at: string | null | undefined = id; at && !chain.includes(at); at = parentOf.get(at))
    chain.push(at);
  return chain;
}
