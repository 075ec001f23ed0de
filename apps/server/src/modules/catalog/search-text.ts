// Search text is folded by us, not by the engines, so that SQLite FTS5 and
// PostgreSQL's 'simple' configuration see exactly the same tokens: lower case,
// diacritics removed (NFD, then combining marks stripped, so "creme" finds
// "Crème"), split on everything that is not a letter or digit. The query goes
// through the same function, which is also what makes FTS syntax and SQL text
// in a query harmless: only letters and digits ever reach the MATCH string.

const MAX_QUERY_TOKENS = 8;
const MAX_TOKEN_LENGTH = 64;

/** Lower case without diacritics. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** The folded words of a text, in order. */
export function searchTokens(text: string): string[] {
  return foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 0);
}

/** What a product is found by: name, brand, category, tags, SKUs, barcodes and option values. */
export interface SearchableProduct {
  name: string;
  brand: string | null;
  categoryName: string | null;
  tags: string[];
  variants: Array<{ sku: string; barcodes: string[]; options: Record<string, string> }>;
}

/** The product's search text: its distinct folded tokens, space separated. */
export function buildSearchText(product: SearchableProduct): string {
  const parts = [product.name, product.brand ?? '', product.categoryName ?? '', ...product.tags];
  for (const variant of product.variants)
    parts.push(variant.sku, ...variant.barcodes, ...Object.values(variant.options));
  return [...new Set(searchTokens(parts.join(' ')))].join(' ');
}

/** The query's tokens (capped), each to be matched as a prefix. */
export function queryTokens(query: string): string[] {
  return [...new Set(searchTokens(query))]
    .slice(0, MAX_QUERY_TOKENS)
    .map((t) => t.slice(0, MAX_TOKEN_LENGTH));
}
