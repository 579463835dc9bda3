import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Sql } from '../../../../shared/infrastructure/sql.js';
import type { Concert, ConcertDate } from '../../domain/concert.js';
import { ConcertCatalogueRepository } from '../../domain/concert-catalogue.repository.js';
import type { Seat } from '../../domain/seat.js';
import { ConcertMapper } from './concert.mapper.js';
import { ConcertOrmEntity, type SeatOrmEntity } from './concert.orm-entity.js';

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

  async listDates(concertId: number): Promise<ConcertDate[]> {
    // uq_concert_date (concert_id, date) serves both the filter and the order.
    const rows: { id: number; date: string }[] = await this.sql.query(
      'SELECT id, date FROM concert_date WHERE concert_id = ? ORDER BY date',
      [concertId],
    );
    return rows.map((row) => ({ id: Number(row.id), date: row.date }));
  }

  async listSeats(concertDateId: number): Promise<Seat[]> {
    // uq_seat_date_number (concert_date_id, seat_number): one range of 50 index entries.
    const rows: SeatOrmEntity[] = await this.sql.query(
      `SELECT id, concert_date_id AS concertDateId, seat_number AS seatNumber, price, status,
              reservation_id AS reservationId, held_until AS heldUntil
         FROM seat WHERE concert_date_id = ? ORDER BY seat_number`,
      [concertDateId],
    );
    return rows.map((row) => ConcertMapper.toSeat(row));
  }
}
