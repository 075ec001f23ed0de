import type { SaleDocument } from '@kassa/contracts';
import { CASH_ROUNDING_RULES, calculateSale, roundCash, type Tender } from '@kassa/domain';
import { uuidv7 } from '../../src/lib/uuidv7.ts';
import type { SellableVariant, SellingHarness } from './selling.ts';

export interface DocLine {
  item: SellableVariant;
  quantity: number;
  discountBp?: number;
  returnOf?: { saleId: string; lineId: string };
}

export type TenderPlan = Array<{ type: 'cash' } | { type: 'card' | 'custom'; share: number; name?: string }>;

const CONTEXT = { currency: 'EUR', pricesIncludeTax: true, taxRounding: 'perDocument' as const, cashRounding: CASH_ROUNDING_RULES.nearest5 };

/**
 * A register's document with any mix of line discounts, an order discount and tenders: non-cash
 * tenders take `share`‰ of the total each, cash pays the rest (rounded, with change when `overpay`).
 */
export function aShiftDocument(
  h: Pick<SellingHarness, 'storeId' | 'registerId'>,
  receiptNumber: number,
  lines: DocLine[],
  options: { shiftId?: string | null; kind?: SaleDocument['kind']; orderDiscountBp?: number; tenders?: TenderPlan; overpay?: number; deviceTime?: string } = {},
): SaleDocument {
  const docLines = lines.map((l, i) => ({
    id: `line-${i + 1}`,
    variantId: l.item.variantId,
    description: l.item.description,
    quantity: l.quantity,
    unitPrice: l.item.price,
    taxes: l.item.taxes,
    ...(l.discountBp ? { lineDiscount: { kind: 'percent' as const, bp: l.discountBp } } : {}),
    ...(l.returnOf ? { returnOf: l.returnOf } : {}),
  }));
  const orderDiscount = options.orderDiscountBp ? { kind: 'percent' as const, bp: options.orderDiscountBp } : undefined;
  const bare = calculateSale({ currency: 'EUR', lines: docLines, ...(orderDiscount ? { orderDiscount } : {}) }, CONTEXT);
  if (!bare.ok) throw new Error(bare.error.message);
  const total = bare.value.total;
  const plan = options.tenders ?? [{ type: 'cash' }];
  let left = total;
  const tenders: Array<SaleDocument['tenders'][number]> = [];
  for (const t of plan) {
    if (t.type === 'cash') continue;
    const amount = Math.trunc((total * t.share) / 1000);
    left -= amount;
    tenders.push({ type: t.type, amount, ...(t.name ? { name: t.name } : {}) });
  }
  if (plan.some((t) => t.type === 'cash') || tenders.length === 0) {
    const cashDue = roundCash(left, CASH_ROUNDING_RULES.nearest5);
    tenders.push({ type: 'cash', tendered: cashDue + (total >= 0 ? (options.overpay ?? 0) : 0) });
  } else if (left !== 0) {
    const last = tenders[tenders.length - 1] as { amount: number };
    last.amount += left;
  }
  const paid = calculateSale({ currency: 'EUR', lines: docLines, ...(orderDiscount ? { orderDiscount } : {}), tenders: tenders as Tender[] }, CONTEXT);
  if (!paid.ok) throw new Error(`tenders do not settle: ${paid.error.message} ${JSON.stringify(paid.error.details)}`);
  return {
    id: uuidv7(),
    kind: options.kind ?? (total < 0 ? 'return' : 'sale'),
    storeId: h.storeId,
    registerId: h.registerId,
    receiptNumber,
    currency: 'EUR',
    deviceTime: options.deviceTime ?? new Date().toISOString(),
    ...(options.shiftId !== undefined ? { shiftId: options.shiftId } : {}),
    lines: docLines,
    ...(orderDiscount ? { orderDiscount } : {}),
    tenders,
    totals: { total, taxTotal: paid.value.taxTotal, rounding: paid.value.payment!.cashRounding, change: paid.value.payment!.change },
  };
}

/** Opens a shift through the API with a EUR float by denomination. */
export async function openShiftFor(h: SellingHarness, options: { denominations?: Array<{ value: number; count: number }>; deviceTime?: string; registerId?: string } = {}) {
  const res = await h.call('POST', `/api/v1/registers/${options.registerId ?? h.registerId}/shifts`, {
    id: uuidv7(),
    deviceTime: options.deviceTime ?? new Date().toISOString(),
    float: { denominations: options.denominations ?? [{ value: 1000, count: 5 }, { value: 200, count: 10 }, { value: 50, count: 20 }] },
  });
  if (res.statusCode !== 201) throw new Error(`open shift failed: ${res.body}`);
  return res.json() as { id: string; openingFloat: number; openingDiscrepancy: number | null };
}
