import { Reservation } from '../../domain/reservation.js';
import { ReservationOrmEntity } from './reservation.orm-entity.js';

export const ReservationMapper = {
  toDomain(row: ReservationOrmEntity): Reservation {
    return Reservation.restore({
      id: row.id,
      userId: row.userId,
      seatId: row.seatId,
      concertId: row.concertId,
      date: row.date,
      seatNumber: row.seatNumber,
      price: row.price,
      status: row.status,
      heldUntil: row.heldUntil,
      createdAt: row.createdAt,
    });
  },

  /** A new row; updated_at starts at the creation time. */
  toNewRow(reservation: Reservation): Omit<ReservationOrmEntity, 'id'> {
    return {
      userId: reservation.userId,
      seatId: reservation.seatId,
      concertId: reservation.concertId,
      date: reservation.date,
      seatNumber: reservation.seatNumber,
      price: reservation.price,
      status: reservation.status,
      heldUntil: reservation.heldUntil,
      createdAt: reservation.createdAt,
      updatedAt: reservation.createdAt,
    };
  },
};
