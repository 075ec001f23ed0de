import { CASH_ROUNDING_RULES, calculateSale, type CashRoundingRule, type SaleTotals } from '@kassa/domain';
import type { SaleDocument } from '@kassa/contracts';
import { failure, type Outcome } from '../../http/errors.ts';
import type { SaleContext } from './load-sale-context.ts';

const RULES: CashRoundingRule[] = Object.values(CASH_ROUNDING_RULES);

/** The store's cash rounding rule by its stored name; an unknown name is a configuration bug. */
export function cashRuleNamed(name: string): CashRoundingRule {
  const rule = RULES.find((r) => r.name === name);
  if (!rule) throw new Error(`Unknown cash rounding rule "${name}" in store settings`);
  return rule;
}

/** Signed quantity in thousandths: pieces × 1000, weighed items as given. */
export function quantityMilliOf(line: SaleDocument['lines'][number]): number {
  return line.quantityMilli ?? (line.quantity ?? 0) * 1000;
}

/**
 * A price the cashier changed: a unit price other than the catalogue's, unless it was read from the
 * item's price label (a weighed-and-priced pack: the label is the price, nobody overrode anything).
 */
export function overridesPrice(line: SaleDocument['lines'][number]): boolean {
  return line.originalUnitPrice !== undefined && line.originalUnitPrice !== line.unitPrice && line.priceFromLabel !== true;
}

function lineFailure(index: number, code: string, message: string, extra: Record<string, unknown> = {}) {
  return { ok: false as const, error: failure(code, message, { field: `lines[${index}]`, ...extra }) };
}

/** Structural rules the schema cannot express: quantities, unknown items, return references, sign by kind. */
export function checkLines(doc: SaleDocument, context: SaleContext): Outcome<null> {
  for (const [index, line] of doc.lines.entries()) {
    if ((line.quantity === undefined) === (line.quantityMilli === undefined)) {
      return lineFailure(
        index,
        'SALES_INVALID_LINE',
        `Line ${line.id}: give exactly one of quantity (pieces) or quantityMilli (weighed).`,
      );
    }
    if (quantityMilliOf(line) === 0)
      return lineFailure(
        index,
        'SALES_INVALID_LINE',
        `Line ${line.id}: the quantity is 0; remove the line instead.`,
      );
    const negative = quantityMilliOf(line) < 0;
    if (doc.kind === 'sale' && negative)
      return lineFailure(
        index,
        'SALES_INVALID_LINE',
        `Line ${line.id}: a sale cannot have negative quantities; record a return or an exchange.`,
      );
    if (doc.kind === 'return' && !negative)
      return lineFailure(
        index,
        'SALES_INVALID_LINE',
        `Line ${line.id}: return lines have negative quantities.`,
      );
    if (line.returnOf && !negative)
      return lineFailure(
        index,
        'SALES_INVALID_LINE',
        `Line ${line.id}: only a line with a negative quantity can return an original line.`,
      );
    if (line.variantId === null) {
      if (!line.unknownItem) {
        return lineFailure(
          index,
          'SALES_UNKNOWN_ITEM_NOT_MARKED',
          `Line ${line.id} has no variant: mark it as an unknown item (unknownItem: true) or pick a product.`,
        );
      }
      continue;
    }
    const variant = context.variants.get(line.variantId);
    if (!variant)
      return lineFailure(
        index,
        'SALES_UNKNOWN_VARIANT',
        `Line ${line.id}: variant ${line.variantId} is not in the catalogue. Sell it as an unknown item instead.`,
        { variantId: line.variantId },
      );
    if (line.quantityMilli !== undefined && variant.unit !== 'weight') {
      return lineFailure(
        index,
        'SALES_INVALID_LINE',
        `Line ${line.id}: ${line.description} is sold per piece; send quantity, not quantityMilli.`,
      );
    }
  }
  return { ok: true, value: null };
}

/** Return lines against a receipt: the original must exist, match, and still have enough left to return. */
export function checkReturnLines(doc: SaleDocument, context: SaleContext): Outcome<null> {
  const wanted = new Map<string, number>();
  for (const [index, line] of doc.lines.entries()) {
    if (!line.returnOf) continue;
    const key = `${line.returnOf.saleId}|${line.returnOf.lineId}`;
    const original = context.originalLines.get(key);
    if (!original) {
      return lineFailure(
        index,
        'SALES_ORIGINAL_NOT_FOUND',
        `Line ${line.id} returns line ${line.returnOf.lineId} of sale ${line.returnOf.saleId}, which does not exist. Scan the receipt again.`,
      );
    }
    if (original.variantId !== line.variantId) {
      return lineFailure(
        index,
        'SALES_RETURN_LINE_MISMATCH',
        `Line ${line.id} returns another item than the original line sold.`,
        { originalVariantId: original.variantId },
      );
    }
    const total = (wanted.get(key) ?? 0) + Math.abs(quantityMilliOf(line));
    wanted.set(key, total);
    const left = Math.abs(original.quantityMilli) - original.returnedQuantityMilli;
    if (total > left) {
      return lineFailure(
        index,
        'SALES_RETURN_EXCEEDS_SOLD',
        `Line ${line.id}: only ${left / 1000} of this item can still be returned (sold ${Math.abs(original.quantityMilli) / 1000}, returned ${original.returnedQuantityMilli / 1000}).`,
        {
          returnableMilli: left,
          requestedMilli: total,
        },
      );
    }
  }
  return { ok: true, value: null };
}

/** Recomputes the document with the domain core and names every figure that differs from what the register claimed. */
export function checkArithmetic(doc: SaleDocument, context: SaleContext): Outcome<SaleTotals> {
  const calculated = calculateSale(
    {
      currency: doc.currency,
      lines: doc.lines.map((l) => ({
        id: l.id,
        ...(l.quantity !== undefined ? { quantity: l.quantity } : { quantityMilli: l.quantityMilli! }),
        unitPrice: l.unitPrice,
        ...(l.originalUnitPrice !== undefined ? { originalUnitPrice: l.originalUnitPrice } : {}),
        taxes: l.taxes,
        ...(l.lineDiscount ? { lineDiscount: l.lineDiscount } : {}),
      })),
      ...(doc.orderDiscount ? { orderDiscount: doc.orderDiscount } : {}),
      tenders: doc.tenders.map((t) =>
        t.type === 'cash'
          ? { type: 'cash' as const, tendered: t.tendered }
          : { type: t.type, amount: t.amount },
      ),
    },
    {
      currency: context.store.currency,
      pricesIncludeTax: context.store.pricesIncludeTax,
      taxRounding: context.store.taxRounding,
      cashRounding: cashRuleNamed(context.store.cashRounding),
    },
  );
  if (!calculated.ok) {
    return {
      ok: false,
      error: failure('SALES_CALCULATION_REFUSED', `The sale does not add up: ${calculated.error.message}.`, {
        reason: calculated.error.code,
        ...calculated.error.details,
      }),
    };
  }
  const totals = calculated.value;
  const payment = totals.payment!;
  const computed = {
    total: totals.total,
    taxTotal: totals.taxTotal,
    rounding: payment.cashRounding,
    change: payment.change,
  };
  const differences = (Object.keys(computed) as Array<keyof typeof computed>)
    .filter((field) => computed[field] !== doc.totals[field])
    .map((field) => ({ field: `totals.${field}`, claimed: doc.totals[field], computed: computed[field] }));
  if (differences.length > 0) {
    const list = differences
      .map((d) => `${d.field} is ${d.claimed}, the lines make it ${d.computed}`)
      .join('; ');
    return {
      ok: false,
      error: failure(
        'SALES_ARITHMETIC_MISMATCH',
        `The figures do not add up: ${list}. Recalculate the sale on the register.`,
        { differences },
      ),
    };
  }
  return { ok: true, value: totals };
}
