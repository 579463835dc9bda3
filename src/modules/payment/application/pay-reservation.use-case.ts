import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/domain/clock.js';
import { queueErrors } from '../../queue/index.js';
import { TransactionRunner } from '../../../shared/domain/transaction-runner.js';
import { IDEMPOTENCY_TTL_MS } from '../domain/idempotency-record.js';
import type { PaymentReceipt } from '../domain/payment.js';
import {
  IdempotencyRepository,
  KeyAlreadyClaimed,
  PaymentRepository,
  PointPort,
  QueuePort,
  ReservationPort,
} from '../domain/payment.ports.js';
import { paymentRequestHash } from './request-fingerprint.js';

export interface PayReservationCommand {
  readonly userId: string;
  readonly tokenId: string;
  readonly reservationId: number;
  readonly idempotencyKey?: string;
  /** The caller's token was expired by a payment: only a stored response may be returned. */
  readonly replayOnly: boolean;
}

export interface PaymentOutcome {
  readonly receipt: PaymentReceipt;
  /** True when the stored response of an earlier payment was returned and nothing was charged. */
  readonly replayed: boolean;
}

@Injectable()
export class PayReservationUseCase {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly payments: PaymentRepository,
    private readonly idempotency: IdempotencyRepository,
    private readonly reservations: ReservationPort,
    private readonly points: PointPort,
    private readonly queue: QueuePort,
    private readonly clock: Clock,
  ) {}

  async execute(command: PayReservationCommand): Promise<PaymentOutcome> {
    const requestHash = paymentRequestHash(command.reservationId);
    const { idempotencyKey: key, userId } = command;
    if (key !== undefined) {
      const stored = await this.idempotency.find(userId, key, this.clock.now());
      if (stored) return { receipt: stored.replay(requestHash), replayed: true };
    }
    if (command.replayOnly) {
      throw queueErrors.tokenInvalid();
    }

    let receipt: PaymentReceipt;
    try {
      receipt = await this.transactions.run(() => this.pay(command, requestHash));
    } catch (error) {
      // The same key was in flight: the first request committed, so answer with what it stored.
      if (!(error instanceof KeyAlreadyClaimed) || key === undefined) throw error;
      const stored = await this.idempotency.find(userId, key, this.clock.now());
      if (!stored) throw error;
      return { receipt: stored.replay(requestHash), replayed: true };
    }
    // After commit: the token is spent; its slot goes to the next waiting user at the next tick.
    await this.queue.expireAfterPayment(command.tokenId);
    return { receipt, replayed: false };
  }

  /** One transaction: take the key, confirm the hold, deduct the points, record the payment — all or nothing. */
  private async pay(command: PayReservationCommand, requestHash: string): Promise<PaymentReceipt> {
    const now = this.clock.now();
    const { userId, idempotencyKey: key } = command;
    if (key !== undefined) {
      const expiresAt = new Date(now.getTime() + IDEMPOTENCY_TTL_MS);
      await this.idempotency.claim({ userId, key, requestHash, tokenId: command.tokenId, now, expiresAt });
    }
    const { price } = await this.reservations.confirm(userId, command.reservationId, now);
    const { balance } = await this.points.use(userId, price);
    const paymentId = await this.payments.save({
      userId,
      reservationId: command.reservationId,
      amount: price,
      paidAt: now,
    });
    const receipt: PaymentReceipt = {
      paymentId,
      reservationId: command.reservationId,
      amount: price,
      balance,
      status: 'COMPLETED',
      paidAt: now.toISOString(),
    };
    if (key !== undefined) await this.idempotency.complete(userId, key, receipt);
    return receipt;
  }
}
