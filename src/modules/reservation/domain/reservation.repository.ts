import type { Reservation } from './reservation.js';

/** A hold whose time ran out, just marked EXPIRED; its seat is still to be freed. */
export interface ExpiredHold {
  readonly reservationId: number;
  readonly seatId: number;
}

/**
 * Reservations, stored. Every method joins the caller's transaction; the status changes are
 * conditional updates, so the database decides who wins a race.
 */
export abstract class ReservationRepository {
  /**
   * Serialises the holds of one user until the transaction ends; never blocks other users. False, and nothing
   * locked, when the user has no lock row yet: create it with createUserHoldsLock outside the transaction.
   */
  abstract lockUserHolds(userId: string): Promise<boolean>;
  /** Creates the user's lock row if missing, committed at once; refuses to run inside a transaction. */
  abstract createUserHoldsLock(userId: string): Promise<void>;
  /** The user's HELD reservations still running at `now`. */
  abstract countActiveHolds(userId: string, now: Date): Promise<number>;
  /** Stores a new reservation and returns its id. */
  abstract insert(reservation: Reservation): Promise<number>;
  /** The user's reservation; null when it does not exist or belongs to someone else. */
  abstract findForUser(
    reservationId: number,
    userId: string,
    options?: { lock?: boolean },
  ): Promise<Reservation | null>;
  /**
   * Saves a running hold's move to the status the aggregate gave it (CONFIRMED or CANCELLED), only while the row is
   * still HELD and running at `now`: the guard of Reservation.confirm/cancel. False when that no longer holds.
   */
  abstract saveEnd(reservation: Reservation, now: Date): Promise<boolean>;
  /**
   * Marks up to `limit` HELD reservations past their time EXPIRED, oldest first, and returns them.
   * Rows another transaction has locked are skipped, so concurrent callers split the work.
   */
  abstract expireHolds(now: Date, limit: number): Promise<ExpiredHold[]>;
}
