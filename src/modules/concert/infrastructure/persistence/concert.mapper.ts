import type { Concert } from '../../domain/concert.js';
import { Seat } from '../../domain/seat.js';
import type { ConcertOrmEntity, SeatOrmEntity } from './concert.orm-entity.js';

export const ConcertMapper = {
  toConcert(row: ConcertOrmEntity): Concert {
    return { id: row.id, title: row.title, venue: row.venue };
  },
  toSeat(row: SeatOrmEntity): Seat {
    return new Seat(row.id, row.seatNumber, row.price, row.status, row.reservationId, row.heldUntil);
  },
};
