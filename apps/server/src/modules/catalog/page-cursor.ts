import { failure, type Outcome } from '../../http/errors.ts';

/** Encodes a keyset position (the sort values of the last item) as an opaque cursor. */
export function encodeCursor(values: Array<string | number>): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** Decodes a cursor made by `encodeCursor` with the expected value types, or explains what to do. */
export function decodeCursor(
  cursor: string,
  types: Array<'string' | 'number'>,
): Outcome<Array<string | number>> {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(values) &&
      values.length === types.length &&
      values.every((v, i) => typeof v === types[i])
    ) {
      return { ok: true, value: values as Array<string | number> };
    }
  } catch {
    // fall through to the failure below
  }
  return invalidCursor();
}

/** The answer to a cursor this list did not give out. */
export function invalidCursor(): Outcome<never> {
  return {
    ok: false,
    error: failure(
      'CATALOG_INVALID_CURSOR',
      'The cursor is not one this list gave out: pass nextCursor from the previous page unchanged, or leave it out to start at the beginning.',
    ),
  };
}
