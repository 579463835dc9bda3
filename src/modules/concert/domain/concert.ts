export interface Concert {
  readonly id: number;
  readonly title: string;
  readonly venue: string;
}

/** A day a concert plays, as the catalogue keeps it. */
export interface ConcertDate {
  readonly id: number;
  /** YYYY-MM-DD (UTC) */
  readonly date: string;
}

export interface ReservableDate {
  readonly date: string;
  readonly availableSeats: number;
  readonly totalSeats: number;
}

export interface AvailableSeat {
  readonly seatNumber: number;
  readonly price: number;
}

/** Where a seat is: the concert, the calendar day (YYYY-MM-DD, UTC) and the number on that day. */
export interface SeatRef {
  readonly concertId: number;
  readonly date: string;
  readonly seatNumber: number;
}

/** A seat a hold may take: its id, its price, and whether it was free by the seat map at hand. */
export interface BookableSeat {
  readonly seatId: number;
  readonly price: number;
  /** Free by the seat map at hand (at most SEAT_CACHE_BOUND_MS old): a hold refuses a taken seat before any lock. */
  readonly available: boolean;
}

export const MIN_SEAT_NUMBER = 1;
export const MAX_SEAT_NUMBER = 50;
