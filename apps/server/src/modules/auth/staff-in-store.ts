import { sql, type Expression, type SqlBool } from 'kysely';

/**
 * On a query from `staff`: the person works in one of these stores, by a role in it or by an
 * all-store role. Who may sign in on a device, get its offline PIN verifiers, punch the clock
 * there, or be listed for a store all ask this one question.
 */
export function worksInStores(storeIds: readonly string[]): Expression<SqlBool> {
  // `in ()` is no SQL: an empty list asks for a store id no store has.
  const ids = storeIds.length > 0 ? storeIds : [''];
  return sql<SqlBool>`("staff"."all_stores_role_id" is not null or exists (
    select 1 from "staff_store_roles" where "staff_store_roles"."staff_id" = "staff"."id"
      and "staff_store_roles"."store_id" in (${sql.join(ids)})))`;
}
