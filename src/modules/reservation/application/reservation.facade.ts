import { Injectable } from '@nestjs/common';
import { ConfirmReservationUseCase } from './confirm-reservation.use-case.js';
import type { ReservationView } from './reservation.view.js';

/** What other modules (payment) may ask of reservations. */
@Injectable()
export class ReservationFacade {
  constructor(private readonly confirmReservation: ConfirmReservationUseCase) {}

  /**
   * Confirms a running hold inside the caller's transaction and marks its seat sold. Throws
   * RESERVATION_NOT_FOUND, RESERVATION_ALREADY_PAID, or RESERVATION_EXPIRED (time up, expired or
   * cancelled); the caller must then let its transaction roll back.
   */
  confirm(userId: string, reservationId: number, now: Date): Promise<ReservationView> {
    return this.confirmReservation.execute(userId, reservationId, now);
  }
}
