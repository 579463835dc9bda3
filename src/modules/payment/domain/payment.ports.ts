import type { IdempotencyRecord } from './idempotency-record.js';
import type { NewPayment, PaymentReceipt } from './payment.js';

export abstract class PaymentRepository {
  /** Records a completed payment; the unique key on reservation_id makes a second one impossible. */
  abstract save(payment: NewPayment): Promise<number>;
}

export interface IdempotencyClaim {
  readonly userId: string;
  readonly key: string;
  readonly requestHash: string;
  readonly tokenId: string;
  readonly now: Date;
  readonly expiresAt: Date;
}

export abstract class IdempotencyRepository {
  /** The completed payment stored under this key, unless it has expired. */
  abstract find(userId: string, key: string, now: Date): Promise<IdempotencyRecord | null>;
  /**
   * Takes the key inside the payment's transaction. A duplicate in flight blocks on the key's row
   * until the first commits, then fails with KeyAlreadyClaimed.
   */
  abstract claim(claim: IdempotencyClaim): Promise<void>;
  abstract complete(userId: string, key: string, receipt: PaymentReceipt): Promise<void>;
  abstract purgeExpired(now: Date): Promise<number>;
}

export class KeyAlreadyClaimed extends Error {}

/** What payment needs of reservations: read one of the user's, and confirm it in this transaction. */
export abstract class ReservationPort {
  abstract confirm(userId: string, reservationId: number, now: Date): Promise<{ price: number }>;
}

/** What payment needs of points: deduct in this transaction, or fail with INSUFFICIENT_BALANCE. */
export abstract class PointPort {
  abstract use(userId: string, amount: number): Promise<{ balance: number }>;
}

/** What payment needs of the queue: end the token the payment was made with. */
export abstract class QueuePort {
  abstract expireAfterPayment(tokenId: string): Promise<void>;
}
