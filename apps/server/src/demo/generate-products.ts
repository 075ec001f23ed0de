import type { CreateProductBody, VariantInput } from '@kassa/contracts';
import { generatedEan } from './ean.ts';

/** mulberry32: a tiny seeded PRNG; the same seed gives the same catalogue on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Kind {
  noun: string;
  code: string;
  taxClass: 'standard' | 'reduced' | 'zero';
  /** Price range in cents. */
  price: [number, number];
  sizes?: string[];
}

const KINDS: Kind[] = [
  { noun: 'Mok', code: 'MOK', taxClass: 'standard', price: [895, 1995], sizes: ['250 ml', '350 ml'] },
  { noun: 'Geurkaars', code: 'KRS', taxClass: 'standard', price: [995, 3495] },
  { noun: 'Sjaal', code: 'SJL', taxClass: 'standard', price: [1995, 6995] },
  { noun: 'T-shirt', code: 'TSH', taxClass: 'standard', price: [1995, 3995], sizes: ['S', 'M', 'L', 'XL'] },
  { noun: 'Vaas', code: 'VAS', taxClass: 'standard', price: [1495, 5995] },
  { noun: 'Shopper', code: 'TAS', taxClass: 'standard', price: [995, 2995] },
  { noun: 'Wenskaart', code: 'KRT', taxClass: 'standard', price: [195, 450] },
  { noun: 'Notitieboek', code: 'NTB', taxClass: 'standard', price: [795, 2495] },
  { noun: 'Plaid', code: 'PLD', taxClass: 'standard', price: [3995, 9995] },
  { noun: 'Koffiebonen', code: 'KOF', taxClass: 'reduced', price: [695, 1495], sizes: ['250 g', '1 kg'] },
  { noun: 'Thee', code: 'THE', taxClass: 'reduced', price: [495, 1295] },
  { noun: 'Chocoladereep', code: 'CHO', taxClass: 'reduced', price: [249, 595] },
  { noun: 'Koekjes', code: 'KOE', taxClass: 'reduced', price: [249, 695] },
  { noun: 'Boek', code: 'BOE', taxClass: 'reduced', price: [999, 3999] },
  { noun: 'Postzegelset', code: 'PZG', taxClass: 'zero', price: [500, 2500] },
];

const THEMES = [
  'Strand',
  'Grachtenpand',
  'Domtoren',
  'Molen',
  'Tulp',
  'Fiets',
  'Noordzee',
  'Duin',
  'Polder',
  'Haven',
  'Delfts Blauw',
  'Crème',
  'Café',
  'Vijgenblad',
  'Zeebries',
  'Houtvuur',
  'Lavendel',
  'Kaneel',
  'Vanille',
  'Citroen',
  'Bergamot',
  'Munt',
  'Karamel',
  'Zeezout',
  'Hazelnoot',
  'Framboos',
  'Eiken',
  'Linnen',
  'Wafel',
  'Visgraat',
];
const COLOURS = [
  'Oker',
  'Zeegroen',
  'Zand',
  'Antraciet',
  'Roest',
  'Olijf',
  'Ivoor',
  'Oudroze',
  'Nachtblauw',
  'Terracotta',
  'Crème',
  'Café',
];
const STYLES = [
  '',
  'Klein',
  'Groot',
  'Mini',
  'Deluxe',
  'Classic',
  'Handgemaakt',
  'Gerecycled',
  'Biologisch',
  'Vintage',
  'Limited',
];
const BRANDS = [
  'Huis & Haven',
  'Wolwerk',
  'Lichtjes & Co',
  'Branderij De Haven',
  'Chocolaterie Van Dam',
  'Haven Textiel',
  'Kaartenmakerij Lint',
  'Uitgeverij Domstad',
];

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

/** A price in the range, ending in 5 or 9 cents like real shelf prices. */
function shelfPrice(random: () => number, [low, high]: [number, number]): number {
  const raw = low + Math.floor(random() * (high - low));
  return raw - (raw % 10) + (random() < 0.5 ? 5 : 9);
}

/**
 * Generates `count` realistic products, deterministically from `seed`: Dutch
 * names from word lists, unique SKUs and valid unique EAN-13s (prefix 8718),
 * a mix of 21 %, 9 % and 0 % items, and about one in twenty with size variants.
 * Used by `kassa demo --products N` and the catalogue benchmarks.
 */
export function generateDemoProducts(count: number, seed: number): CreateProductBody[] {
  const random = seededRandom(seed);
  // Different seeds get different barcode ranges, so two generated sets can share a database.
  let eanNumber = (Math.abs(seed) % 90) * 1_000_000;
  const seedTag = String(Math.abs(seed) % 1000).padStart(3, '0');
  const products: CreateProductBody[] = [];
  for (let index = 0; index < count; index++) {
    const kind = pick(random, KINDS);
    const name =
      `${kind.noun} ${pick(random, THEMES)} ${pick(random, COLOURS)} ${pick(random, STYLES)}`.trim();
    const price = shelfPrice(random, kind.price);
    const cost = Math.round(price * (0.3 + random() * 0.2));
    const sku = `${kind.code}-${seedTag}-${String(index + 1).padStart(6, '0')}`;
    const withSizes = kind.sizes !== undefined && random() < 0.05;
    const variants: VariantInput[] = withSizes
      ? kind.sizes!.map((size, i) => ({
          sku: `${sku}-${i + 1}`,
          options: { Maat: size },
          price: price + i * 100,
          costPrice: cost,
          barcodes: [generatedEan(eanNumber++)],
        }))
      : [{ sku, price, costPrice: cost, barcodes: [generatedEan(eanNumber++)] }];
    products.push({
      name,
      taxClass: kind.taxClass,
      brand: pick(random, BRANDS),
      tags: [kind.noun.toLowerCase()],
      ...(withSizes ? { optionNames: ['Maat'] } : {}),
      variants,
    });
  }
  return products;
}
