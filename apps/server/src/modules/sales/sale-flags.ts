import type { SaleDocument } from '@kassa/contracts';
import type { LevelAfter } from '../inventory/index.ts';
import type { SaleContext } from './load-sale-context.ts';

export interface SaleFlag {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

const FUTURE_TOLERANCE_MS = 5 * 60_000;
const PAST_TOLERANCE_MS = 30 * 24 * 3600_000;

function sameTaxes(
  a: Array<{ code: string; rateBp: number }>,
  b: Array<{ code: string; rateBp: number }>,
): boolean {
  const key = (t: Array<{ code: string; rateBp: number }>) =>
    t
      .map((x) => `${x.code}:${x.rateBp}`)
      .sort()
      .join(',');
  return key(a) === key(b);
}

/**
 * What the manager should look at, without refusing the sale (ARCHITECTURE.md
 * decision 3: the register is the truth of what happened at the till; the
 * customer paid this price).
 */
export function flagsForDocument(doc: SaleDocument, context: SaleContext, receivedAt: string): SaleFlag[] {
  const flags: SaleFlag[] = [];
  for (const line of doc.lines) {
    if (line.variantId === null) {
      flags.push({
        code: 'UNKNOWN_ITEM',
        message: `"${line.description}" was sold as an unknown item: add it to the catalogue.`,
        details: { lineId: line.id },
      });
      continue;
    }
    const variant = context.variants.get(line.variantId);
    if (!variant) continue;
    const registerCatalogPrice = line.originalUnitPrice ?? line.unitPrice;
    if (registerCatalogPrice !== variant.price) {
      flags.push({
        code: 'PRICE_DEVIATION',
        message: `"${line.description}" was sold at a catalogue price of ${registerCatalogPrice}, the catalogue says ${variant.price}: the register may have had an old price.`,
        details: {
          lineId: line.id,
          variantId: variant.id,
          registerPrice: registerCatalogPrice,
          cataloguePrice: variant.price,
        },
      });
    }
    if (!sameTaxes(line.taxes, variant.taxes)) {
      flags.push({
        code: 'TAX_RATE_DEVIATION',
        message: `"${line.description}" was taxed with other rates than the catalogue's.`,
        details: { lineId: line.id, registerTaxes: line.taxes, catalogueTaxes: variant.taxes },
      });
    }
  }
  const skew = Date.parse(doc.deviceTime) - Date.parse(receivedAt);
  if (skew > FUTURE_TOLERANCE_MS || skew < -PAST_TOLERANCE_MS) {
    flags.push({
      code: 'DEVICE_TIME_SKEW',
      message: `The register's clock said ${doc.deviceTime} when the server received the sale at ${receivedAt}: check the device's date and time.`,
      details: { skewMs: skew },
    });
  }
  return flags;
}

/** Negative stock after the sale: allowed (the goods left the shop), flagged for a count. */
export function flagsForStock(levels: LevelAfter[]): SaleFlag[] {
  return levels
    .filter((l) => l.onHandMilli < 0)
    .map((l) => ({
      code: 'NEGATIVE_STOCK',
      message: `Stock of variant ${l.variantId} is now ${l.onHandMilli / 1000}: count it.`,
      details: { variantId: l.variantId, storeId: l.storeId, onHandMilli: l.onHandMilli },
    }));
}
