/**
 * @module server/sessions/cursor
 * The keyset cursor of the session list: the (startedAt, id) of the last row
 * of a page, base64url JSON so clients treat it as opaque.
 */
import { badRequest } from '../errors.ts';
import { isUuid } from '../lib/request.ts';

export interface SessionCursor {
  startedAt: number;
  id: string;
}

export const encodeCursor = (cursor: SessionCursor) => Buffer.from(JSON.stringify([cursor.startedAt, cursor.id])).toString('base64url');

export function decodeCursor(value: string): SessionCursor {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && Number.isSafeInteger(decoded[0]) && typeof decoded[1] === 'string' && isUuid(decoded[1])) {
      return { startedAt: decoded[0] as number, id: decoded[1] };
    }
  } catch {
    // fall through
  }
  throw badRequest('invalid cursor');
}
