/**
 * Changes of a seat's availability. Each is one conditional UPDATE, so the database decides races;
 * each joins the caller's transaction.
 */
export abstract class SeatInventoryRepository {
  /** Takes the seat for a hold when it is free or its hold has run out at `now`; false when it is not. */
  abstract occupy(seatId: number, reservationId: number, heldUntil: Date, now: Date): Promise<boolean>;
  /** Gives the seat back, only while this reservation still holds it. */
  abstract release(seatId: number, reservationId: number): Promise<boolean>;
  /** Marks the seat sold, only while this reservation still holds it. */
  abstract sell(seatId: number, reservationId: number): Promise<boolean>;
}
