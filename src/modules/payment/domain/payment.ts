export type PaymentStatus = 'COMPLETED';

/** What the client gets back for a payment; stored with its idempotency key and replayed as is. */
export interface PaymentReceipt {
  readonly paymentId: number;
  readonly reservationId: number;
  readonly amount: number;
  readonly balance: number;
  readonly status: PaymentStatus;
  readonly paidAt: string;
}

export interface NewPayment {
  readonly userId: string;
  readonly reservationId: number;
  readonly amount: number;
  readonly paidAt: Date;
}
