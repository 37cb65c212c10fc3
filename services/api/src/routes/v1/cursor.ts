import { BadRequestError } from '../../plugins/external/error-handler';

/** A keyset position in a newest-first post listing: the last post of the previous page. */
export interface CursorPosition {
  publishedAt: string;
  id: number;
}

/** Opaque to clients, so the keyset can change without breaking their links. */
export const encodeCursor = (c: CursorPosition): string =>
  Buffer.from(JSON.stringify([c.publishedAt, c.id])).toString('base64url');

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const [publishedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof publishedAt === 'string' && !Number.isNaN(Date.parse(publishedAt)) && Number.isSafeInteger(id))
      return { publishedAt, id: id as number };
  } catch {
    // fall through
  }
  throw new BadRequestError('cursor is not one this API returned');
}
