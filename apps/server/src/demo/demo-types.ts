import type { CreateProductBody } from '@kassa/contracts';

export type DemoTaxClass = 'standard' | 'reduced' | 'zero';

/** A row of a demo group: name, price and cost in cents, optional brand override. */
export type DemoItem = readonly [name: string, price: number, cost: number, brand?: string];

/** A group of demo products sharing a category, tax class and option matrix. */
export interface DemoGroup {
  /** Category path from the root, e.g. ['Wonen', 'Mokken']. */
  category: readonly string[];
  taxClass: DemoTaxClass;
  /** SKU stem: HH-<code>-<nn>. */
  code: string;
  brand: string;
  unit?: 'piece' | 'weight';
  /** Option matrix: each product gets one variant per combination. */
  options?: ReadonlyArray<{ name: string; values: readonly string[] }>;
  /** Extra price per option value (e.g. 1 kg coffee costs more than 250 g), in cents. */
  surcharges?: Readonly<Record<string, number>>;
  tags?: readonly string[];
  description?: string;
  items: readonly DemoItem[];
}

/** A demo product ready to import once its category path has an id. */
export interface DemoProduct {
  categoryPath: readonly string[];
  body: Omit<CreateProductBody, 'categoryId'>;
}
