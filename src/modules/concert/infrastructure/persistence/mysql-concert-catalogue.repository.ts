import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Sql } from '../../../../shared/infrastructure/sql.js';
import type { AvailableSeat, Concert, ReservableDate, SeatRef } from '../../domain/concert.js';
import { ConcertCatalogueRepository } from '../../domain/concert-catalogue.repository.js';
import type { Seat } from '../../domain/seat.js';
import { ConcertMapper } from './concert.mapper.js';
import { ConcertOrmEntity, type SeatOrmEntity } from './concert.orm-entity.js';

// One predicate for "available", shared by every read: a hold that ran out counts as free.
const AVAILABLE = `(s.status = 'AVAILABLE' OR (s.status = 'HELD' AND s.held_until <= ?))`;

@Injectable()
export class MySqlConcertCatalogueRepository extends ConcertCatalogueRepository {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly sql: Sql,
  ) {
    super();
  }

  async listConcerts(): Promise<Concert[]> {
    const rows = await this.txHost.tx.getRepository(ConcertOrmEntity).find({ order: { id: 'ASC' } });
    return rows.map((row) => ConcertMapper.toConcert(row));
  }

  concertExists(concertId: number): Promise<boolean> {
    return this.txHost.tx.getRepository(ConcertOrmEntity).exists({ where: { id: concertId } });
  }

  async listReservableDates(concertId: number, fromDay: string, now: Date): Promise<ReservableDate[]> {
    // uq_concert_date (concert_id, date) drives the range; uq_seat_date_number reads each date's 50 seats.
    const rows: { date: string; availableSeats: string; totalSeats: string }[] = await this.sql.query(
      `SELECT d.date AS date, SUM(${AVAILABLE}) AS availableSeats, COUNT(*) AS totalSeats
         FROM concert_date d JOIN seat s ON s.concert_date_id = d.id
        WHERE d.concert_id = ? AND d.date >= ?
        GROUP BY d.id, d.date
       HAVING availableSeats > 0
        ORDER BY d.date ASC`,
      [now, concertId, fromDay],
    );
    return rows.map((row) => ({
      date: row.date,
      availableSeats: Number(row.availableSeats),
      totalSeats: Number(row.totalSeats),
    }));
  }

  // The lookups of the seat list and of a hold are plain SQL: TypeORM's query builder cost more CPU per call than
  // the query itself (bench/profile-summary.mjs). uq_concert_date and uq_seat_date_number make both one-row reads.
  async findConcertDateId(concertId: number, date: string): Promise<number | null> {
    const rows: { id: number }[] = await this.sql.query(
      'SELECT id FROM concert_date WHERE concert_id = ? AND date = ?',
      [concertId, date],
    );
    return rows.length ? Number(rows[0].id) : null;
  }

  async listAvailableSeats(concertDateId: number, now: Date): Promise<AvailableSeat[]> {
    const rows: { seatNumber: number; price: number }[] = await this.sql.query(
      `SELECT s.seat_number AS seatNumber, s.price AS price
         FROM seat s
        WHERE s.concert_date_id = ? AND ${AVAILABLE}
        ORDER BY s.seat_number ASC`,
      [concertDateId, now],
    );
    return rows.map((row) => ({ seatNumber: Number(row.seatNumber), price: Number(row.price) }));
  }

  async findSeat(ref: SeatRef): Promise<Seat | null> {
    const rows: SeatOrmEntity[] = await this.sql.query(
      `SELECT s.id, s.concert_date_id AS concertDateId, s.seat_number AS seatNumber, s.price, s.status,
              s.reservation_id AS reservationId, s.held_until AS heldUntil
         FROM concert_date d JOIN seat s ON s.concert_date_id = d.id
        WHERE d.concert_id = ? AND d.date = ? AND s.seat_number = ?`,
      [ref.concertId, ref.date, ref.seatNumber],
    );
    return rows.length ? ConcertMapper.toSeat(rows[0]) : null;
  }
}
