import type { CreateProductBody, VariantInput } from '@kassa/contracts';
import { FASHION_GROUPS } from './catalogue-fashion.ts';
import { FOOD_GROUPS } from './catalogue-food.ts';
import { HOME_GROUPS } from './catalogue-home.ts';
import { PAPER_GROUPS } from './catalogue-paper.ts';
import type { DemoGroup, DemoItem, DemoProduct } from './demo-types.ts';
import { demoEan } from './ean.ts';

export const DEMO_GROUPS: readonly DemoGroup[] = [
  ...HOME_GROUPS,
  ...FOOD_GROUPS,
  ...FASHION_GROUPS,
  ...PAPER_GROUPS,
];

/** Every combination of the option values, e.g. Maat × Kleur → [{Maat:'S',Kleur:'Wit'}, …]. */
export function optionCombinations(options: DemoGroup['options'] = []): Array<Record<string, string>> {
  return options.reduce<Array<Record<string, string>>>(
    (combos, option) =>
      combos.flatMap((combo) => option.values.map((value) => ({ ...combo, [option.name]: value }))),
    [{}],
  );
}

function skuSuffix(options: Record<string, string>): string {
  return Object.values(options)
    .map((value) =>
      value
        .normalize('NFD')
        .replace(/[^A-Za-z0-9]/g, '')
        .toUpperCase()
        .slice(0, 4),
    )
    .join('-');
}

function variantsOf(group: DemoGroup, item: DemoItem, sku: string, nextEan: () => string): VariantInput[] {
  const [, price, cost] = item;
  return optionCombinations(group.options).map((options) => {
    const surcharge = Object.values(options).reduce(
      (sum, value) => sum + (group.surcharges?.[value] ?? 0),
      0,
    );
    const suffix = skuSuffix(options);
    return {
      sku: suffix ? `${sku}-${suffix}` : sku,
      ...(Object.keys(options).length > 0 ? { options } : {}),
      price: price + surcharge,
      costPrice: cost + Math.round(surcharge * (cost / price)),
      barcodes: [nextEan()],
    };
  });
}

/** The Huis & Haven demo catalogue: about 200 products, deterministic (same SKUs and barcodes every time). */
export function buildDemoCatalogue(): DemoProduct[] {
  let eanNumber = 0;
  const nextEan = () => demoEan(++eanNumber);
  return DEMO_GROUPS.flatMap((group) =>
    group.items.map((item, index) => {
      const sku = `HH-${group.code}-${String(index + 1).padStart(3, '0')}`;
      const body: Omit<CreateProductBody, 'categoryId'> = {
        name: item[0],
        taxClass: group.taxClass,
        brand: item[3] ?? group.brand,
        unit: group.unit ?? 'piece',
        ...(group.description ? { description: group.description } : {}),
        ...(group.tags ? { tags: [...group.tags] } : {}),
        ...(group.options ? { optionNames: group.options.map((o) => o.name) } : {}),
        variants: variantsOf(group, item, sku, nextEan),
      };
      return { categoryPath: group.category, body };
    }),
  );
}
