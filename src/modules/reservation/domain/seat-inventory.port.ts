import type { BookableSeat, SeatRef } from '../../concert/index.js';

/**
 * The seats, owned by the catalogue. The availability of a seat changes only through these calls;
 * each is one conditional update that joins the caller's transaction.
 */
export abstract class SeatInventoryPort {
  /** The seat and its price; throws CONCERT_NOT_FOUND, DATE_NOT_FOUND or SEAT_NOT_FOUND. */
  abstract findBookableSeat(seat: SeatRef): Promise<BookableSeat>;
  /** Takes the seat for this reservation if it is free at `now`; false when someone else has it. */
  abstract occupy(seatId: number, reservationId: number, heldUntil: Date, now: Date): Promise<boolean>;
  /** Frees the seat, only while this reservation holds it. */
  abstract release(seatId: number, reservationId: number): Promise<boolean>;
  /** Marks the seat sold, only while this reservation holds it. */
  abstract sell(seatId: number, reservationId: number): Promise<boolean>;
}
