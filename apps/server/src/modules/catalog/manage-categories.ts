import { sql, type Transaction } from 'kysely';
import type { Category, CategoryInput, UpdateCategoryBody } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import { failure, type Outcome } from '../../http/errors.ts';
import { uuidv7 } from '../../lib/uuidv7.ts';
import { runCommand } from '../../db/run-command.ts';
import { nextCatalogChangeSeq } from './change-seq.ts';
import type { CatalogDeps } from './create-product.ts';
import { ancestorsOf, findCategory, toCategory } from './categories.repository.ts';
import { reindexProductsInCategory } from './reindex-products.ts';
import { staleVersion } from './update-product.ts';

export interface CategoryCommand<T> {
  organisationId: string;
  input: T;
  now: string;
}

const notFound = (id: string) =>
  failure(
    'CATALOG_CATEGORY_NOT_FOUND',
    `Category ${id} does not exist or is not visible to you: GET /api/v1/categories lists them.`,
    { id },
  );

const loaded = async (
  trx: Transaction<DB>,
  organisationId: string,
  id: string,
): Promise<Outcome<Category>> => ({
  ok: true,
  value: toCategory((await findCategory(trx, organisationId, id))!),
});

/** The parent must be an active category of the organisation. */
async function checkParent(
  trx: Transaction<DB>,
  organisationId: string,
  parentId: string | null | undefined,
): Promise<Outcome<null>> {
  if (!parentId) return { ok: true, value: null };
  const parent = await findCategory(trx, organisationId, parentId);
  if (parent && parent.archived_at === null) return { ok: true, value: null };
  return {
    ok: false,
    error: failure(
      'CATALOG_UNKNOWN_CATEGORY',
      `Parent category ${parentId} does not exist or is archived: choose an active category or leave parentId empty.`,
      { field: 'parentId', parentId },
    ),
  };
}

/** Sibling names are unique (case-insensitively), so a register's category picker is never ambiguous. */
async function checkNameFree(
  trx: Transaction<DB>,
  organisationId: string,
  name: string,
  parentId: string | null,
  exceptId?: string,
): Promise<Outcome<null>> {
  let query = trx
    .selectFrom('categories')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('archived_at', 'is', null)
    .where(sql`lower(name)`, '=', name.toLowerCase())
    .where('parent_id', parentId === null ? 'is' : '=', parentId);
  if (exceptId) query = query.where('id', '<>', exceptId);
  const clash = await query.executeTakeFirst();
  if (!clash) return { ok: true, value: null };
  return {
    ok: false,
    error: failure(
      'CATALOG_CATEGORY_EXISTS',
      `There is already a category "${name}" here (${clash.id}): choose another name or use that category.`,
      { categoryId: clash.id },
    ),
  };
}

/** Creates a category under an existing parent (or at the top). */
export async function createCategory(
  deps: CatalogDeps,
  cmd: CategoryCommand<CategoryInput>,
): Promise<Outcome<Category>> {
  const { organisationId, input, now } = cmd;
  return runCommand(deps.db, async (trx) => {
    const changeSeq = await nextCatalogChangeSeq(trx);
    if (
      input.id &&
      (await trx.selectFrom('categories').select('id').where('id', '=', input.id).executeTakeFirst())
    ) {
      return {
        ok: false,
        error: failure(
          'CATALOG_CATEGORY_EXISTS',
          `Category id ${input.id} is already used: send another id, or none.`,
          { id: input.id },
        ),
      };
    }
    const parentId = input.parentId ?? null;
    const checks = [
      await checkParent(trx, organisationId, parentId),
      await checkNameFree(trx, organisationId, input.name, parentId),
    ];
    const problem = checks.find((c) => !c.ok);
    if (problem) return problem as Outcome<never>;
    const id = input.id ?? uuidv7();
    await trx
      .insertInto('categories')
      .values({
        id,
        organisation_id: organisationId,
        parent_id: parentId,
        name: input.name,
        position: input.position ?? 0,
        change_seq: changeSeq,
        archived_at: null,
        created_at: now,
        version: 1,
      })
      .execute();
    return loaded(trx, organisationId, id);
  });
}

/** Renames, moves or reorders a category; refuses stale versions and moves that would make a cycle. */
export async function updateCategory(
  deps: CatalogDeps,
  cmd: Omit<CategoryCommand<UpdateCategoryBody>, 'now'> & { id: string },
): Promise<Outcome<Category>> {
  const { organisationId, input, id } = cmd;
  return runCommand(deps.db, async (trx) => {
    const changeSeq = await nextCatalogChangeSeq(trx);
    const current = await findCategory(trx, organisationId, id);
    if (!current) return { ok: false, error: notFound(id) };
    if (current.version !== input.version)
      return { ok: false, error: staleVersion('Category', id, input.version, current.version) };
    const parentId = input.parentId === undefined ? current.parent_id : input.parentId;
    if (parentId !== null && (await ancestorsOf(trx, organisationId, parentId)).includes(id)) {
      return {
        ok: false,
        error: failure(
          'CATALOG_CATEGORY_CYCLE',
          `Category ${id} cannot be moved under ${parentId}, which is inside it: choose a parent outside this branch.`,
          { field: 'parentId', parentId },
        ),
      };
    }
    const checks = [
      await checkParent(trx, organisationId, parentId),
      await checkNameFree(trx, organisationId, input.name, parentId, id),
    ];
    const problem = checks.find((c) => !c.ok);
    if (problem) return problem as Outcome<never>;
    await trx
      .updateTable('categories')
      .set({
        name: input.name,
        parent_id: parentId,
        position: input.position ?? current.position,
        change_seq: changeSeq,
        version: current.version + 1,
      })
      .where('id', '=', id)
      .execute();
    if (input.name !== current.name)
      await reindexProductsInCategory(trx, deps.dialect, organisationId, id, input.name);
    return loaded(trx, organisationId, id);
  });
}

/** Archives (or restores) a category; a category with active subcategories cannot be archived. */
export async function setCategoryArchived(
  deps: CatalogDeps,
  cmd: { organisationId: string; id: string; now: string },
  archived: boolean,
): Promise<Outcome<Category>> {
  const { organisationId, id, now } = cmd;
  return runCommand(deps.db, async (trx) => {
    const changeSeq = await nextCatalogChangeSeq(trx);
    const current = await findCategory(trx, organisationId, id);
    if (!current) return { ok: false, error: notFound(id) };
    if ((current.archived_at !== null) === archived) return loaded(trx, organisationId, id);
    if (archived) {
      const child = await trx
        .selectFrom('categories')
        .select(['id', 'name'])
        .where('parent_id', '=', id)
        .where('archived_at', 'is', null)
        .executeTakeFirst();
      if (child)
        return {
          ok: false,
          error: failure(
            'CATALOG_CATEGORY_HAS_CHILDREN',
            `Category ${id} still has the active subcategory "${child.name}" (${child.id}): archive or move it first.`,
            { childId: child.id },
          ),
        };
    } else {
      const parent = await checkParent(trx, organisationId, current.parent_id);
      if (!parent.ok) return parent;
    }
    await trx
      .updateTable('categories')
      .set({ archived_at: archived ? now : null, change_seq: changeSeq, version: current.version + 1 })
      .where('id', '=', id)
      .execute();
    return loaded(trx, organisationId, id);
  });
}
