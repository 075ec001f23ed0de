import { createHash, randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type pg from 'pg';

// The floor: the same rows a recorded sale writes (sale, 3 lines, 1 tax row,
// 1 tender, 3 movements, 3 level upserts, journal head + entry), written
// directly with the driver, no HTTP, no validation, no domain arithmetic.

export interface RawContext {
  organisationId: string;
  storeId: string;
  registerId: string;
  /** The shop's assortment: each sale takes three of them (saleItems). */
  variantIds: string[];
}

/**
 * The three items of sale n, drawn from the assortment (the same for the floor's writes and for
 * Kassa's sales, so both write the same rows), in a fixed order (row locks on the stock levels are
 * taken in one order, as Kassa does). An assortment of three: every sale sells the same three.
 */
export function saleItems<T>(assortment: readonly T[], n: number): T[] {
  const picked = new Set<number>();
  let x = (n * 2654435761) >>> 0;
  while (picked.size < Math.min(3, assortment.length)) {
    x = (Math.imul(x ^ (x >>> 15), 2246822507) + 1013904223) >>> 0;
    picked.add(x % assortment.length);
  }
  return [...picked].sort((a, b) => a - b).map((i) => assortment[i]!);
}

function rows(ctx: RawContext, n: number) {
  const variantIds = saleItems(ctx.variantIds, n).sort();
  const id = randomUUID();
  const now = new Date().toISOString();
  const hash = createHash('sha256').update(id).digest('hex');
  const sale = [
    id,
    ctx.organisationId,
    ctx.storeId,
    ctx.registerId,
    'sale',
    n,
    hash,
    'EUR',
    3000,
    0,
    300,
    3000,
    0,
    3000,
    0,
    null,
    null,
    null,
    null,
    null,
    now,
    now,
    '2026-11-27',
    'Europe/Amsterdam',
    '[]',
    0,
    n,
    hash,
    '{"id":"x"}',
  ];
  const lines = variantIds.map((v, i) => [
    id,
    i + 1,
    `l${i}`,
    v,
    'Item',
    1000,
    0,
    1000,
    null,
    0,
    0,
    1000,
    826,
    174,
    null,
    null,
    null,
    0,
  ]);
  const movements = variantIds.map((v) => [
    randomUUID(),
    ctx.organisationId,
    ctx.storeId,
    v,
    'sale',
    -1000,
    null,
    id,
    null,
    now,
    now,
  ]);
  return { id, now, hash, sale, lines, movements, variantIds };
}

const SALE_SQL = (p: (i: number) => string) =>
  `insert into sales (id, organisation_id, store_id, register_id, kind, receipt_number, request_hash, currency, subtotal, discount_total, tax_total, total, rounding, paid_total, change_total, staff_id, customer_id, original_sale_id, reason_code, note, device_time, received_at, business_day, time_zone, flags, flagged, journal_seq, journal_hash, document) values (${Array.from({ length: 29 }, (_, i) => p(i + 1)).join(',')})`;
const LINE_COLS =
  'sale_id, line_no, line_id, variant_id, description, quantity_milli, weighed, unit_price, catalogue_unit_price, line_discount, order_discount, total, net, tax, sold_by_staff_id, original_sale_id, original_line_id, returned_quantity_milli';
const MOVE_COLS =
  'id, organisation_id, store_id, variant_id, kind, quantity_milli, reason, document_id, staff_id, occurred_at, recorded_at';

function placeholders(rowCount: number, width: number, p: (i: number) => string): string {
  return Array.from(
    { length: rowCount },
    (_, r) => `(${Array.from({ length: width }, (_, c) => p(r * width + c + 1)).join(',')})`,
  ).join(',');
}

/** Prepared statements for the SQLite floor. */
export function sqliteWriter(db: Database.Database, ctx: RawContext) {
  const q = () => '?';
  const stmts = {
    sale: db.prepare(SALE_SQL(q)),
    lines: db.prepare(`insert into sale_lines (${LINE_COLS}) values ${placeholders(3, 18, q)}`),
    tax: db.prepare('insert into sale_taxes (sale_id, code, rate_bp, base, tax, gross) values (?,?,?,?,?,?)'),
    tender: db.prepare(
      'insert into sale_tenders (sale_id, position, type, amount, tendered, change, reference, details) values (?,?,?,?,?,?,?,?)',
    ),
    moves: db.prepare(`insert into stock_movements (${MOVE_COLS}) values ${placeholders(3, 11, q)}`),
    levels: db.prepare(
      'insert into stock_levels (store_id, variant_id, on_hand_milli, updated_at) values (?,?,?,?),(?,?,?,?),(?,?,?,?) on conflict (store_id, variant_id) do update set on_hand_milli = stock_levels.on_hand_milli + excluded.on_hand_milli',
    ),
    headInit: db.prepare(
      "insert into journal_heads (chain_id, organisation_id, seq, hash, updated_at) values (?,?,0,'0',?) on conflict do nothing",
    ),
    head: db.prepare('select seq, hash from journal_heads where chain_id = ?'),
    entry: db.prepare(
      'insert into journal_entries (id, chain_id, seq, organisation_id, store_id, register_id, kind, document_id, occurred_at, recorded_at, payload, previous_hash, hash) values (?,?,?,?,?,?,?,?,?,?,?,?,?)',
    ),
    headSet: db.prepare('update journal_heads set seq = ?, hash = ?, updated_at = ? where chain_id = ?'),
  };
  const chain = `raw:${ctx.registerId}`;
  const write = db.transaction((n: number) => {
    const r = rows(ctx, n);
    stmts.headInit.run(chain, ctx.organisationId, r.now);
    const head = stmts.head.get(chain) as { seq: number; hash: string };
    stmts.entry.run(
      randomUUID(),
      chain,
      head.seq + 1,
      ctx.organisationId,
      ctx.storeId,
      ctx.registerId,
      'sale.completed',
      r.id,
      r.now,
      r.now,
      '{}',
      head.hash,
      r.hash,
    );
    stmts.headSet.run(head.seq + 1, r.hash, r.now, chain);
    stmts.moves.run(...r.movements.flat());
    stmts.levels.run(...r.variantIds.flatMap((v) => [ctx.storeId, v, -1000, r.now]));
    stmts.sale.run(...r.sale);
    stmts.lines.run(...r.lines.flat());
    stmts.tax.run(r.id, 'NL-21', 2100, 2479, 521, 3000);
    stmts.tender.run(r.id, 1, 'card', 3000, null, 0, null, '{}');
  });
  return (n: number) => write(n);
}

/** The same writes on one pg client inside one transaction. */
export async function pgWrite(client: pg.PoolClient, ctx: RawContext, n: number): Promise<void> {
  const d = (i: number) => `$${i}`;
  const r = rows(ctx, n);
  const chain = `raw:${ctx.registerId}`;
  await client.query('begin');
  try {
    await client.query(
      "insert into journal_heads (chain_id, organisation_id, seq, hash, updated_at) values ($1,$2,0,'0',$3) on conflict do nothing",
      [chain, ctx.organisationId, r.now],
    );
    const head = (
      await client.query('select seq, hash from journal_heads where chain_id = $1 for update', [chain])
    ).rows[0] as { seq: number; hash: string };
    await client.query(
      'insert into journal_entries (id, chain_id, seq, organisation_id, store_id, register_id, kind, document_id, occurred_at, recorded_at, payload, previous_hash, hash) values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)',
      [
        randomUUID(),
        chain,
        Number(head.seq) + 1,
        ctx.organisationId,
        ctx.storeId,
        ctx.registerId,
        'sale.completed',
        r.id,
        r.now,
        r.now,
        '{}',
        head.hash,
        r.hash,
      ],
    );
    await client.query('update journal_heads set seq = $1, hash = $2, updated_at = $3 where chain_id = $4', [
      Number(head.seq) + 1,
      r.hash,
      r.now,
      chain,
    ]);
    await client.query(
      `insert into stock_movements (${MOVE_COLS}) values ${placeholders(3, 11, d)}`,
      r.movements.flat(),
    );
    await client.query(
      'insert into stock_levels (store_id, variant_id, on_hand_milli, updated_at) values ($1,$2,$3,$4),($5,$6,$7,$8),($9,$10,$11,$12) on conflict (store_id, variant_id) do update set on_hand_milli = stock_levels.on_hand_milli + excluded.on_hand_milli',
      r.variantIds.flatMap((v) => [ctx.storeId, v, -1000, r.now]),
    );
    await client.query(SALE_SQL(d), r.sale);
    await client.query(
      `insert into sale_lines (${LINE_COLS}) values ${placeholders(3, 18, d)}`,
      r.lines.flat(),
    );
    await client.query(
      'insert into sale_taxes (sale_id, code, rate_bp, base, tax, gross) values ($1,$2,$3,$4,$5,$6)',
      [r.id, 'NL-21', 2100, 2479, 521, 3000],
    );
    await client.query(
      'insert into sale_tenders (sale_id, position, type, amount, tendered, change, reference, details) values ($1,$2,$3,$4,$5,$6,$7,$8)',
      [r.id, 1, 'card', 3000, null, 0, null, '{}'],
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}
