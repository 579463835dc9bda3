import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/domain/transaction-runner.js';
import { reservationExpired, reservationNotFound } from '../domain/reservation.errors.js';
import { ReservationRepository } from '../domain/reservation.repository.js';
import { SeatInventoryPort } from '../domain/seat-inventory.port.js';
import { toReservationView, type ReservationView } from './reservation.view.js';

@Injectable()
export class ConfirmReservationUseCase {
  constructor(
    private readonly reservations: ReservationRepository,
    private readonly seats: SeatInventoryPort,
    private readonly transactions: TransactionRunner,
  ) {}

  /**
   * Joins the caller's transaction (or opens one): a running hold becomes CONFIRMED and its seat SOLD.
   * The conditional update decides races with the release job and other payments; it never confirms
   * a hold whose time is up at `now`. Any error leaves the caller's transaction to roll back.
   */
  execute(userId: string, reservationId: number, now: Date): Promise<ReservationView> {
    return this.transactions.run(async () => {
      const confirmed = await this.reservations.confirmIfHeld(reservationId, userId, now);
      const reservation = await this.reservations.findForUser(reservationId, userId, { lock: !confirmed });
      if (!reservation) throw reservationNotFound(reservationId);
      if (!confirmed) {
        // The update holds the row lock, so a running hold here would be a bug, not a race.
        if (reservation.statusAt(now) === 'HELD')
          throw new Error(`Reservation ${reservationId} could not be confirmed`);
        reservation.confirm(now); // throws RESERVATION_ALREADY_PAID or RESERVATION_EXPIRED
      }
      if (!(await this.seats.sell(reservation.seatId, reservation.id))) throw reservationExpired(reservationId);
      return toReservationView(reservation, now);
    });
  }
}
