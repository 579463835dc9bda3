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
   * The reservation's row is locked first, so payment and the release job wait for this decision: the aggregate
   * decides (RESERVATION_EXPIRED, RESERVATION_ALREADY_PAID, or nothing to do when already cancelled), the guarded
   * UPDATE saves it, and the seat is free again.
   */
  async execute(userId: string, reservationId: number): Promise<ReservationView> {
    const now = this.clock.now();
    return this.transactions.run(async () => {
      const reservation = await this.reservations.findForUser(reservationId, userId, { lock: true });
      if (!reservation) throw reservationNotFound(reservationId);
      if (reservation.cancel(now)) {
        // Under the row lock the guard sees what the aggregate saw: a refusal here is a bug, not a race.
        if (!(await this.reservations.saveEnd(reservation, now))) {
          throw new Error(`Reservation ${reservationId} could not be cancelled`);
        }
        await this.seats.release(reservation.seatId, reservation.id);
      }
      return toReservationView(reservation, now);
    });
  }
}
