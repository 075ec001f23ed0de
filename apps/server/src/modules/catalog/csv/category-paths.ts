import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { uuidv7 } from '../../../lib/uuidv7.ts';
import { reserveCatalogChangeSeqs } from '../change-seq.ts';

/** "Wonen > Mokken" as a lookup key: names trimmed and case-folded, joined by " > ". */
export function categoryKey(path: readonly string[]): string {
  return path.map((name) => name.trim().toLocaleLowerCase('nl')).join(' > ');
}

interface CategoryNode {
  id: string;
  parentId: string | null;
  name: string;
}

/** Active categories as a map from full path key to id, and from id to the displayed path. */
export async function loadCategoryPaths(
  db: Kysely<DB>,
  organisationId: string,
): Promise<{ idByKey: Map<string, string>; pathById: Map<string, string> }> {
  const rows = await db
    .selectFrom('categories')
    .select(['id', 'parent_id as parentId', 'name'])
    .where('organisation_id', '=', organisationId)
    .where('archived_at', 'is', null)
    .execute();
  const byId = new Map<string, CategoryNode>(rows.map((r) => [r.id, r]));
  const pathOf = (node: CategoryNode): string[] => {
    const names: string[] = [];
    for (
      let at: CategoryNode | undefined = node;
      at && names.length < 50;
      at = at.parentId ? byId.get(at.parentId) : undefined
    )
      names.unshift(at.name);
    return names;
  };
  const idByKey = new Map<string, string>();
  const pathById = new Map<string, string>();
  for (const node of rows) {
    const path = pathOf(node);
    idByKey.set(categoryKey(path), node.id);
    pathById.set(node.id, path.join(' > '));
  }
  return { idByKey, pathById };
}

/**
 * Finds or creates each category path ("Wonen > Mokken" creates "Wonen" and
 * its child "Mokken" as needed) in one transaction. Returns the id of every
 * path and the ids it created, so a failed import can remove them again.
 */
export async function ensureCategoryPaths(
  db: Kysely<DB>,
  organisationId: string,
  paths: ReadonlyArray<readonly string[]>,
  now: string,
): Promise<{ idByKey: Map<string, string>; created: string[] }> {
  return db.transaction().execute(async (trx) => {
    const { idByKey } = await loadCategoryPaths(trx, organisationId);
    const wanted = new Map<string, readonly string[]>();
    for (const path of paths)
      for (let depth = 1; depth <= path.length; depth++)
        wanted.set(categoryKey(path.slice(0, depth)), path.slice(0, depth));
    const missing = [...wanted.entries()]
      .filter(([key]) => !idByKey.has(key))
      .sort(([, a], [, b]) => a.length - b.length);
    if (missing.length === 0) return { idByKey, created: [] };
    let changeSeq = await reserveCatalogChangeSeqs(trx, missing.length);
    const created: string[] = [];
    for (const [key, path] of missing) {
      const id = uuidv7();
      const parentId = path.length > 1 ? idByKey.get(categoryKey(path.slice(0, -1)))! : null;
      await trx
        .insertInto('categories')
        .values({
          id,
          organisation_id: organisationId,
          parent_id: parentId,
          name: path.at(-1)!.trim(),
          position: 0,
          change_seq: changeSeq++,
          archived_at: null,
          created_at: now,
        })
        .execute();
      idByKey.set(key, id);
      created.push(id);
    }
    return { idByKey, created };
  });
}

/** Compensation for ensureCategoryPaths when the import that needed them failed (they hold no products). */
export async function removeCategories(db: Kysely<DB>, ids: string[]): Promise<void> {
  for (const id of [...ids].reverse()) await db.deleteFrom('categories').where('id', '=', id).execute();
}
