import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { aSaleDocument, startSelling, type SellableVariant, type SellingHarness } from './support/selling.ts';

// The sale path must stay a few statements whatever the number of lines
// (ARCHITECTURE.md decision 12; issue figures: > 1,000 sales/s on SQLite).
describe.each(DIALECTS)('the statements of recording a sale on %s', (dialect) => {
  let h: SellingHarness;
  let items: SellableVariant[];
  let statements: string[] = [];

  beforeAll(async () => {
    h = await startSelling(dialect, { onQuery: (sql) => statements.push(sql) });
    items = [await h.aSellable(), await h.aSellable({ taxClass: 'reduced' }), await h.aSellable()];
  });
  afterAll(async () => h?.close());

  async function statementsFor(receipt: number, lineCount: number): Promise<string[]> {
    const doc = aSaleDocument(
      h,
      receipt,
      Array.from({ length: lineCount }, (_, i) => ({ item: items[i % 3]!, quantity: 1 + i })),
      { tender: 'card' },
    );
    statements = [];
    const res = await h.call('POST', '/api/v1/sales', doc);
    expect(res.statusCode).toBe(201);
    const recorded = statements;
    statements = [];
    const replay = await h.call('POST', '/api/v1/sales', doc);
    expect(replay.statusCode).toBe(200);
    expect(statements.filter((s) => !/api_tokens|sessions/.test(s))).toHaveLength(1);
    return recorded;
  }

  it('uses the same number of statements for 3 lines as for 60, and no more than 20', async () => {
    // The register's first entry also creates its journal head: measure the steady state after it.
    await statementsFor(1, 1);
    const three = await statementsFor(2, 3);
    const sixty = await statementsFor(3, 60);
    expect(sixty.length).toBe(three.length);
    expect(three.length).toBeLessThanOrEqual(20);
    if (dialect === 'postgres') {
      // Every round trip counts on PostgreSQL: the context read also locks the shift and the
      // journal head, and the sale's writes (journal entry and head, sale, lines, taxes, tenders,
      // stock) and the receipt-number read are one statement.
      const inside = three.slice(three.indexOf('begin') + 1, three.indexOf('commit'));
      expect(inside).toHaveLength(2);
      expect(inside[0]).toMatch(/^with "shift" as materialized .* for share\), "head" as materialized .* for update of "h"\) select /s);
      expect(inside.at(-1)).toMatch(/^with r as \(select max\("receipt_number"\).*insert into "stock_levels"/s);
    }
  });
});
