import type { Product } from '@kassa/contracts';

// An organisation's products as the API returns them, held in memory beside
// its search data (search-memory.ts) and current up to the same catalogue
// change number. A search page or a scanned barcode is then answered with one
// statement, the change counter, instead of a product read: on a catalogue
// larger than the database's cache each product read was a likely disk read
// (a random product's heap and index pages), which is what set the tail of
// both. Each product is kept as its JSON text (one string, a byte a letter for
// Latin text) and parsed when asked for: a quarter of what the objects took.

export class ProductDocuments {
  private readonly json = new Map<string, string>();
  /** Each barcode's product: barcodes are unique within an organisation (the database enforces it). */
  private readonly productOfBarcode = new Map<string, string>();
  private bytes = 0;

  /** Adds or replaces a product (its old barcodes are forgotten first). */
  set(product: Product): void {
    this.forget(product.id);
    const json = JSON.stringify(product);
    this.json.set(product.id, json);
    this.bytes += DOCUMENT_BYTES + stringBytes(json);
    for (const variant of product.variants)
      for (const code of variant.barcodes) {
        this.productOfBarcode.set(code, product.id);
        this.bytes += BARCODE_BYTES + stringBytes(code);
      }
  }

  /** The product with this id, or undefined when it is not held. */
  get(id: string): Product | undefined {
    const json = this.json.get(id);
    return json === undefined ? undefined : (JSON.parse(json) as Product);
  }

  /** The products with these ids in their order, or undefined when any is not held. */
  getAll(ids: readonly string[]): Product[] | undefined {
    const products: Product[] = [];
    for (const id of ids) {
      const product = this.get(id);
      if (!product) return undefined;
      products.push(product);
    }
    return products;
  }

  /** The product that carries this barcode, archived or not; undefined when none held does. */
  withBarcode(code: string): Product | undefined {
    const id = this.productOfBarcode.get(code);
    return id === undefined ? undefined : this.get(id);
  }

  /** About what the documents take, in bytes. */
  get estimatedBytes(): number {
    return this.bytes;
  }

  private forget(id: string): void {
    const old = this.get(id);
    if (!old) return;
    this.bytes -= DOCUMENT_BYTES + stringBytes(this.json.get(id)!);
    this.json.delete(id);
    for (const variant of old.variants)
      for (const code of variant.barcodes) {
        // A code moved to another product since is that product's now.
        if (this.productOfBarcode.get(code) === id) this.productOfBarcode.delete(code);
        this.bytes -= BARCODE_BYTES + stringBytes(code);
      }
  }
}

// Rough sizes beside the strings: a map entry and a string header.
const DOCUMENT_BYTES = 64;
const BARCODE_BYTES = 64;

/** V8 keeps a string of Latin-1 letters at a byte each, any other at two. */
function stringBytes(text: string): number {
  // eslint-disable-next-line no-control-regex
  return /[^\u0000-\u00ff]/.test(text) ? 2 * text.length : text.length;
}
