import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { ReceiptSettings, UpdateReceiptSettingsBody } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import type { StoreReceiptSettingsTable } from '../../db/schema-cash.ts';
import { runCommand } from '../../db/run-command.ts';
import { failure, type Outcome } from '../../http/errors.ts';
import { requestHash } from '../../http/idempotency.ts';
import { recordAudit, type AuditContext } from '../auth/index.ts';
import { checkLogo, type CheckedLogo } from './logo-png.ts';
import { findReceiptSettings, toReceiptSettingsView } from './receipt-settings.repository.ts';
import './receipts.errors.ts';

export interface SettingsCaller {
  organisationId: string;
  /** Who changed it, for `updated_by` and the audit log. */
  actorRef: string;
  audit: AuditContext;
}

const fail = <T>(code: string, message: string, details?: Record<string, unknown>): Outcome<T> => ({
  ok: false,
  error: failure(code, message, details),
});

// Control characters (C0, DEL, C1) would reach the printer as commands (ESC, GS…) or break the layout.
const hasControlCharacter = (text: string) =>
  [...text].some((c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f));

function checkLines(
  field: 'headerLines' | 'footerLines',
  lines: readonly string[] | undefined,
): Outcome<null> {
  const index = (lines ?? []).findIndex(hasControlCharacter);
  if (index < 0) return { ok: true, value: null };
  return fail(
    'RECEIPTS_TEXT_INVALID',
    `${field}[${index}] contains a control character (a tab, line break or printer command): put each line in its own array item and use plain text.`,
    { field: `${field}[${index}]` },
  );
}

/** Checks everything that needs no database: the text lines and the logo. */
function checkInput(body: UpdateReceiptSettingsBody): Outcome<CheckedLogo | null | undefined> {
  for (const field of ['headerLines', 'footerLines'] as const) {
    const checked = checkLines(field, body[field]);
    if (!checked.ok) return checked;
  }
  if (body.logo === undefined || body.logo === null) return { ok: true, value: body.logo };
  return checkLogo(body.logo);
}

type Row = StoreReceiptSettingsTable;

/** The row after the change: fields the body leaves out keep their value. */
function nextRow(
  current: Row | undefined,
  body: UpdateReceiptSettingsBody,
  logo: CheckedLogo | null | undefined,
  base: Pick<Row, 'store_id' | 'organisation_id' | 'request_hash' | 'updated_at' | 'updated_by'>,
): Row {
  const keepLogo = logo === undefined;
  return {
    ...base,
    header_lines: body.headerLines ? JSON.stringify(body.headerLines) : (current?.header_lines ?? '[]'),
    footer_lines: body.footerLines ? JSON.stringify(body.footerLines) : (current?.footer_lines ?? '[]'),
    locale: body.locale === undefined ? (current?.locale ?? null) : body.locale,
    logo_png: keepLogo ? (current?.logo_png ?? null) : (logo?.base64 ?? null),
    logo_width: keepLogo ? (current?.logo_width ?? null) : (logo?.width ?? null),
    logo_height: keepLogo ? (current?.logo_height ?? null) : (logo?.height ?? null),
    logo_bytes: keepLogo ? (current?.logo_bytes ?? null) : (logo?.bytes ?? null),
    version: (current ? Number(current.version) : 0) + 1,
  };
}

const staleVersion = (storeId: string, sent: number, current: number) =>
  fail<never>(
    'RECEIPTS_STALE_VERSION',
    `The receipt settings of store ${storeId} were changed by someone else since you read them (you sent version ${sent}, they are at version ${current}): reload them and apply your change again.`,
    { field: 'version', sent, currentVersion: current },
  );

/** What the audit log keeps of a change: the texts and language, and only a fingerprint of the logo. */
function auditDetails(row: Row) {
  const logo = row.logo_png
    ? {
        bytes: row.logo_bytes,
        width: row.logo_width,
        height: row.logo_height,
        sha256: createHash('sha256').update(row.logo_png, 'base64').digest('hex'),
      }
    : null;
  return {
    version: row.version,
    headerLines: JSON.parse(row.header_lines) as string[],
    footerLines: JSON.parse(row.footer_lines) as string[],
    locale: row.locale,
    logo,
  };
}

async function write(
  trx: Transaction<DB>,
  current: Row | undefined,
  row: Row,
  sentVersion: number,
): Promise<boolean> {
  if (!current) {
    await trx.insertInto('store_receipt_settings').values(row).execute();
    return true;
  }
  const result = await trx
    .updateTable('store_receipt_settings')
    .set(row)
    .where('store_id', '=', row.store_id)
    .where('version', '=', sentVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Changes a store's receipt header, footer, logo and language. Optimistic concurrency: the body
 * carries the version read, a stale one is 409. The same change sent again (a retry after a lost
 * answer) finds its own write and returns it. Recorded in the audit log like other settings changes.
 */
export async function updateReceiptSettings(
  db: Kysely<DB>,
  caller: SettingsCaller,
  storeId: string,
  body: UpdateReceiptSettingsBody,
  now: string,
): Promise<Outcome<ReceiptSettings>> {
  const checked = checkInput(body);
  if (!checked.ok) return checked;
  const hash = requestHash({ storeId, ...body });
  return runCommand<ReceiptSettings>(
    db,
    async (trx) => {
      const store = await trx
        .selectFrom('stores')
        .select(['id', 'country'])
        .where('id', '=', storeId)
        .where('organisation_id', '=', caller.organisationId)
        .executeTakeFirst();
      if (!store)
        return fail('RECEIPTS_STORE_NOT_FOUND', `Store ${storeId} does not exist in your organisation.`, {
          storeId,
        });
      const current = await findReceiptSettings(trx, storeId);
      const currentVersion = current ? Number(current.version) : 0;
      if (body.version !== currentVersion) {
        const replay = current && current.request_hash === hash && currentVersion === body.version + 1;
        return replay
          ? { ok: true, value: toReceiptSettingsView(storeId, store.country, current) }
          : staleVersion(storeId, body.version, currentVersion);
      }
      const row = nextRow(current, body, checked.value, {
        store_id: storeId,
        organisation_id: caller.organisationId,
        request_hash: hash,
        updated_at: now,
        updated_by: caller.actorRef,
      });
      if (!(await write(trx, current, row, body.version)))
        return staleVersion(storeId, body.version, currentVersion + 1);
      await recordAudit(
        trx,
        { ...caller.audit, storeId },
        {
          action: 'receipt_settings.updated',
          outcome: 'success',
          targetKind: 'store',
          targetId: storeId,
          details: auditDetails(row),
        },
        now,
      );
      return { ok: true, value: toReceiptSettingsView(storeId, store.country, row) };
    },
    // Two first saves raced on the primary key: the later one read version 0, which is stale now.
    async () => staleVersion(storeId, body.version, body.version + 1),
  );
}
