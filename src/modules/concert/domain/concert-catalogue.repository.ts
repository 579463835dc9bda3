import type { AvailableSeat, Concert, ReservableDate, SeatRef } from './concert.js';
import type { Seat } from './seat.js';

/** Reads of the catalogue. "Available" always means: free, or held with a hold that has run out at `now`. */
export abstract class ConcertCatalogueRepository {
  abstract listConcerts(): Promise<Concert[]>;
  abstract concertExists(concertId: number): Promise<boolean>;
  /** Dates from `fromDay` on with at least one available seat, ascending. */
  abstract listReservableDates(concertId: number, fromDay: string, now: Date): Promise<ReservableDate[]>;
  /** null when the concert does not play that day. */
  abstract findConcertDateId(concertId: number, date: string): Promise<number | null>;
  abstract listAvailableSeats(concertDateId: number, now: Date): Promise<AvailableSeat[]>;
  abstract findSeat(ref: SeatRef): Promise<Seat | null>;
}
