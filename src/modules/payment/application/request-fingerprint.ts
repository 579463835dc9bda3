import { createHash } from 'node:crypto';

/** The hash that tells "the same request" for an idempotency key: the canonical form of the body. */
export function paymentRequestHash(reservationId: number): string {
  return createHash('sha256').update(JSON.stringify({ reservationId })).digest('hex');
}
