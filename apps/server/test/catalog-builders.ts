import type { CreateProductBody, VariantInput } from '@kassa/contracts';
import { buildApp, type App } from '../src/app.ts';
import { gtinCheckDigit } from '../src/modules/catalog/index.ts';
import { createTestDatabase, type TestDatabase } from './support/databases.ts';
import { aDutchShop, type ShopScenario } from './support/scenarios.ts';
import type { DialectName } from '../src/db/database.ts';

// Builders and a harness for the catalogue tests (catalog*.test.ts).

let ean = 100_000;

/** A fresh, valid EAN-13 (prefix 871 = Netherlands) with its correct check digit. */
export function anEan13(): string {
  const body = `871${String(ean++).padStart(9, '0')}`;
  return body + String(gtinCheckDigit(body));
}

/** The same EAN-13 with a wrong check digit, and the digit that would be right. */
export function withWrongCheckDigit(code: string): { code: string; expected: number } {
  const expected = Number(code.at(-1));
  return { code: code.slice(0, -1) + String((expected + 1) % 10), expected };
}

let sku = 0;

/** A variant with a unique SKU and barcode; override what the test is about. */
export function aVariant(overrides: Partial<VariantInput> = {}): VariantInput {
  sku += 1;
  return { sku: `SKU-${sku}`, price: 1295, barcodes: [anEan13()], ...overrides };
}

/** A one-variant product; override what the test is about. */
export function aProduct(overrides: Partial<CreateProductBody> = {}): CreateProductBody {
  return { name: 'Mok Strand 350 ml', taxClass: 'standard', variants: [aVariant()], ...overrides };
}

export interface CatalogHarness {
  database: TestDatabase;
  app: App;
  shop: ShopScenario;
  /** Authorised request as the owner (or with `token`). */
  call(
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Awaited<ReturnType<App['inject']>>>;
  close(): Promise<void>;
}

/** A migrated database of the dialect with the Dutch shop, and an app on it. */
export async function startCatalog(dialect: DialectName): Promise<CatalogHarness> {
  const database = await createTestDatabase(dialect);
  const shop = await aDutchShop(database.db);
  const app = await buildApp({ config: { logLevel: 'silent', bodyLimit: 4 * 1024 * 1024 }, database });
  return {
    database,
    app,
    shop,
    call: async (method, url, body, headers = {}) =>
      app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${shop.ownerToken}`, ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
