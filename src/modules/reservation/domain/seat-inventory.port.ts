/** Where a seat is: the concert, the calendar day (YYYY-MM-DD, UTC) and its number on that day. */
export interface SeatLocation {
  readonly concertId: number;
  readonly date: string;
  readonly seatNumber: number;
}

export interface BookableSeat {
  readonly seatId: number;
  readonly price: number;
  /** Free at the time of the read; only occupy() decides, under the seat's row lock. */
  readonly available: boolean;
}

/**
 * The seats, owned by the catalogue. The availability of a seat changes only through these calls;
 * each is one conditional update that joins the caller's transaction.
 */
export abstract class SeatInventoryPort {
  /** The seat and its price; throws CONCERT_NOT_FOUND, DATE_NOT_FOUND or SEAT_NOT_FOUND. */
  abstract findBookableSeat(location: SeatLocation): Promise<BookableSeat>;
  /** Takes the seat for this reservation if it is free at `now`; false when someone else has it. */
  abstract occupy(seatId: number, reservationId: number, heldUntil: Date, now: Date): Promise<boolean>;
  /** Frees the seat, only while this reservation holds it. */
  abstract release(seatId: number, reservationId: number): Promise<boolean>;
  /** Marks the seat sold, only while this reservation holds it. */
  abstract sell(seatId: number, reservationId: number): Promise<boolean>;
}
