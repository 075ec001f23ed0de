import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS } from './support/databases.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';
import { aSaleDocument, startSelling, type SellableVariant, type SellingHarness } from './support/selling.ts';
import { aShiftDocument } from './support/cash.ts';
import { verifyJournal } from '../src/modules/journal/index.ts';

async function count(
  h: SellingHarness,
  table: 'sales' | 'stock_movements' | 'journal_entries' | 'incidents',
): Promise<number> {
  const row = await h.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function onHand(h: SellingHarness, variantId: string): Promise<number> {
  const res = await h.call('GET', `/api/v1/stock/levels?storeId=${h.storeId}&variantId=${variantId}`);
  return res.json().items[0]?.onHandMilli ?? 0;
}

describe.each(DIALECTS)('recording a sale on %s', (dialect) => {
  let h: SellingHarness;
  let mug: SellableVariant;
  let beans: SellableVariant;
  let receipt = 0;
  const next = () => ++receipt;

  beforeAll(async () => {
    h = await startSelling(dialect);
    mug = await h.aSellable({ price: 1298, name: 'Mok Strand' });
    beans = await h.aSellable({ price: 849, taxClass: 'reduced', name: 'Koffiebonen 250 g' });
    for (const item of [mug, beans]) {
      const res = await h.call('POST', '/api/v1/stock/adjustments', {
        id: uuidv7(),
        storeId: h.storeId,
        variantId: item.variantId,
        quantityMilli: 100_000,
        reason: 'initial',
      });
      expect(res.statusCode).toBe(201);
    }
  });
  afterAll(async () => h?.close());

  it('records a cash sale with Dutch 5-cent rounding, moves stock and journals it', async () => {
    const doc = aSaleDocument(h, next(), [{ item: mug }, { item: beans }], { cashTendered: 5000 });
    const res = await h.call('POST', '/api/v1/sales', doc);
    expect(res.statusCode).toBe(201);
    const sale = res.json();
    // 12.98 + 8.49 = 21.47 → cash 21.45 (x.x7 rounds down to x.x5), change 28.55.
    expect(sale).toMatchObject({ total: 2147, rounding: -2, paidTotal: 2145, change: 2855, flags: [] });
    expect(sale.taxes).toEqual([
      { code: 'NL-21', rateBp: 2100, base: 1073, tax: 225, gross: 1298 },
      { code: 'NL-9', rateBp: 900, base: 779, tax: 70, gross: 849 },
    ]);
    expect(sale.journal.seq).toBeGreaterThan(0);
    expect(await onHand(h, mug.variantId)).toBe(99_000);
    const journal = await h.call('GET', `/api/v1/journal?documentId=${doc.id}`);
    expect(journal.json().items).toHaveLength(1);
    expect(journal.json().items[0]).toMatchObject({ kind: 'sale.completed', hash: sale.journal.hash });
  });

  it('flags the negative stock it caused instead of refusing the sale', async () => {
    const item = await h.aSellable({ price: 500 });
    const res = await h.call('POST', '/api/v1/sales', aSaleDocument(h, next(), [{ item, quantity: 2 }]));
    expect(res.statusCode).toBe(201);
    expect(res.json().flags.map((f: { code: string }) => f.code)).toContain('NEGATIVE_STOCK');
  });

  it('returns the first answer when the same sale is sent again, and creates nothing', async () => {
    const doc = aSaleDocument(h, next(), [{ item: mug }]);
    const first = await h.call('POST', '/api/v1/sales', doc);
    const before = await Promise.all([
      count(h, 'sales'),
      count(h, 'stock_movements'),
      count(h, 'journal_entries'),
    ]);
    const again = await h.call('POST', '/api/v1/sales', { ...doc });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(
      await Promise.all([count(h, 'sales'), count(h, 'stock_movements'), count(h, 'journal_entries')]),
    ).toEqual(before);
  });

  it('records one sale when the same id arrives many times at once', async () => {
    const doc = aSaleDocument(h, next(), [{ item: beans }]);
    const before = await count(h, 'sales');
    const answers = await Promise.all(Array.from({ length: 12 }, () => h.call('POST', '/api/v1/sales', doc)));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([
      200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201,
    ]);
    expect(new Set(answers.map((a) => a.json().journal.hash)).size).toBe(1);
    expect(await count(h, 'sales')).toBe(before + 1);
  });

  it('refuses the same id with other content with a 409', async () => {
    const doc = aSaleDocument(h, next(), [{ item: mug }]);
    await h.call('POST', '/api/v1/sales', doc);
    const other = aSaleDocument(h, doc.receiptNumber, [{ item: beans }], { id: doc.id });
    const res = await h.call('POST', '/api/v1/sales', other);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('SALES_ID_REUSED');
  });

  it('refuses a receipt number taken by another sale of the register and reports an incident', async () => {
    const number = next();
    await h.call('POST', '/api/v1/sales', aSaleDocument(h, number, [{ item: mug }]));
    const incidents = await count(h, 'incidents');
    const res = await h.call('POST', '/api/v1/sales', aSaleDocument(h, number, [{ item: beans }]));
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'SALES_RECEIPT_NUMBER_TAKEN',
      details: { field: 'receiptNumber' },
    });
    expect(await count(h, 'incidents')).toBe(incidents + 1);
  });

  it('names every figure that does not add up and records nothing', async () => {
    const doc = aSaleDocument(h, next(), [{ item: mug }]);
    const before = await Promise.all([
      count(h, 'sales'),
      count(h, 'stock_movements'),
      count(h, 'journal_entries'),
    ]);
    const res = await h.call('POST', '/api/v1/sales', {
      ...doc,
      totals: { ...doc.totals, total: doc.totals.total + 1, taxTotal: 1 },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('SALES_ARITHMETIC_MISMATCH');
    expect(res.json().error.details.differences).toEqual([
      { field: 'totals.total', claimed: 1299, computed: 1298 },
      { field: 'totals.taxTotal', claimed: 1, computed: 225 },
    ]);
    expect(
      await Promise.all([count(h, 'sales'), count(h, 'stock_movements'), count(h, 'journal_entries')]),
    ).toEqual(before);
    receipt--;
  });

  it('accepts a price that differs from the catalogue and flags it for the manager', async () => {
    const res = await h.call(
      'POST',
      '/api/v1/sales',
      aSaleDocument(h, next(), [{ item: mug, unitPrice: 1000 }]),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json().flags).toContainEqual(
      expect.objectContaining({
        code: 'PRICE_DEVIATION',
        details: expect.objectContaining({ registerPrice: 1000, cataloguePrice: 1298 }),
      }),
    );
  });

  it('journals a price override and a discount next to the sale', async () => {
    const base = aSaleDocument(h, next(), [{ item: mug, unitPrice: 999 }]);
    const overridden = { ...base, lines: [{ ...base.lines[0]!, originalUnitPrice: mug.price }] };
    const res = await h.call('POST', '/api/v1/sales', overridden);
    expect(res.statusCode).toBe(201);
    expect(res.json().flags).toEqual([]);
    const journal = (await h.call('GET', `/api/v1/journal?documentId=${base.id}`)).json().items;
    expect(journal.map((e: { kind: string }) => e.kind)).toEqual(['sale.completed', 'sale.price_override']);
    expect(journal[1].payload.lines).toEqual([
      { lineId: 'line-1', variantId: mug.variantId, originalUnitPrice: 1298, unitPrice: 999 },
    ]);
  });

  it('journals an override and discounts with the sale in one batch: the chain verifies, the head is the last entry', async () => {
    const discounted = aShiftDocument(
      h,
      next(),
      [
        { item: mug, quantity: 2, discountBp: 1000 },
        { item: beans, quantity: 1 },
      ],
      {
        orderDiscountBp: 500,
        tenders: [{ type: 'card', share: 1000 }],
      },
    );
    const doc = {
      ...discounted,
      lines: [discounted.lines[0]!, { ...discounted.lines[1]!, originalUnitPrice: beans.price + 100 }],
    };
    const res = await h.call('POST', '/api/v1/sales', doc);
    expect(res.statusCode).toBe(201);
    const journal = (await h.call('GET', `/api/v1/journal?documentId=${doc.id}`)).json().items;
    expect(journal.map((e: { kind: string }) => e.kind)).toEqual([
      'sale.completed',
      'sale.price_override',
      'sale.discount',
    ]);
    expect(journal.map((e: { seq: number }) => e.seq - journal[0].seq)).toEqual([0, 1, 2]);
    const head = await h.database.db
      .selectFrom('journal_heads')
      .select(['seq', 'hash'])
      .where('chain_id', '=', `register:${h.registerId}`)
      .executeTakeFirstOrThrow();
    expect({ seq: Number(head.seq), hash: head.hash }).toEqual({
      seq: journal[2].seq,
      hash: journal[2].hash,
    });
    expect((await verifyJournal(h.database.db)).breaks).toEqual([]);
  });

  it('sells an unknown item only when the register marks it so', async () => {
    const doc = aSaleDocument(h, next(), [{ item: mug }]);
    const unmarked = { ...doc, lines: [{ ...doc.lines[0]!, variantId: null, description: 'Kaart' }] };
    const refused = await h.call('POST', '/api/v1/sales', unmarked);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({
      code: 'SALES_UNKNOWN_ITEM_NOT_MARKED',
      details: { field: 'lines[0]' },
    });
    const marked = await h.call('POST', '/api/v1/sales', {
      ...unmarked,
      lines: [{ ...unmarked.lines[0]!, unknownItem: true }],
    });
    expect(marked.statusCode).toBe(201);
    expect(marked.json().flags[0].code).toBe('UNKNOWN_ITEM');
  });

  it('refuses an unknown variant, a wrong currency, a zero quantity and unknown fields', async () => {
    const doc = aSaleDocument(h, next(), [{ item: mug }]);
    const cases: Array<[unknown, number, string]> = [
      [
        { ...doc, lines: [{ ...doc.lines[0]!, variantId: '0192f1c4-3b7e-7a10-9c3d-5e2f4a1b6c7d' }] },
        422,
        'SALES_UNKNOWN_VARIANT',
      ],
      [{ ...doc, currency: 'USD' }, 422, 'SALES_CURRENCY_MISMATCH'],
      [{ ...doc, lines: [{ ...doc.lines[0]!, quantity: 0 }] }, 422, 'SALES_INVALID_LINE'],
      [{ ...doc, discountCode: 'X' }, 400, 'VALIDATION_FAILED'],
      [{ ...doc, lines: [] }, 400, 'VALIDATION_FAILED'],
    ];
    const before = await count(h, 'sales');
    for (const [body, status, code] of cases) {
      const res = await h.call('POST', '/api/v1/sales', body);
      expect([res.statusCode, res.json().error.code]).toEqual([status, code]);
    }
    expect(await count(h, 'sales')).toBe(before);
    receipt--;
  });

  it('accepts a device time far in the future but flags it', async () => {
    const res = await h.call(
      'POST',
      '/api/v1/sales',
      aSaleDocument(h, next(), [{ item: mug }], { deviceTime: '2031-01-01T10:00:00+01:00' }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json().flags.map((f: { code: string }) => f.code)).toContain('DEVICE_TIME_SKEW');
  });

  it('reports a gap in receipt numbers, and closes it when the missing receipt arrives', async () => {
    const skipped = next();
    const after = next();
    await h.call('POST', '/api/v1/sales', aSaleDocument(h, after, [{ item: mug }]));
    const open = await h.database.db
      .selectFrom('incidents')
      .selectAll()
      .where('kind', '=', 'RECEIPT_GAP')
      .where('resolved_at', 'is', null)
      .execute();
    expect(open.map((i) => JSON.parse(i.details))).toContainEqual({
      series: 'sale',
      from: skipped,
      to: skipped,
    });
    await h.call('POST', '/api/v1/sales', aSaleDocument(h, skipped, [{ item: mug }]));
    const still = await h.database.db
      .selectFrom('incidents')
      .selectAll()
      .where('kind', '=', 'RECEIPT_GAP')
      .where('resolved_at', 'is', null)
      .execute();
    expect(still).toHaveLength(0);
  });

  it('finds a sale by its receipt code and by register and number', async () => {
    const doc = aSaleDocument(h, next(), [{ item: beans }]);
    await h.call('POST', '/api/v1/sales', doc);
    const byCode = await h.call('GET', `/api/v1/sales/lookup?code=${doc.id.replaceAll('-', '')}`);
    expect(byCode.json().id).toBe(doc.id);
    const byNumber = await h.call(
      'GET',
      `/api/v1/sales/lookup?registerId=${h.registerId}&receiptNumber=${doc.receiptNumber}`,
    );
    expect(byNumber.json().id).toBe(doc.id);
    expect((await h.call('GET', `/api/v1/sales/lookup?code=nothing`)).statusCode).toBe(404);
  });

  it('keeps history immutable in the database itself', async () => {
    const id = (await h.database.db.selectFrom('sales').select('id').executeTakeFirstOrThrow()).id;
    await expect(sql`update sales set total = 1 where id = ${id}`.execute(h.database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from sales where id = ${id}`.execute(h.database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`update journal_entries set payload = '{}'`.execute(h.database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from journal_entries`.execute(h.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from stock_movements`.execute(h.database.db)).rejects.toThrow(/append-only/);
    await expect(
      sql`update sale_lines set total = 0 where sale_id = ${id}`.execute(h.database.db),
    ).rejects.toThrow(/returned quantity/);
  });

  it('pages through the journal and the stock movements without skipping or repeating', async () => {
    for (const url of ['/api/v1/journal', `/api/v1/stock/movements?storeId=${h.storeId}`]) {
      const all = (await h.call('GET', `${url}${url.includes('?') ? '&' : '?'}limit=200`))
        .json()
        .items.map((e: { id: string }) => e.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const sep = url.includes('?') ? '&' : '?';
        const page: { items: Array<{ id: string }>; nextCursor: string | null } = (
          await h.call('GET', `${url}${sep}limit=3${cursor ? `&cursor=${cursor}` : ''}`)
        ).json();
        seen.push(...page.items.map((e: { id: string }) => e.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(all.length).toBeGreaterThan(3);
      expect(seen).toEqual(all);
    }
  });

  it('lists sales newest first by business day and kind', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const res = await h.call('GET', `/api/v1/sales?limit=3&kind=sale&from=2000-01-01&to=2100-01-01`);
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page.items).toHaveLength(3);
    expect(page.nextCursor).toBeTruthy();
    const ids = page.items.map((s: { id: string }) => s.id);
    expect([...ids].sort().reverse()).toEqual(ids);
    const nextPage = await h.call('GET', `/api/v1/sales?limit=3&kind=sale&cursor=${page.nextCursor}`);
    expect(nextPage.json().items[0].id < ids[2]).toBe(true);
    expect(today).toMatch(/^\d{4}-/);
  });
  it('keeps each line’s note and who sold it, in the answer and when the sale is read back', async () => {
    const doc = aSaleDocument(h, next(), [{ item: mug }, { item: beans }], { cashTendered: 5000 });
    const soldBy = uuidv7();
    doc.lines[0] = { ...doc.lines[0]!, note: 'Cadeau: prijs eraf halen', soldByStaffId: soldBy };
    const res = await h.call('POST', '/api/v1/sales', doc);
    expect(res.statusCode).toBe(201);
    const read = await h.call('GET', `/api/v1/sales/${doc.id}`);
    for (const sale of [res.json(), read.json()]) {
      expect(
        sale.lines.map((l: { note: string | null; soldByStaffId: string | null }) => [
          l.note,
          l.soldByStaffId,
        ]),
      ).toEqual([
        ['Cadeau: prijs eraf halen', soldBy],
        [null, doc.staffId ?? null],
      ]);
    }
  });
});
