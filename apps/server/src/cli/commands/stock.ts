import type { Command } from 'commander';
import { checkStockLevels } from '../../modules/inventory/index.ts';
import { out, withDatabase } from '../cli-support.ts';

/** `kassa stock check [--rebuild]`: proves the cached levels equal the ledger, or rebuilds them from it. */
export function registerStockCommand(program: Command): void {
  const stock = program.command('stock').description('the stock ledger');
  stock
    .command('check')
    .description('prove that every cached stock level equals the sum of its movements')
    .option('--rebuild', 'rewrite the cached levels from the ledger when they differ')
    .action(async (options: { rebuild?: boolean }) => {
      await withDatabase(async (database) => {
        const result = await checkStockLevels(database.db, {
          rebuild: options.rebuild ?? false,
          now: new Date().toISOString(),
        });
        out.line(
          `${result.levels} stock level(s) checked against the ledger: ${result.mismatches.length === 0 ? 'all agree' : `${result.mismatches.length} differ`}`,
        );
        for (const m of result.mismatches.slice(0, 50)) {
          out.line(
            `  store ${m.storeId} variant ${m.variantId}: cached ${m.cachedMilli ?? 'none'}, ledger ${m.ledgerMilli} (thousandths)`,
          );
        }
        if (result.rebuilt) out.line('Levels rebuilt from the ledger.');
        else if (result.mismatches.length > 0) {
          out.line('Run "kassa stock check --rebuild" to rebuild them from the ledger.');
          process.exitCode = 1;
        }
      });
    });
}
