import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/domain/clock.js';
import { TransactionRunner } from '../../../shared/domain/transaction-runner.js';
import { ReservationRepository } from '../domain/reservation.repository.js';
import { SeatInventoryPort } from '../domain/seat-inventory.port.js';

export interface ReleaseExpiredHoldsOptions {
  readonly batchSize?: number;
  /** Bounds one run; what is left waits for the next run. */
  readonly maxBatches?: number;
}

/**
 * Tidies up holds whose time ran out: HELD → EXPIRED and the seat freed. Reads never wait for it
 * (an expired hold is already free for them); it keeps the tables honest. Safe with many instances:
 * each batch locks its rows with SKIP LOCKED, so concurrent runs split the work instead of repeating it.
 */
@Injectable()
export class ReleaseExpiredHoldsUseCase {
  constructor(
    private readonly reservations: ReservationRepository,
    private readonly seats: SeatInventoryPort,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** Returns how many holds this run expired. */
  async execute(options: ReleaseExpiredHoldsOptions = {}): Promise<number> {
    const batchSize = options.batchSize ?? 200;
    const maxBatches = options.maxBatches ?? 10;
    const now = this.clock.now();
    let expired = 0;
    for (let batch = 0; batch < maxBatches; batch++) {
      // READ COMMITTED: no gap locks, so runs, holds and payments never deadlock on the reservation indexes.
      const result = await this.transactions.run(
        async () => {
          const holds = await this.reservations.expireHolds(now, batchSize);
          // Seat rows in ascending id order, so two runs never wait on each other in a cycle.
          for (const hold of [...holds].sort((a, b) => a.seatId - b.seatId)) {
            await this.seats.release(hold.seatId, hold.reservationId);
          }
          return holds.length;
        },
        { isolation: 'READ COMMITTED' },
      );
      expired += result;
      // Stop only when nothing was left to take: a short batch may just mean other runs hold the rest.
      if (result === 0) break;
    }
    return expired;
  }
}
