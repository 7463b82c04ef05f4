import { InvalidInputError } from '@pulse/api-contract/errors';

/** Where a newest-first page ended: the time and id of its last row (ties broken by id). */
export type KeysetCursor = { at: string; id: string };

export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** The cursor a list gave out, or a 400: a cursor is opaque, so anything else is a client bug. */
export function decodeCursor(raw: string): KeysetCursor {
  try {
    const cursor = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<KeysetCursor>;
    if (typeof cursor.at === 'string' && typeof cursor.id === 'string' && !Number.isNaN(Date.parse(cursor.at))) return { at: cursor.at, id: cursor.id };
  } catch {
    // not JSON: refused below like any other foreign cursor
  }
  throw new InvalidInputError('That cursor is not one this list gave out.', [{ path: ['cursor'], message: 'not a cursor of this list' }]);
}
