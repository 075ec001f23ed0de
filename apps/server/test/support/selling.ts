import type { SaleDocument } from '@kassa/contracts';
import { CASH_ROUNDING_RULES, calculateSale } from '@kassa/domain';
import { buildApp, type App } from '../../src/app.ts';
import type { MailSettings } from '../../src/modules/receipts/index.ts';
import type { DialectName } from '../../src/db/database.ts';
import { uuidv7 } from '../../src/lib/uuidv7.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';
import { aDutchShop, type ShopScenario } from './scenarios.ts';

export interface SellableVariant {
  productId: string;
  variantId: string;
  price: number;
  taxes: Array<{ code: string; rateBp: number }>;
  description: string;
}

export interface SellingHarness {
  database: TestDatabase;
  app: App;
  shop: ShopScenario;
  storeId: string;
  registerId: string;
  call(
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    body?: unknown,
    token?: string,
  ): Promise<Awaited<ReturnType<App['inject']>>>;
  /** Creates a one-variant product through the API and returns what a register needs to sell it. */
  aSellable(options?: {
    price?: number;
    taxClass?: 'standard' | 'reduced' | 'zero';
    name?: string;
    unit?: 'piece' | 'weight';
  }): Promise<SellableVariant>;
  close(): Promise<void>;
}

const RATES = {
  standard: [{ code: 'NL-21', rateBp: 2100 }],
  reduced: [{ code: 'NL-9', rateBp: 900 }],
  zero: [{ code: 'NL-0', rateBp: 0 }],
};
let skuCounter = 0;

/** A Dutch shop on a fresh database of the dialect, an app on it, and helpers to sell. */
export async function startSelling(
  dialect: DialectName,
  options: { poolSize?: number; onQuery?: (sql: string, durationMs: number) => void; mail?: MailSettings | null } = {},
): Promise<SellingHarness> {
  const database = await createTestDatabase(dialect, options);
  const shop = await aDutchShop(database.db);
  const app = await buildApp({ config: { logLevel: 'silent', bodyLimit: 1024 * 1024 }, database, mail: options.mail });
  const call: SellingHarness['call'] = (method, url, body, token = shop.ownerToken) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  return {
    database,
    app,
    shop,
    storeId: shop.stores[0]!.id,
    registerId: shop.stores[0]!.registerIds[0]!,
    call,
    async aSellable({ price = 1295, taxClass = 'standard', name = 'Mok Strand', unit = 'piece' } = {}) {
      skuCounter++;
      const res = await call('POST', '/api/v1/products', {
        name,
        taxClass,
        unit,
        variants: [{ sku: `SELL-${skuCounter}-${uuidv7().slice(-6)}`, price }],
      });
      if (res.statusCode !== 201) throw new Error(`product create failed: ${res.body}`);
      const product = res.json();
      return {
        productId: product.id,
        variantId: product.variants[0].id,
        price,
        taxes: RATES[taxClass],
        description: name,
      };
    },
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

export interface LineSpec {
  item: SellableVariant;
  quantity?: number;
  quantityMilli?: number;
  unitPrice?: number;
  returnOf?: { saleId: string; lineId: string };
}

/**
 * A sale document as a register would send it, with the claimed totals
 * computed by the domain core (as the register does). `cash`/`card` pick the
 * tender; cash defaults to the exact rounded amount.
 */
export function aSaleDocument(
  h: Pick<SellingHarness, 'storeId' | 'registerId'>,
  receiptNumber: number,
  lines: LineSpec[],
  options: {
    kind?: SaleDocument['kind'];
    tender?: 'cash' | 'card';
    cashTendered?: number;
    id?: string;
    deviceTime?: string;
    reasonCode?: string;
    originalSaleId?: string;
  } = {},
): SaleDocument {
  const docLines = lines.map((l, i) => ({
    id: `line-${i + 1}`,
    variantId: l.item.variantId,
    description: l.item.description,
    ...(l.quantityMilli !== undefined ? { quantityMilli: l.quantityMilli } : { quantity: l.quantity ?? 1 }),
    unitPrice: l.unitPrice ?? l.item.price,
    taxes: l.item.taxes,
    ...(l.returnOf ? { returnOf: l.returnOf } : {}),
  }));
  const context = {
    currency: 'EUR',
    pricesIncludeTax: true,
    taxRounding: 'perDocument' as const,
    cashRounding: CASH_ROUNDING_RULES.nearest5,
  };
  const bare = calculateSale({ currency: 'EUR', lines: docLines }, context);
  if (!bare.ok) throw new Error(`test sale does not calculate: ${bare.error.message}`);
  const total = bare.value.total;
  const tender = options.tender ?? 'cash';
  const tenders =
    tender === 'card'
      ? [{ type: 'card' as const, amount: total }]
      : [
          {
            type: 'cash' as const,
            tendered: options.cashTendered ?? bare.value.cashIfPaidInCash.roundedTotal,
          },
        ];
  const paid = calculateSale({ currency: 'EUR', lines: docLines, tenders }, context);
  if (!paid.ok) throw new Error(`test tenders do not settle: ${paid.error.message}`);
  return {
    id: options.id ?? uuidv7(),
    kind: options.kind ?? (total < 0 ? 'return' : 'sale'),
    storeId: h.storeId,
    registerId: h.registerId,
    receiptNumber,
    currency: 'EUR',
    deviceTime: options.deviceTime ?? new Date().toISOString(),
    lines: docLines,
    tenders,
    ...(options.reasonCode ? { reasonCode: options.reasonCode } : {}),
    ...(options.originalSaleId ? { originalSaleId: options.originalSaleId } : {}),
    totals: {
      total,
      taxTotal: paid.value.taxTotal,
      rounding: paid.value.payment!.cashRounding,
      change: paid.value.payment!.change,
    },
  };
}
