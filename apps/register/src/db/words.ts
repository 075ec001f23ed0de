/** Lower case, diacritics removed: "Crème Brûlée" → "creme brulee" (same folding as the server's search). */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** The distinct folded words of some texts: what an item is found by, and what a query asks for. */
export function wordsOf(...texts: Array<string | null | undefined>): string[] {
  const words = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const word of fold(text).split(/[^a-z0-9]+/)) if (word) words.add(word);
  }
  return [...words];
}
