import { invalidIdempotencyKey } from './payment.errors.js';

// Printable ASCII without the space: '!' (0x21) to '~' (0x7E).
const KEY_SHAPE = /^[\x21-\x7e]{1,64}$/;

/** The client's Idempotency-Key header: absent (undefined), or 1..64 printable ASCII characters without spaces. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !KEY_SHAPE.test(header)) {
    throw invalidIdempotencyKey();
  }
  return header;
}

export function isIdempotencyKey(value: unknown): value is string {
  return typeof value === 'string' && KEY_SHAPE.test(value);
}
