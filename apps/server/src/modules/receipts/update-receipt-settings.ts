import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ReceiptSettings, UpdateReceiptSettingsBody } from '@kassa/contracts';
import type { DB } from '../../db/schema.ts';
import type { StoreReceiptSettingsTable } from '../../db/schema-cash.ts';
import { failure, type Outcome } from '../../http/errors.ts';
import {
  updateVersionedSettings,
  type SettingsCaller,
  type VersionedRow,
  type VersionedSettings,
} from '../../http/versioned-settings.ts';
import { checkLogo, type CheckedLogo } from './logo-png.ts';
import { findReceiptSettings, toReceiptSettingsView } from './receipt-settings.repository.ts';
import './receipts.errors.ts';

export type { SettingsCaller };

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
async function checkInput(body: UpdateReceiptSettingsBody): Promise<Outcome<CheckedLogo | null | undefined>> {
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
  base: VersionedRow,
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
  };
}

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

/** Header, footer, logo and language of a store's receipts, saved in `store_receipt_settings`. */
export const receiptSettings: VersionedSettings<Row, ReceiptSettings> = {
  table: 'store_receipt_settings',
  name: 'receipt settings',
  codes: { storeNotFound: 'RECEIPTS_STORE_NOT_FOUND', staleVersion: 'RECEIPTS_STALE_VERSION' },
  auditAction: 'receipt_settings.updated',
  find: findReceiptSettings,
  view: (store, row) => toReceiptSettingsView(store.id, store.country, row),
};

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
  const checked = await checkInput(body);
  if (!checked.ok) return checked;
  return updateVersionedSettings(
    db,
    receiptSettings,
    caller,
    storeId,
    {
      body,
      nextRow: (current, base) => nextRow(current, body, checked.value, base),
      auditDetails: (_current, row) => auditDetails(row),
    },
    now,
  );
}
