import type { PaymentReceipt } from './payment.js';
import { idempotencyKeyReused } from './payment.errors.js';

/** How long a completed payment's key is kept. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;

/** A completed payment remembered under the user's Idempotency-Key. */
export class IdempotencyRecord {
  constructor(
    readonly userId: string,
    readonly key: string,
    readonly requestHash: string,
    /** The queue token the payment was made with (and expired). */
    readonly tokenId: string,
    readonly receipt: PaymentReceipt,
  ) {}

  /** The stored response for the same request; the same key with another body is refused. */
  replay(requestHash: string): PaymentReceipt {
    if (requestHash !== this.requestHash) {
      throw idempotencyKeyReused();
    }
    return this.receipt;
  }

  /** Whether a request with the token this payment expired is this very payment again. */
  isReplayWith(tokenId: string, requestHash: string): boolean {
    return tokenId === this.tokenId && this.isSameRequest(requestHash);
  }

  /** Whether a request (whatever its token) asks for this very payment again. */
  isSameRequest(requestHash: string): boolean {
    return requestHash === this.requestHash;
  }
}
