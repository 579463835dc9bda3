import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/domain/clock.js';
import { TransactionRunner } from '../../../shared/domain/transaction-runner.js';
import { reservationNotFound } from '../domain/reservation.errors.js';
import { ReservationRepository } from '../domain/reservation.repository.js';
import { SeatInventoryPort } from '../domain/seat-inventory.port.js';
import { toReservationView, type ReservationView } from './reservation.view.js';

@Injectable()
export class CancelReservationUseCase {
  constructor(
    private readonly reservations: ReservationRepository,
    private readonly seats: SeatInventoryPort,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /**
   * The conditional update decides races with payment and the release job; when it changes
   * nothing, the reservation as it now stands explains why (or is already cancelled: same answer).
   */
  async execute(userId: string, reservationId: number): Promise<ReservationView> {
    const now = this.clock.now();
    return this.transactions.run(async () => {
      const cancelled = await this.reservations.cancelIfHeld(reservationId, userId, now);
      const reservation = await this.reservations.findForUser(reservationId, userId, { lock: !cancelled });
      if (!reservation) throw reservationNotFound(reservationId);
      if (cancelled) {
        await this.seats.release(reservation.seatId, reservation.id);
      } else {
        // The update holds the row lock, so a running hold here would be a bug, not a race.
        if (reservation.statusAt(now) === 'HELD')
          throw new Error(`Reservation ${reservationId} could not be cancelled`);
        reservation.cancel(now); // throws RESERVATION_EXPIRED or RESERVATION_ALREADY_PAID; a no-op when cancelled
      }
      return toReservationView(reservation, now);
    });
  }
}
