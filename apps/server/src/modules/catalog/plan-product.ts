import type { Insertable } from 'kysely';
import type { CreateProductBody, VariantInput } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import { classifyBarcode } from './barcode-check.ts';
import { buildSearchText } from './search-text.ts';

// Pure mapping from API input to table rows, shared by create, update and
// bulk import so that a product looks the same whichever way it arrived.

export type ProductInsert = Insertable<DB['products']>;
export type VariantInsert = Insertable<DB['variants']>;
export type BarcodeInsert = Insertable<DB['barcodes']>;
export type StorePriceInsert = Insertable<DB['store_prices']>;

type ProductFields = Omit<CreateProductBody, 'id'>;

/** Resolved references and bookkeeping for one product write. */
export interface ProductContext {
  organisationId: string;
  taxClassId: string;
  brandId: string | null;
  categoryName: string | null;
  now: string;
}

/** Option names as given, or else the ones the variants use, in order of first use. */
export function effectiveOptionNames(input: ProductFields): string[] {
  if (input.optionNames) return input.optionNames;
  return [...new Set(input.variants.flatMap((v) => Object.keys(v.options ?? {})))];
}

/** The product columns that follow from the input (everything but ids, versions and timestamps). */
export function productColumns(input: ProductFields, ctx: ProductContext) {
  return {
    name: input.name,
    description: input.description ?? '',
    category_id: input.categoryId ?? null,
    brand_id: ctx.brandId,
    tax_class_id: ctx.taxClassId,
    unit: input.unit ?? 'piece',
    tags: JSON.stringify(input.tags ?? []),
    images: JSON.stringify(input.images ?? []),
    option_names: JSON.stringify(effectiveOptionNames(input)),
    search_text: buildSearchText({
      name: input.name,
      brand: input.brand ?? null,
      categoryName: ctx.categoryName,
      tags: input.tags ?? [],
      variants: input.variants.map((v) => ({
        sku: v.sku,
        barcodes: v.barcodes ?? [],
        options: v.options ?? {},
      })),
    }),
  };
}

/** The variant columns that follow from the input. */
export function variantColumns(variant: VariantInput, position: number) {
  return {
    sku: variant.sku,
    options: JSON.stringify(variant.options ?? {}),
    price: variant.price,
    cost_price: variant.costPrice ?? null,
    supplier_code: variant.supplierCode ?? null,
    position,
  };
}

/** Barcode and store-price rows of one variant. */
export function variantChildren(
  organisationId: string,
  variantId: string,
  variant: VariantInput,
): { barcodes: BarcodeInsert[]; storePrices: StorePriceInsert[] } {
  return {
    barcodes: (variant.barcodes ?? []).map((code, position) => ({
      organisation_id: organisationId,
      code,
      variant_id: variantId,
      symbology: classifyBarcode(code),
      position,
    })),
    storePrices: (variant.storePrices ?? []).map((sp) => ({
      store_id: sp.storeId,
      variant_id: variantId,
      price: sp.price,
    })),
  };
}

/** Everything one new product writes. */
export interface PlannedProduct {
  product: ProductInsert;
  variants: VariantInsert[];
  barcodes: BarcodeInsert[];
  storePrices: StorePriceInsert[];
}

/** Rows for a new product with its variants. */
export function planNewProduct(
  input: ProductFields,
  ctx: ProductContext & { id: string; searchId: number; changeSeq: number },
  newId: () => string,
): PlannedProduct {
  const plan: PlannedProduct = {
    product: {
      id: ctx.id,
      organisation_id: ctx.organisationId,
      ...productColumns(input, ctx),
      search_id: ctx.searchId,
      change_seq: ctx.changeSeq,
      version: 1,
      archived_at: null,
      created_at: ctx.now,
      updated_at: ctx.now,
    },
    variants: [],
    barcodes: [],
    storePrices: [],
  };
  input.variants.forEach((variant, position) => {
    const id = variant.id ?? newId();
    plan.variants.push({
      id,
      organisation_id: ctx.organisationId,
      product_id: ctx.id,
      ...variantColumns(variant, position),
      archived_at: null,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    const children = variantChildren(ctx.organisationId, id, variant);
    plan.barcodes.push(...children.barcodes);
    plan.storePrices.push(...children.storePrices);
  });
  return plan;
}
