import { sql } from 'kysely';
import type { Product } from '@kassa/contracts';
import type { Outcome } from '../../http/errors.ts';
import { runCommand } from '../../db/run-command.ts';
import { nextCatalogChangeSeq } from './change-seq.ts';
import type { CatalogDeps } from './create-product.ts';
import { productNotFound } from './get-product.ts';
import { findProductById } from './products.repository.ts';

export interface ArchiveProductCommand {
  organisationId: string;
  id: string;
  now: string;
}

/**
 * Archives or restores a product. Archiving never deletes: sold products keep
 * their history and barcodes still resolve (flagged archived). Repeating the
 * same action changes nothing and answers with the product as it is.
 */
async function setArchived(
  deps: CatalogDeps,
  cmd: ArchiveProductCommand,
  archived: boolean,
): Promise<Outcome<Product>> {
  return runCommand(deps.db, async (trx) => {
    const row = await trx
      .selectFrom('products')
      .select(['archived_at', 'version'])
      .where('id', '=', cmd.id)
      .where('organisation_id', '=', cmd.organisationId)
      .executeTakeFirst();
    if (!row) return { ok: false, error: productNotFound(cmd.id) };
    if ((row.archived_at !== null) !== archived) {
      await trx
        .updateTable('products')
        .set({
          archived_at: archived ? cmd.now : null,
          version: sql<number>`version + 1`,
          change_seq: await nextCatalogChangeSeq(trx),
          updated_at: cmd.now,
        })
        .where('id', '=', cmd.id)
        .execute();
    }
    return { ok: true, value: (await findProductById(trx, cmd.organisationId, cmd.id))! };
  });
}

/** Hides a product from selling and lists, keeping it for history. */
export const archiveProduct = (deps: CatalogDeps, cmd: ArchiveProductCommand) => setArchived(deps, cmd, true);

/** Makes an archived product sellable again. */
export const restoreProduct = (deps: CatalogDeps, cmd: ArchiveProductCommand) =>
  setArchived(deps, cmd, false);
