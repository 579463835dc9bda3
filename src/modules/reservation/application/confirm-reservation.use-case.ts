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
   * Joins the caller's transaction (or opens one): a running hold becomes CONFIRMED and its seat SOLD. The row is
   * locked first, so the release job and other payments wait; the aggregate decides (never a hold whose time is up at
   * `now`), the guarded UPDATE saves it. Any error leaves the caller's transaction to roll back.
   */
  execute(userId: string, reservationId: number, now: Date): Promise<ReservationView> {
    return this.transactions.run(async () => {
      const reservation = await this.reservations.findForUser(reservationId, userId, { lock: true });
      if (!reservation) throw reservationNotFound(reservationId);
      reservation.confirm(now); // throws RESERVATION_ALREADY_PAID or RESERVATION_EXPIRED
      // Under the row lock the guard sees what the aggregate saw: a refusal here is a bug, not a race.
      if (!(await this.reservations.saveEnd(reservation, now))) {
        throw new Error(`Reservation ${reservationId} could not be confirmed`);
      }
      if (!(await this.seats.sell(reservation.seatId, reservation.id))) throw reservationExpired(reservationId);
      return toReservationView(reservation, now);
    });
  }
}
