import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { Kysely, Transaction } from 'kysely';
import { Uuid } from '@kassa/contracts';
import type { DB } from '../db/schema.ts';
import { runCommand } from '../db/run-command.ts';
import type { Clock } from '../lib/clock.ts';
import {
  actorOf,
  actorRef,
  assertStoreAccess,
  auditContextOf,
  recordAudit,
  type AuditContext,
} from '../modules/auth/index.ts';
import { HttpError, failure, unwrap, type Outcome } from './errors.ts';
import { requestHash } from './idempotency.ts';
import { errorResponses } from './responses.ts';

/**
 * One row of settings per store, changed with optimistic concurrency (the payment and the receipt
 * settings): GET answers version 0 for a store that never saved them; PUT carries the version read,
 * a stale one is 409, the same change sent again returns what it saved, and every change is audited.
 */

/** The tables that hold such settings. */
type SettingsTable = 'store_payment_settings' | 'store_receipt_settings';

/** The columns every versioned settings row has. */
export interface VersionedRow {
  store_id: string;
  organisation_id: string;
  version: number;
  request_hash: string;
  updated_at: string;
  updated_by: string | null;
}

/** The store the settings belong to, as their views need it. */
export interface SettingsStore {
  id: string;
  country: string;
  currency: string;
}

/** Who changes the settings. */
export interface SettingsCaller {
  organisationId: string;
  /** Who changed it, for `updated_by` and the audit log. */
  actorRef: string;
  audit: AuditContext;
}

type Executor = Kysely<DB> | Transaction<DB>;

/** What one kind of settings is: where it is saved, how it reads, and its module's error codes. */
export interface VersionedSettings<Row extends VersionedRow, View> {
  table: SettingsTable;
  /** Named in the stale-version message ("payment settings"). */
  name: string;
  codes: { storeNotFound: string; staleVersion: string };
  /** The audit action of a change (`payment_settings.updated`). */
  auditAction: string;
  find(db: Executor, storeId: string): Promise<Row | undefined>;
  /** The API shape; `row` undefined: never saved. */
  view(store: SettingsStore, row: Row | undefined): View;
}

/** One change: the body as sent, and what the module makes of it. */
export interface SettingsChange<Row extends VersionedRow> {
  /** Carries the version read; its hash recognises the same change sent again. */
  body: { version: number };
  /** Rules that need the store (its currency), checked before the version. */
  check?(store: SettingsStore): Outcome<null>;
  /** The row to save: the change applied to the current row, on top of the columns every row has. */
  nextRow(current: Row | undefined, base: VersionedRow): Row;
  auditDetails(current: Row | undefined, row: Row, store: SettingsStore): Record<string, unknown>;
}

const fail = <T>(code: string, message: string, details?: Record<string, unknown>): Outcome<T> => ({
  ok: false,
  error: failure(code, message, details),
});

type Naming = Pick<VersionedSettings<VersionedRow, unknown>, 'name' | 'codes'>;

const storeNotFound = (settings: Naming, storeId: string) =>
  failure(settings.codes.storeNotFound, `Store ${storeId} does not exist in your organisation.`, { storeId });

const staleVersion = (settings: Naming, storeId: string, sent: number, current: number) =>
  fail<never>(
    settings.codes.staleVersion,
    `The ${settings.name} of store ${storeId} were changed by someone else since you read them (you sent version ${sent}, they are at version ${current}): reload them and apply your change again.`,
    { field: 'version', sent, currentVersion: current },
  );

async function findStore(
  db: Executor,
  organisationId: string,
  storeId: string,
): Promise<SettingsStore | undefined> {
  return db
    .selectFrom('stores')
    .select(['id', 'country', 'currency'])
    .where('id', '=', storeId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
}

/** Inserts the first row, or updates the row still at the version sent; false: someone else was first. */
async function write(
  trx: Transaction<DB>,
  table: SettingsTable,
  first: boolean,
  row: VersionedRow,
  sent: number,
) {
  // Both tables share the versioned columns; the row carries the rest of its own table's columns.
  const settingsDb = trx as unknown as Transaction<Record<SettingsTable, VersionedRow>>;
  if (first) {
    await settingsDb.insertInto(table).values(row).execute();
    return true;
  }
  const result = await settingsDb
    .updateTable(table)
    .set(row)
    .where('store_id', '=', row.store_id)
    .where('version', '=', sent)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Saves a change of a store's settings: store, version (or the same change again), write, audit. */
export async function updateVersionedSettings<Row extends VersionedRow, View>(
  db: Kysely<DB>,
  settings: VersionedSettings<Row, View>,
  caller: SettingsCaller,
  storeId: string,
  change: SettingsChange<Row>,
  now: string,
): Promise<Outcome<View>> {
  const sent = change.body.version;
  const hash = requestHash({ storeId, ...change.body });
  return runCommand<View>(
    db,
    async (trx) => {
      const store = await findStore(trx, caller.organisationId, storeId);
      if (!store) return { ok: false, error: storeNotFound(settings, storeId) };
      const checked = change.check?.(store);
      if (checked && !checked.ok) return checked;
      const current = await settings.find(trx, storeId);
      const currentVersion = current ? Number(current.version) : 0;
      if (sent !== currentVersion) {
        const replay = current && current.request_hash === hash && currentVersion === sent + 1;
        return replay
          ? { ok: true, value: settings.view(store, current) }
          : staleVersion(settings, storeId, sent, currentVersion);
      }
      const row = change.nextRow(current, {
        store_id: storeId,
        organisation_id: caller.organisationId,
        version: currentVersion + 1,
        request_hash: hash,
        updated_at: now,
        updated_by: caller.actorRef,
      });
      if (!(await write(trx, settings.table, !current, row, sent)))
        return staleVersion(settings, storeId, sent, currentVersion + 1);
      await recordAudit(
        trx,
        { ...caller.audit, storeId },
        {
          action: settings.auditAction,
          outcome: 'success',
          targetKind: 'store',
          targetId: storeId,
          details: change.auditDetails(current, row, store),
        },
        now,
      );
      return { ok: true, value: settings.view(store, row) };
    },
    // Two first saves raced on the primary key: the later one read version 0, which is stale now.
    async () => staleVersion(settings, storeId, sent, sent + 1),
  );
}

/** The OpenAPI text and schemas of a settings resource's two routes. */
export interface SettingsRoutes<View extends TSchema, Body extends TSchema> {
  /** `/api/v1/stores/:id/…-settings` */
  path: string;
  tags: string[];
  /** Reading may take less than changing, which always takes `settings.manage`. */
  readPermission: string;
  view: View;
  body: Body;
  get: { summary: string; description: string };
  put: { summary: string; description: string };
  update(
    db: Kysely<DB>,
    caller: SettingsCaller,
    storeId: string,
    body: Static<Body>,
    now: string,
  ): Promise<Outcome<Static<View>>>;
}

/** GET and PUT of one kind of per-store settings, both checking the caller's access to the store. */
export function registerVersionedSettingsRoutes<
  Row extends VersionedRow,
  View extends TSchema,
  Body extends TSchema,
>(
  server: FastifyInstance,
  deps: { db: Kysely<DB>; clock: Clock },
  settings: VersionedSettings<Row, Static<View>>,
  routes: SettingsRoutes<View, Body>,
): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = deps;
  const params = Type.Object({ id: Uuid });
  // The response schema still validates and serialises; widened here because Fastify's type
  // provider cannot resolve a reply type from a generic schema.
  const view: TSchema = routes.view;
  app.get(
    routes.path,
    {
      config: { permission: routes.readPermission },
      schema: {
        tags: routes.tags,
        ...routes.get,
        params,
        response: { 200: view, ...errorResponses(404) },
      },
    },
    async (request) => {
      assertStoreAccess(request, request.params.id, routes.readPermission);
      const store = await findStore(db, actorOf(request).organisationId, request.params.id);
      if (!store) throw new HttpError(storeNotFound(settings, request.params.id));
      return settings.view(store, await settings.find(db, store.id));
    },
  );
  app.put(
    routes.path,
    {
      config: { permission: 'settings.manage' },
      schema: {
        tags: routes.tags,
        ...routes.put,
        params,
        body: routes.body,
        response: { 200: view, ...errorResponses(404, 409, 422) },
      },
    },
    async (request) => {
      assertStoreAccess(request, request.params.id, 'settings.manage');
      const actor = actorOf(request);
      const caller = {
        organisationId: actor.organisationId,
        actorRef: actorRef(actor),
        audit: auditContextOf(actor, request),
      };
      return unwrap(
        await routes.update(db, caller, request.params.id, request.body, clock.now().toISOString()),
      );
    },
  );
}
