import type { Reservation, ReservationStatus } from '../domain/reservation.js';

/** A reservation as a user (or the payment module) sees it at one instant. */
export interface ReservationView {
  readonly reservationId: number;
  readonly userId: string;
  readonly seatId: number;
  readonly concertId: number;
  readonly date: string;
  readonly seatNumber: number;
  readonly price: number;
  readonly status: ReservationStatus;
  readonly heldUntil: Date;
}

export function toReservationView(reservation: Reservation, now: Date): ReservationView {
  return {
    reservationId: reservation.id,
    userId: reservation.userId,
    seatId: reservation.seatId,
    concertId: reservation.concertId,
    date: reservation.date,
    seatNumber: reservation.seatNumber,
    price: reservation.price,
    status: reservation.statusAt(now),
    heldUntil: reservation.heldUntil,
  };
}
