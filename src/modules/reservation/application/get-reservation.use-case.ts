import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/domain/clock.js';
import { reservationNotFound } from '../domain/reservation.errors.js';
import { ReservationRepository } from '../domain/reservation.repository.js';
import { toReservationView, type ReservationView } from './reservation.view.js';

@Injectable()
export class GetReservationUseCase {
  constructor(
    private readonly reservations: ReservationRepository,
    private readonly clock: Clock,
  ) {}

  /** Another user's reservation is reported as missing, so ids reveal nothing. */
  async execute(userId: string, reservationId: number): Promise<ReservationView> {
    const reservation = await this.reservations.findForUser(reservationId, userId);
    if (!reservation) throw reservationNotFound(reservationId);
    return toReservationView(reservation, this.clock.now());
  }
}
