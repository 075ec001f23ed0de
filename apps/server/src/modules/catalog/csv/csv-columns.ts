/** The product CSV columns, in export order (docs/CSV.md describes each). */
export const CSV_COLUMNS = [
  'handle',
  'name',
  'sku',
  'barcode',
  'price',
  'cost_price',
  'tax_class',
  'category',
  'brand',
  'unit',
  'option1_name',
  'option1_value',
  'option2_name',
  'option2_value',
  'description',
  'tags',
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];

export const REQUIRED_COLUMNS: readonly CsvColumn[] = ['name', 'sku', 'price', 'tax_class'];

// Dutch headings as suppliers and bookkeepers write them, so a Dutch sheet imports without renaming.
const ALIASES: Record<string, CsvColumn> = {
  naam: 'name',
  productnaam: 'name',
  artikelnummer: 'sku',
  ean: 'barcode',
  barcodes: 'barcode',
  streepjescode: 'barcode',
  prijs: 'price',
  verkoopprijs: 'price',
  inkoopprijs: 'cost_price',
  cost: 'cost_price',
  btw: 'tax_class',
  'btw-tarief': 'tax_class',
  vat: 'tax_class',
  categorie: 'category',
  merk: 'brand',
  eenheid: 'unit',
  omschrijving: 'description',
  beschrijving: 'description',
};

/** Maps a heading to its column: case, spaces and dashes do not matter; Dutch aliases accepted. */
export function columnForHeading(heading: string): CsvColumn | undefined {
  const key = heading
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if ((CSV_COLUMNS as readonly string[]).includes(key)) return key as CsvColumn;
  return ALIASES[key] ?? ALIASES[key.replace(/_/g, '-')];
}

const TAX_CLASS_ALIASES: Record<string, string> = {
  standard: 'standard',
  hoog: 'standard',
  '21%': 'standard',
  '21': 'standard',
  reduced: 'reduced',
  laag: 'reduced',
  '9%': 'reduced',
  '9': 'reduced',
  zero: 'zero',
  nul: 'zero',
  '0%': 'zero',
  '0': 'zero',
};

/** "21%", "hoog", "Standard" → "standard"; unknown text passes through for the catalogue to judge. */
export function normaliseTaxClass(text: string): string {
  const key = text.trim().toLowerCase().replace(/\s+/g, '');
  return TAX_CLASS_ALIASES[key] ?? text.trim();
}

const UNIT_ALIASES: Record<string, 'piece' | 'weight'> = {
  piece: 'piece',
  stuk: 'piece',
  stuks: 'piece',
  weight: 'weight',
  gewicht: 'weight',
  kg: 'weight',
};

/** "stuk" → piece, "kg" → weight; empty means piece; anything else is undefined (an error). */
export function normaliseUnit(text: string): 'piece' | 'weight' | undefined {
  const key = text.trim().toLowerCase();
  return key === '' ? 'piece' : UNIT_ALIASES[key];
}
