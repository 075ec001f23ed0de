import type { Command } from 'commander';
import { addGeneratedProducts, issueDemoOwnerToken, seedDemoShop } from '../../demo/index.ts';
import { out, parseCount, withDatabase } from '../cli-support.ts';

/** `kassa demo [--products N] [--seed S]`: the Huis & Haven demo shop, plus N generated products for benchmarks. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'seed the Dutch demo shop (Huis & Haven) into an empty database; --products N adds N generated products',
    )
    .option(
      '--products <n>',
      'also add N generated, realistic products (e.g. 100000 for benchmarks)',
      parseCount('--products'),
      0,
    )
    .option(
      '--seed <s>',
      'seed of the generated products (same seed, same products)',
      parseCount('--seed'),
      1,
    )
    .action(async (options: { products: number; seed: number }) => {
      await withDatabase(async (database) => {
        const now = new Date().toISOString();
        const shop = await seedDemoShop(database, now);
        out.line(
          shop.seeded
            ? `Created the demo shop ${shop.organisationName} with ${shop.products} products.`
            : `The database already has a shop (${shop.organisationName}); the demo shop is not added again.`,
        );
        if (options.products > 0) {
          const started = Date.now();
          const written = await addGeneratedProducts(database, shop.organisationId, {
            count: options.products,
            seed: options.seed,
            now,
            onProgress: (done, total) =>
              out.line(`  generated products: ${done.toLocaleString('en')} of ${total.toLocaleString('en')}`),
          });
          out.line(
            `Added ${written.toLocaleString('en')} generated products (seed ${options.seed}) in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
          );
        }
        const token = await issueDemoOwnerToken(database, shop.organisationId, now);
        out.line(`Owner API token (all permissions; the previous demo token is revoked): ${token}`);
      });
    });
}
