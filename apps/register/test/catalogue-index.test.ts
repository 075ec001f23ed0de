import { describe, expect, it } from 'vitest';
import { CatalogueIndex, type IndexableItem } from '../src/db/catalogue-index.ts';
import { wordsOf } from '../src/db/words.ts';

let n = 0;
/** An item as the index sees it: words of its name (plus any extra words), one category. */
function anItem(name: string, extra: Partial<IndexableItem> & { also?: string[] } = {}): IndexableItem {
  const { also = [], ...rest } = extra;
  return {
    variantId: `v-${++n}`,
    name,
    sku: `SKU-${n}`,
    price: 1295,
    unit: 'piece',
    words: wordsOf(name, ...also),
    categoryId: 'cat',
    archived: false,
    ...rest,
  };
}

function names(
  index: CatalogueIndex,
  items: IndexableItem[],
  query: string,
  offset = 0,
  limit = 50,
): string[] {
  const byId = new Map(items.map((i) => [i.variantId, i.name]));
  return index.search(query, offset, limit).items.map((i) => byId.get(i.variantId)!);
}

describe('CatalogueIndex.search', () => {
  const items = [
    anItem('Mokka Kop Zand'),
    anItem('Mok Strand Oker'),
    anItem('Mok Zand'),
    anItem('Mok Groot Zand'),
    anItem('Chocolade Crème Brûlée', { also: ['HH-CHO-004', '8719876001135'] }),
    anItem('Sjaal Noordzee'),
  ];
  const index = new CatalogueIndex();
  index.put(items);

  it('matches every typed word as the start of a word of the item', () => {
    expect(names(index, items, 'sja')).toEqual(['Sjaal Noordzee']);
    expect(names(index, items, 'mok za').sort()).toEqual(['Mok Groot Zand', 'Mok Zand', 'Mokka Kop Zand']);
    expect(names(index, items, 'mok strand zand')).toEqual([]);
    expect(names(index, items, 'and')).toEqual([]);
  });

  it('folds case and accents, and finds by SKU and barcode prefix', () => {
    expect(names(index, items, 'CREME brul')).toEqual(['Chocolade Crème Brûlée']);
    expect(names(index, items, 'crème BRÛ')).toEqual(['Chocolade Crème Brûlée']);
    expect(names(index, items, 'hh-cho')).toEqual(['Chocolade Crème Brûlée']);
    expect(names(index, items, '871987600')).toEqual(['Chocolade Crème Brûlée']);
  });

  it('ranks words typed whole first, then shorter names, then by name', () => {
    expect(names(index, items, 'mok')).toEqual([
      'Mok Zand',
      'Mok Groot Zand',
      'Mok Strand Oker',
      'Mokka Kop Zand',
    ]);
    // "zand" is whole in all three; "mok" only in the first two.
    expect(names(index, items, 'zand mok')).toEqual(['Mok Zand', 'Mok Groot Zand', 'Mokka Kop Zand']);
  });

  it('says how many match, and nothing for a query without words', () => {
    expect(index.search('mok', 0, 2)).toMatchObject({ more: true });
    expect(index.search('mok', 2, 2)).toMatchObject({ more: false });
    expect(index.search(' -- ', 0, 10)).toEqual({ items: [], more: false });
  });
});

describe('CatalogueIndex ranking against a plain sort of every item', () => {
  // 3,000 items of random words: whatever path a query takes (one dense word walked in name order,
  // or the postings of the rarest word), the answer is the plain definition, page after page.
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const pick = (list: string[]) => list[Math.floor(random() * list.length)]!;
  // Words of digits only (kept as numbers by length, leading zeros and all) and one too long for that.
  const parts = [
    'Mok',
    'Mokka',
    'M',
    'Sjaal',
    'Strand',
    'S',
    'Zand',
    'Zee',
    'Crème',
    'Café',
    'Thee',
    'Munt',
    'Klein',
    'XL',
    '000123',
    '0042',
    '8719876000015',
    '12345678901234567',
    '350ml',
  ];
  const items = Array.from({ length: 3000 }, (_, i) =>
    anItem(`${pick(parts)} ${pick(parts)}${random() < 0.5 ? ` ${pick(parts)}` : ''} ${i % 97}`),
  );
  // Put in five parts, searched in between: the words and names of each part are merged into the order of the earlier ones.
  const index = new CatalogueIndex();
  for (let part = 0; part < 5; part++) {
    index.put(items.slice(part * 600, part * 600 + 600));
    index.search('m', 0, 10);
  }

  function expected(query: string): string[] {
    const terms = wordsOf(query);
    const notWhole = (item: IndexableItem) => terms.filter((t) => !item.words.includes(t)).length;
    return items
      .filter((item) => terms.every((t) => item.words.some((w) => w.startsWith(t))))
      .sort(
        (a, b) =>
          notWhole(a) - notWhole(b) ||
          a.name.length - b.name.length ||
          (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
      )
      .map((item) => item.name);
  }

  it.each([
    'm',
    's',
    'z',
    'mok',
    'mokka',
    'mok z',
    'm s',
    'z m 1',
    'cafe',
    'x',
    'thee munt 4',
    'q',
    '0',
    '00',
    '0001',
    '004',
    '1',
    '12',
    '8719876',
    '123456789012345678',
    '350',
    'zee 0',
  ])('"%s"', (query) => {
    const paged = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((page) => names(index, items, query, page * 40, 40));
    const all = expected(query);
    // Names repeat (the same words, another item): compared as names, in order.
    expect(paged).toEqual(all.slice(0, 400));
    expect(index.search(query, 0, 3000).items).toHaveLength(all.length);
    expect(index.search(query, 0, all.length).more).toBe(false);
  });
});

describe('CatalogueIndex, one dense word whose items all have long names', () => {
  // Names rank by length first: 5,000 short names, then 400 long ones that alone have words
  // starting "chocolad" (7 % of the catalogue: dense). Walking the name order would pass every short
  // name first; the walk gives up after its budget and the word's postings are ranked instead. Some
  // have the word whole ("chocolad"): they come first. Either way the answer is the plain sort's.
  const short = Array.from({ length: 5000 }, (_, i) => anItem(`Mok ${i}`));
  const long = Array.from({ length: 400 }, (_, i) =>
    anItem(`Chocoladereep Puur Zeezout Extra Groot ${i}`, { also: i % 50 === 0 ? ['chocolad'] : [] }),
  );
  const items = [...short, ...long];
  const index = new CatalogueIndex();
  index.put(items);

  it('lists the same items in the same order as a plain sort, page after page', () => {
    const byRank = (a: IndexableItem, b: IndexableItem) =>
      Number(!a.words.includes('chocolad')) - Number(!b.words.includes('chocolad')) ||
      a.name.length - b.name.length ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    const all = long.slice().sort(byRank).map((i) => i.name);
    const paged = Array.from({ length: 10 }, (_, page) => names(index, items, 'chocolad', page * 40, 40)).flat();
    expect(paged).toEqual(all);
    expect(index.search('chocolad', 0, 40).more).toBe(true);
    expect(index.search('chocolad', 360, 40).more).toBe(false);
  });
});

describe('CatalogueIndex paging', () => {
  // 500 mugs of varied name lengths: the first page is picked without sorting all, later pages from one sort.
  const items = Array.from({ length: 500 }, (_, i) =>
    anItem(`Mok ${'x'.repeat(i % 7)} ${i}`, { categoryId: i % 2 ? 'odd' : 'even' }),
  );
  const index = new CatalogueIndex();
  index.put(items);

  it('lists every match once across pages, in one order', () => {
    const pages = [0, 40, 80, 120].map((offset) => names(index, items, 'mok', offset, 40));
    const all = names(index, items, 'mok', 0, 1000);
    expect(all).toHaveLength(500);
    expect(new Set(all).size).toBe(500);
    expect(pages.flat()).toEqual(all.slice(0, 160));
    const lengths = all.map((name) => name.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
  });

  it('lists a category by name, a page at a time', () => {
    const first = index.category('odd', 0, 60);
    const rest = index.category('odd', 60, 1000);
    expect(first.more).toBe(true);
    expect(rest.items).toHaveLength(190);
    expect(new Set([...first.items, ...rest.items]).size).toBe(250);
    expect(index.category('none', 0, 60)).toEqual({ items: [], more: false });
  });
});

describe('CatalogueIndex updates', () => {
  it('follows a renamed item, an archived one and a removed one', () => {
    const [kop, vaas, plaid] = [anItem('Kop Duin'), anItem('Vaas Duin'), anItem('Plaid Duin')] as [
      IndexableItem,
      IndexableItem,
      IndexableItem,
    ];
    const index = new CatalogueIndex();
    index.put([kop, vaas, plaid]);
    expect(index.search('duin', 0, 10).items).toHaveLength(3);

    index.put([
      { ...kop, name: 'Kop Polder', words: wordsOf('Kop Polder') },
      { ...vaas, archived: true },
    ]);
    index.remove([plaid.variantId]);
    expect(index.search('duin', 0, 10)).toEqual({ items: [], more: false });
    expect(index.search('pold', 0, 10).items.map((i) => i.variantId)).toEqual([kop.variantId]);
    expect(index.search('vaas', 0, 10).items).toHaveLength(0);
    expect(index.size).toBe(1);

    // Archived items come back when they are sellable again; a page cached before a change is not reused.
    index.put([vaas]);
    expect(index.search('vaas', 0, 10).items.map((i) => i.variantId)).toEqual([vaas.variantId]);
  });

  it('shows a new price at once, the item keeping its place', () => {
    const items = [anItem('Thee Munt'), anItem('Thee Rooibos')];
    const index = new CatalogueIndex();
    index.put(items);
    index.put([{ ...items[1]!, price: 345 }]);
    expect(index.search('thee', 0, 10).items.map((i) => [i.name, i.price])).toEqual([
      ['Thee Munt', 1295],
      ['Thee Rooibos', 345],
    ]);
  });

  it('compacts to the same answers without the dead slots', () => {
    const items = Array.from({ length: 30 }, (_, i) => anItem(`Thee Munt ${i}`));
    const index = new CatalogueIndex();
    index.put(items);
    index.put(
      items
        .slice(0, 10)
        .map((item) => ({ ...item, name: `${item.name} Bio`, words: [...item.words, 'bio'] })),
    );
    const compact = index.compacted();
    expect(compact.search('thee', 0, 100)).toEqual(index.search('thee', 0, 100));
    expect(compact.search('bio', 0, 100).items).toHaveLength(10);
  });
});
