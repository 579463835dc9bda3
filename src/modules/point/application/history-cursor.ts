import { DomainError } from '../../../shared/domain/domain-error.js';

// Opaque to clients: base64url of a versioned position, so the format can change without breaking them.
const PREFIX = 'h1:';
const POSITION = /^h1:([1-9]\d{0,15})$/;
const BASE64URL = /^[A-Za-z0-9_-]{1,64}$/;

const invalidCursor = () => new DomainError('VALIDATION_FAILED', 'cursor is not a cursor this API returned');

/** The cursor of the next history page: the id of the last entry the client has seen. */
export const HistoryCursor = {
  encode(lastId: number): string {
    return Buffer.from(`${PREFIX}${lastId}`, 'utf8').toString('base64url');
  },

  /** The id the next page starts below; a malformed or altered cursor is 400 VALIDATION_FAILED. */
  decode(cursor: string): number {
    if (!BASE64URL.test(cursor)) throw invalidCursor();
    const match = POSITION.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
    const id = match ? Number(match[1]) : Number.NaN;
    // Only the exact text encode() gives is accepted, so no two cursors name one position.
    if (!Number.isSafeInteger(id) || HistoryCursor.encode(id) !== cursor) throw invalidCursor();
    return id;
  },
};
