import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DEFAULT_SEARCH_MEMORY_MB, type Config } from './config.ts';
import type { Database } from './db/database.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import { uuidv7 } from './lib/uuidv7.ts';
import { registerErrorHandling } from './http/error-handler.ts';
import { registerOpenApi } from './http/openapi.ts';
import { registerHealthRoutes } from './http/health.routes.ts';
import { registerRegisterStatic } from './http/register-static.ts';
import { registerCaDownload } from './http/ca-download.ts';
import { loggerOptions } from './http/logger.ts';
import { registerApiTokenRoutes, registerAuth, registerAuthRoutes, registerDeviceRoutes, type AuthSettings } from './modules/auth/index.ts';
import { registerStaffModule } from './modules/staff/index.ts';
import { registerStoreRoutes } from './modules/stores/index.ts';
import { SearchMemory, registerCatalogRoutes } from './modules/catalog/index.ts';
import { registerJournalRoutes } from './modules/journal/index.ts';
import { registerInventoryRoutes } from './modules/inventory/index.ts';
import { registerSalesRoutes } from './modules/sales/index.ts';
import { registerSyncRoutes } from './modules/sync/index.ts';
import { registerPaymentRoutes, paymentSettingsFromEnv, type PaymentSettings } from './modules/payments/index.ts';
import { registerCashRoutes, registerTenderRoutes } from './modules/cash/index.ts';
import { mailSettingsFromEnv, registerReceiptRoutes, type MailSettings } from './modules/receipts/index.ts';
import { registerDemoRoutes } from './demo/index.ts';

export interface AppDeps {
  /** `tls`: serve HTTPS with this certificate; `caCertificateFile`: the local CA offered at /kassa-ca.crt (http/ca-download.ts). */
  config: Pick<Config, 'logLevel' | 'bodyLimit' | 'tls' | 'trustProxy' | 'searchMemoryMb'> & {
    caCertificateFile?: string | null;
  };
  database: Database;
  clock?: Clock;
  /** Pepper and session timeouts (modules/auth/context.ts); defaults load the pepper from KASSA_SECRET or ./data/kassa-secret. */
  security?: Partial<AuthSettings>;
  /** Card terminal timeouts and adapters (modules/payments); default: from KASSA_PAYMENT_* variables. Tests pass small timeouts. */
  payments?: PaymentSettings;
  /** SMTP for e-mailed receipts; default: from KASSA_SMTP_URL. The routes only say whether it is there (the worker sends). */
  mail?: MailSettings | null;
  /** Catalogue search's memory when the caller owns it (the bench waits for it to be built); default: one of config.searchMemoryMb. */
  searchMemory?: SearchMemory;
  /** Demo mode (`kassa start --demo`) only: the demo shop, whose register the enrol screen may enrol in one tap (demo/demo.routes.ts). */
  demo?: { organisationId: string } | null;
}

export type App = FastifyInstance;

/** What every module's routes receive: the database and the clock, nothing global. */
export interface ModuleDeps {
  database: Database;
  clock: Clock;
}

/** A list of proxy addresses, or "trust the nearest n hops" (what Fastify does for a number at run time). */
function trustProxyOption(value: string[] | number): string[] | ((address: string, hop: number) => boolean) {
  return typeof value === 'number' ? (_address, hop) => hop < value : value;
}

/**
 * Builds the HTTP application without listening (tests use `inject()`;
 * server.ts listens). The database is owned by the caller.
 */
export async function buildApp(deps: AppDeps): Promise<App> {
  const clock = deps.clock ?? systemClock;
  let shuttingDown = false;
  const app = Fastify({
    logger: loggerOptions(deps.config.logLevel),
    bodyLimit: deps.config.bodyLimit,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : uuidv7();
    },
    requestIdHeader: false,
    forceCloseConnections: 'idle',
    // Behind a reverse proxy (KASSA_TRUST_PROXY): request.ip is the client's address from X-Forwarded-For.
    ...(deps.config.trustProxy ? { trustProxy: trustProxyOption(deps.config.trustProxy) } : {}),
    // HTTPS when a certificate is configured (config.ts loadTlsConfig); plain HTTP otherwise.
    ...(deps.config.tls ? { https: { cert: deps.config.tls.cert, key: deps.config.tls.key } } : {}),
    ajv: {
      // Unknown fields are refused, not silently dropped; every problem is listed. A list of types
      // (`type: [...]`) is allowed: it is how a value may be one of several types without a union's
      // first branch coercing it (contracts/sync.ts, register event details).
      customOptions: { removeAdditional: false, allErrors: true, coerceTypes: 'array', useDefaults: true, allowUnionTypes: true },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // How long Kassa had the request (from reading it to sending the answer): what a client or
    // proxy measures beyond this was spent before Kassa read it (a busy server's queue) or on the
    // way (bench/sales.bench.ts prints both).
    reply.header('server-timing', `app;dur=${reply.elapsedTime.toFixed(1)}`);
  });
  app.addHook('preClose', async () => {
    shuttingDown = true;
  });

  registerErrorHandling(app);
  const auth = registerAuth(app, { db: deps.database.db, clock, settings: deps.security });
  await registerOpenApi(app);
  registerHealthRoutes(app, deps.database, () => shuttingDown);
  const moduleDeps: ModuleDeps = { database: deps.database, clock };
  let searchMemory = deps.searchMemory;
  if (!searchMemory) {
    const own = new SearchMemory(deps.database.db, {
      maxBytes: (deps.config.searchMemoryMb ?? DEFAULT_SEARCH_MEMORY_MB) * 1024 * 1024,
    });
    // Before the caller closes the database: a build in progress stops at its next page.
    app.addHook('onClose', () => own.close());
    searchMemory = own;
  }
  registerCatalogRoutes(app, { ...moduleDeps, searchMemory });
  registerInventoryRoutes(app, moduleDeps);
  registerSalesRoutes(app, moduleDeps);
  registerJournalRoutes(app, moduleDeps);
  registerSyncRoutes(app, moduleDeps);
  registerPaymentRoutes(app, { ...moduleDeps, payments: deps.payments ?? paymentSettingsFromEnv(process.env) });
  registerCashRoutes(app, moduleDeps);
  registerTenderRoutes(app, moduleDeps);
  registerReceiptRoutes(app, { ...moduleDeps, mail: deps.mail !== undefined ? deps.mail : mailSettingsFromEnv(process.env) });
  registerAuthRoutes(app, auth);
  registerDeviceRoutes(app, auth);
  if (deps.demo) registerDemoRoutes(app, auth, deps.demo);
  registerApiTokenRoutes(app, auth);
  registerStaffModule(app, auth);
  registerStoreRoutes(app, moduleDeps);
  registerCaDownload(app, deps.config.caCertificateFile ?? deps.config.tls?.caFile);
  // The register PWA at `/` (same origin as the API: no CORS, cookies never needed).
  registerRegisterStatic(app);
  await app.ready();
  return app;
}
