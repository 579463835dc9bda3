import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.js';
import { Clock } from '../../../shared/domain/clock.js';
import { TransactionRunner } from '../../../shared/domain/transaction-runner.js';
import { Reservation } from '../domain/reservation.js';
import { seatUnavailable } from '../domain/reservation.errors.js';
import { ReservationRepository } from '../domain/reservation.repository.js';
import { SeatInventoryPort, type SeatLocation } from '../domain/seat-inventory.port.js';
import { toReservationView, type ReservationView } from './reservation.view.js';

export interface HoldSeatCommand extends SeatLocation {
  readonly userId: string;
}

@Injectable()
export class HoldSeatUseCase {
  constructor(
    private readonly reservations: ReservationRepository,
    private readonly seats: SeatInventoryPort,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * One transaction. Locks are always taken user lock first, then the seat row, so holds never
   * deadlock; the seat's conditional update picks the one winner and a loser's insert rolls back.
   */
  async execute(command: HoldSeatCommand): Promise<ReservationView> {
    const seat = await this.seats.findBookableSeat(command);
    // A seat already taken is refused at once, without a transaction or a lock: under contention almost every
    // request is such a loser (bench: 1,950 of 2,000 holds on 50 seats). The conditional update below still decides.
    if (!seat.available) throw seatUnavailable(command.date, command.seatNumber);
    const now = this.clock.now();
    const { holdSeconds, maxHoldsPerUser } = this.config.reservation;
    // READ COMMITTED: the count below reads what other holds of this user committed before we got the lock.
    return this.tx.run(
      async () => {
        await this.reservations.lockUserHolds(command.userId);
        const activeHolds = await this.reservations.countActiveHolds(command.userId, now);
        const draft = Reservation.hold({
          userId: command.userId,
          seat: { ...seat, concertId: command.concertId, date: command.date, seatNumber: command.seatNumber },
          now,
          holdSeconds,
          activeHolds,
          maxHolds: maxHoldsPerUser,
        });
        const reservation = draft.withId(await this.reservations.insert(draft));
        if (!(await this.seats.occupy(seat.seatId, reservation.id, reservation.heldUntil, now))) {
          throw seatUnavailable(command.date, command.seatNumber);
        }
        return toReservationView(reservation, now);
      },
      { isolation: 'READ COMMITTED' },
    );
  }
}
