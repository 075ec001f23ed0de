import { Type, type Static } from '@sinclair/typebox';
import { CurrencyCode, MinorAmount, Page, PageQuery, Timestamp, Uuid } from './common.ts';

const Name = (max: number, description: string) => Type.String({ minLength: 1, maxLength: max, description });

/** A barcode as printed on the goods: EAN-13/EAN-8/UPC-A/GTIN-14 (check digit verified) or any Code 128 text. */
export const BarcodeText = Type.String({
  minLength: 1,
  maxLength: 48,
  pattern: '^[\\x21-\\x7E]+$',
  description: 'Barcode: digits of an EAN/UPC/GTIN (check digit verified) or printable ASCII for Code 128',
  examples: ['8712345678906'],
});

/** A stock keeping unit: unique within the organisation, no leading or trailing spaces. */
export const Sku = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^\\S(.*\\S)?$',
  description: 'Stock keeping unit, unique within the organisation',
  examples: ['MOK-STRAND-350'],
});

/** The option values of a variant, e.g. `{ "Maat": "M", "Kleur": "Oker" }`. */
export const VariantOptions = Type.Record(
  Type.String({ maxLength: 40 }),
  Type.String({ minLength: 1, maxLength: 60 }),
  {
    description: 'Option name → value for this variant',
    examples: [{ Maat: 'M', Kleur: 'Oker' }],
  },
);

/** A per-store price override; the store must belong to the caller's organisation. */
export const StorePriceInput = Type.Object(
  { storeId: Uuid, price: MinorAmount },
  { additionalProperties: false, description: 'Price for one store (a price list override)' },
);

/** One sellable variant of a product as sent by a client. */
export const VariantInput = Type.Object(
  {
    id: Type.Optional(Uuid),
    sku: Sku,
    options: Type.Optional(VariantOptions),
    price: MinorAmount,
    costPrice: Type.Optional(Type.Union([MinorAmount, Type.Null()])),
    supplierCode: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    barcodes: Type.Optional(
      Type.Array(BarcodeText, {
        maxItems: 20,
        description: 'Barcodes of this variant; the first is the primary one',
      }),
    ),
    storePrices: Type.Optional(Type.Array(StorePriceInput, { maxItems: 500 })),
  },
  {
    additionalProperties: false,
    description:
      'A variant; on update, variants are matched by id (or else by SKU), new ones added, missing ones archived',
  },
);
export type VariantInput = Static<typeof VariantInput>;

/** How a product is sold. */
export const ProductUnit = Type.Union([Type.Literal('piece'), Type.Literal('weight')], {
  description: 'piece: sold in whole units; weight: sold by weight, price per kg, quantities in grams',
});

const productFields = {
  name: Name(200, 'Product name as shown on the register and receipt'),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  categoryId: Type.Optional(
    Type.Union([Uuid, Type.Null()], { description: 'Category id (see /api/v1/categories)' }),
  ),
  brand: Type.Optional(
    Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()], {
      description: 'Brand name; created on first use',
    }),
  ),
  taxClass: Type.String({
    minLength: 1,
    maxLength: 40,
    description: 'Tax class code: standard, reduced or zero',
    examples: ['standard'],
  }),
  unit: Type.Optional(ProductUnit),
  tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 50 })),
  images: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 2000, description: 'Image URL' }), { maxItems: 20 }),
  ),
  optionNames: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 40 }), {
      maxItems: 3,
      description:
        'Names of the options variants differ in (e.g. Maat, Kleur); defaults to the option names the variants use',
    }),
  ),
};

/** Create a product with its variants. */
export const CreateProductBody = Type.Object(
  {
    id: Type.Optional(Uuid),
    ...productFields,
    variants: Type.Array(VariantInput, { minItems: 1, maxItems: 1000 }),
  },
  {
    additionalProperties: false,
    description:
      'A new product. Send your own `id` (UUIDv7) or an `Idempotency-Key` header to make retries safe.',
    examples: [
      {
        name: 'Mok Strand 350 ml',
        brand: 'Aardewerk Zeeland',
        taxClass: 'standard',
        tags: ['servies'],
        variants: [{ sku: 'MOK-STRAND-350', price: 1295, costPrice: 480, barcodes: ['8712345678906'] }],
      },
    ],
  },
);
export type CreateProductBody = Static<typeof CreateProductBody>;

/** Update a product's fields and variants; send the version you read (optimistic concurrency). */
export const UpdateProductBody = Type.Object(
  {
    version: Type.Integer({
      minimum: 1,
      description: 'The version you read; a newer one on the server means 409',
    }),
    ...productFields,
    variants: Type.Array(VariantInput, { minItems: 1, maxItems: 1000 }),
  },
  {
    additionalProperties: false,
    examples: [
      {
        version: 1,
        name: 'Mok Strand 350 ml',
        taxClass: 'standard',
        variants: [
          {
            id: '0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c7d',
            sku: 'MOK-STRAND-350',
            price: 1395,
            barcodes: ['8712345678906'],
          },
        ],
      },
    ],
  },
);
export type UpdateProductBody = Static<typeof UpdateProductBody>;

/** Generates one variant per combination of option values. */
export const VariantMatrixBody = Type.Object(
  {
    options: Type.Array(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 40 }),
          values: Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { minItems: 1, maxItems: 50 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 3 },
    ),
    skuPrefix: Sku,
    price: MinorAmount,
    costPrice: Type.Optional(MinorAmount),
  },
  {
    additionalProperties: false,
    description:
      'Generates one variant per combination of option values (e.g. size × colour) with SKU `PREFIX-VALUE-VALUE`; combinations the product already has are skipped',
    examples: [
      {
        options: [
          { name: 'Maat', values: ['S', 'M', 'L'] },
          { name: 'Kleur', values: ['Oker', 'Zwart'] },
        ],
        skuPrefix: 'TSHIRT',
        price: 2495,
      },
    ],
  },
);
export type VariantMatrixBody = Static<typeof VariantMatrixBody>;

/** A variant as the server returns it. */
export const Variant = Type.Object({
  id: Uuid,
  sku: Type.String(),
  options: VariantOptions,
  price: MinorAmount,
  costPrice: Type.Union([MinorAmount, Type.Null()]),
  supplierCode: Type.Union([Type.String(), Type.Null()]),
  barcodes: Type.Array(Type.String()),
  storePrices: Type.Array(Type.Object({ storeId: Uuid, price: MinorAmount })),
  archived: Type.Boolean({ description: 'Archived variants stay for sales history and cannot be sold' }),
});
export type Variant = Static<typeof Variant>;

/** A product with all its variants (archived ones flagged). */
export const Product = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    description: Type.String(),
    categoryId: Type.Union([Uuid, Type.Null()]),
    brand: Type.Union([Type.String(), Type.Null()]),
    taxClass: Type.String(),
    unit: ProductUnit,
    tags: Type.Array(Type.String()),
    images: Type.Array(Type.String()),
    optionNames: Type.Array(Type.String()),
    variants: Type.Array(Variant),
    archived: Type.Boolean(),
    version: Type.Integer({ description: 'Send it back when updating' }),
    changeSeq: Type.Integer({ description: 'Position in the catalogue change feed' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { description: 'A product with its variants' },
);
export type Product = Static<typeof Product>;

export const ProductPage = Page(Product, 'A page of products');

/** Path parameter of product and category routes. */
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

/** Optional `Idempotency-Key` header of a POST that a device may repeat. */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'Any unique text per intended write; a replay returns the first response',
    }),
  ),
});

export const ProductListQuery = Type.Object(
  {
    ...PageQuery,
    q: Type.Optional(
      Type.String({
        maxLength: 200,
        description:
          'Search text: name, brand, category, tags, SKU, barcode or option value; several words must all match, each as a prefix; accents ignored',
        examples: ['creme brul'],
      }),
    ),
    categoryId: Type.Optional(Uuid),
    archived: Type.Optional(
      Type.Boolean({ description: 'true lists archived products only; default active only' }),
    ),
  },
  { additionalProperties: false },
);
export type ProductListQuery = Static<typeof ProductListQuery>;

export const BarcodeParams = Type.Object({ code: BarcodeText }, { additionalProperties: false });

/** What a scanned barcode resolves to. */
export const BarcodeLookup = Type.Object(
  { variant: Variant, product: Product },
  {
    description: 'The variant carrying the barcode and its product; check `archived` on both before selling',
  },
);
export type BarcodeLookup = Static<typeof BarcodeLookup>;

/** Create a category; `parentId` nests it under another. */
export const CategoryInput = Type.Object(
  {
    id: Type.Optional(Uuid),
    name: Name(100, 'Category name'),
    parentId: Type.Optional(
      Type.Union([Uuid, Type.Null()], { description: 'Parent category; omit or null for a top-level one' }),
    ),
    position: Type.Optional(Type.Integer({ minimum: 0, description: 'Sort position among its siblings' })),
  },
  { additionalProperties: false, examples: [{ name: 'Koffie', parentId: null, position: 0 }] },
);
export type CategoryInput = Static<typeof CategoryInput>;

/** Rename, move or reorder a category; send the version you read. */
export const UpdateCategoryBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    name: Name(100, 'Category name'),
    parentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    position: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  {
    additionalProperties: false,
    examples: [{ version: 1, name: 'Koffiebonen', parentId: null, position: 1 }],
  },
);
export type UpdateCategoryBody = Static<typeof UpdateCategoryBody>;

export const Category = Type.Object({
  id: Uuid,
  name: Type.String(),
  parentId: Type.Union([Uuid, Type.Null()]),
  position: Type.Integer(),
  archived: Type.Boolean(),
  version: Type.Integer(),
});
export type Category = Static<typeof Category>;

export const CategoryList = Type.Object(
  { items: Type.Array(Category) },
  { description: 'All categories, parents before children' },
);

export const CategoryListQuery = Type.Object(
  { archived: Type.Optional(Type.Boolean({ description: 'true includes archived categories' })) },
  { additionalProperties: false },
);

export const TaxRate = Type.Object({
  id: Uuid,
  taxZoneId: Uuid,
  taxClass: Type.String(),
  code: Type.String(),
  name: Type.String(),
  rateBp: Type.Integer({ description: 'Rate in basis points: 2100 = 21 %' }),
  archived: Type.Boolean(),
});
export type TaxRate = Static<typeof TaxRate>;

/** One page of the register change feed. */
export const CatalogChanges = Type.Object({
  products: Type.Array(Product, {
    description: 'Products changed since the cursor (archived ones included, flagged)',
  }),
  taxRates: Type.Array(TaxRate),
  categories: Type.Array(Category),
  cursor: Type.String({ description: 'Pass as `since` to get the next changes' }),
  hasMore: Type.Boolean({ description: 'true: ask again at once with the new cursor' }),
});
export type CatalogChanges = Static<typeof CatalogChanges>;

export const CatalogChangesQuery = Type.Object(
  {
    since: Type.Optional(
      Type.String({
        maxLength: 40,
        pattern: '^[0-9]+$',
        description: 'Cursor from the last page; omit (or 0) for a full snapshot',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 1000 })),
  },
  { additionalProperties: false },
);

export const Store = Type.Object({
  id: Uuid,
  name: Type.String(),
  addressLine1: Type.String(),
  postalCode: Type.String(),
  city: Type.String(),
  country: Type.String(),
  vatNumber: Type.Union([Type.String(), Type.Null()]),
  kvkNumber: Type.Union([Type.String(), Type.Null()]),
  currency: CurrencyCode,
  timeZone: Type.String(),
  pricesIncludeTax: Type.Boolean(),
  taxRounding: Type.Union([Type.Literal('perDocument'), Type.Literal('perLine')]),
  cashRounding: Type.String({ examples: ['nearest-5'] }),
  taxZoneId: Uuid,
  registers: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
});
export type Store = Static<typeof Store>;
