import type { Concert, ConcertDate } from './concert.js';
import type { Seat } from './seat.js';

/** Reads of the catalogue and of its seats' state; availability itself is decided by Seat.isAvailableAt. */
export abstract class ConcertCatalogueRepository {
  abstract listConcerts(): Promise<Concert[]>;
  abstract concertExists(concertId: number): Promise<boolean>;
  /** Every date the concert plays, ascending. */
  abstract listDates(concertId: number): Promise<ConcertDate[]>;
  /** Every seat of a date with its state, ascending by number. */
  abstract listSeats(concertDateId: number): Promise<Seat[]>;
}
