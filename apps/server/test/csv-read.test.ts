import { describe, expect, it } from 'vitest';
import { decodeCsv, detectDelimiter, readProductCsv } from '../src/modules/catalog/csv/read-csv.ts';
import { rowsToProducts } from '../src/modules/catalog/csv/rows-to-products.ts';
import { normaliseTaxClass } from '../src/modules/catalog/csv/csv-columns.ts';

const HEADER =
  'handle;name;sku;barcode;price;cost_price;tax_class;category;brand;unit;option1_name;option1_value;option2_name;option2_value;description;tags';

function read(text: string) {
  const result = readProductCsv(text);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return rowsToProducts(result.table.rows);
}

describe('readProductCsv', () => {
  it('detects ";" in a Dutch Excel file with a BOM and "," in other files', () => {
    expect(detectDelimiter(`\uFEFF${HEADER}\n`)).toBe(';');
    expect(detectDelimiter('name,sku,price,tax_class\n')).toBe(',');
    expect(detectDelimiter('"name;with;semicolons",sku,price\n')).toBe(',');
  });

  it('reads a BOM-prefixed ";" file with its line numbers', () => {
    const result = readProductCsv(
      `\uFEFFname;sku;price;tax_class\r\nMok;M-1;12,95;21%\r\n\r\nThee;T-1;6,95;9%\r\n`,
    );
    expect(result).toMatchObject({
      ok: true,
      table: {
        delimiter: ';',
        rows: [
          { line: 2, values: { name: 'Mok' } },
          { line: 4, values: { name: 'Thee' } },
        ],
      },
    });
  });

  it('accepts Dutch headings and ignores unknown columns', () => {
    const result = readProductCsv('Naam,Artikelnummer,Prijs,BTW,Kleurcode\nMok,M-1,12.95,hoog,x\n');
    expect(result).toMatchObject({
      ok: true,
      table: {
        ignoredHeadings: ['Kleurcode'],
        rows: [{ values: { name: 'Mok', sku: 'M-1', price: '12.95', tax_class: 'hoog' } }],
      },
    });
  });

  it('names every missing required column on line 1', () => {
    const result = readProductCsv('name;brand\nMok;X\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.column)).toEqual(['sku', 'price', 'tax_class']);
  });

  it('reads Windows-1252 files written by older Excel versions', () => {
    const bytes = Uint8Array.from([...Buffer.from('name;sku\nCr'), 0xe8, ...Buffer.from('me;C-1\n')]);
    expect(decodeCsv(bytes)).toBe('name;sku\nCrème;C-1\n');
  });
});

describe('rowsToProducts', () => {
  it('makes one product with several variants from rows sharing a handle', () => {
    const { products, issues } = read(
      [
        HEADER,
        'tshirt-dom;T-shirt Domtoren;TSH-S-WIT;8719876001524;29,95;11,00;standard;Mode > T-shirts;Haven Textiel;piece;Maat;S;Kleur;Wit;Biologisch katoen;t-shirt|katoen',
        'tshirt-dom;;TSH-M-WIT;;29,95;;;;;;Maat;M;Kleur;Wit;;',
      ].join('\n'),
    );
    expect(issues).toEqual([]);
    expect(products).toHaveLength(1);
    expect(products[0]).toMatchObject({
      categoryPath: ['Mode', 'T-shirts'],
      lines: [2, 3],
      body: {
        name: 'T-shirt Domtoren',
        taxClass: 'standard',
        brand: 'Haven Textiel',
        tags: ['t-shirt', 'katoen'],
        optionNames: ['Maat', 'Kleur'],
        variants: [
          {
            sku: 'TSH-S-WIT',
            price: 2995,
            costPrice: 1100,
            barcodes: ['8719876001524'],
            options: { Maat: 'S', Kleur: 'Wit' },
          },
          { sku: 'TSH-M-WIT', price: 2995, options: { Maat: 'M', Kleur: 'Wit' } },
        ],
      },
    });
  });

  it('groups rows by name when there is no handle, and reads weighed items', () => {
    const { products } = read(
      ['name;sku;price;tax_class;unit', 'Drop (los);DROP-1;19,95;9%;kg', 'Mok;M-1;12,95;21%;stuk'].join('\n'),
    );
    expect(products.map((p) => [p.body.name, p.body.unit, p.body.taxClass])).toEqual([
      ['Drop (los)', 'weight', 'reduced'],
      ['Mok', 'piece', 'standard'],
    ]);
  });

  it('reports every bad row with its line, column and reason', () => {
    const { issues } = read(
      [
        'name;sku;barcode;price;tax_class',
        'Mok;M-1;8719876000015;12,9x;21%',
        ';M-2;;5,00;21%',
        'Thee;T-1;8719876000016;6,95;9%',
        'Kaars;M-1;;8,165;21%',
        'Sjaal;S-1;;;21%',
      ].join('\n'),
    );
    expect(issues).toEqual([
      { line: 2, column: 'price', reason: expect.stringContaining('"12,9x" is not an amount') },
      { line: 3, column: 'name', reason: expect.stringContaining('name is empty') },
      { line: 4, column: 'barcode', reason: expect.stringContaining('wrong check digit (6, expected 5)') },
      { line: 5, column: 'price', reason: expect.stringContaining('too many decimals') },
      { line: 5, column: 'sku', reason: 'SKU M-1 is also on line 2: give each variant its own SKU' },
      { line: 6, column: 'price', reason: expect.stringContaining('price is empty') },
    ]);
  });

  it('refuses a later row that contradicts the product columns of the first', () => {
    const { issues } = read(
      ['handle;name;sku;price;tax_class', 'h;Mok;M-1;1;21%', 'h;Mok;M-2;1;9%'].join('\n'),
    );
    expect(issues).toEqual([
      { line: 3, column: 'tax_class', reason: expect.stringContaining('differs from line 2') },
    ]);
  });
});

describe('normaliseTaxClass', () => {
  it.each([
    ['21%', 'standard'],
    ['21 %', 'standard'],
    ['Hoog', 'standard'],
    ['9%', 'reduced'],
    ['laag', 'reduced'],
    ['0%', 'zero'],
    ['zero', 'zero'],
    ['luxury', 'luxury'],
  ])('reads %s as %s', (text, code) => expect(normaliseTaxClass(text)).toBe(code));
});
