import { Injectable } from '@nestjs/common';
import type { WriteResult } from '../../../../shared/infrastructure/mysql.js';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Sql } from '../../../../shared/infrastructure/sql.js';
import type { Reservation } from '../../domain/reservation.js';
import { type ExpiredHold, ReservationRepository } from '../../domain/reservation.repository.js';
import { ReservationMapper } from './reservation.mapper.js';
import { ReservationOrmEntity } from './reservation.orm-entity.js';

@Injectable()
export class MySqlReservationRepository extends ReservationRepository {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly sql: Sql,
  ) {
    super();
  }

  async lockUserHolds(userId: string): Promise<boolean> {
    // A locking read of an existing row by primary key locks that record alone, no gap: other users never wait.
    const rows: unknown[] = await this.sql.query(
      'SELECT user_id FROM reservation_user_lock WHERE user_id = ? FOR UPDATE',
      [userId],
    );
    return rows.length === 1;
  }

  async createUserHoldsLock(userId: string): Promise<void> {
    // Never inside the hold's transaction: when a transaction that inserted a row rolls back, InnoDB turns the
    // locks of those waiting on the row into gap locks, and first-time users racing deadlocked on them.
    if (this.txHost.isTransactionActive()) throw new Error('createUserHoldsLock must run outside a transaction');
    await this.sql.query(
      'INSERT INTO reservation_user_lock (user_id) VALUES (?) ON DUPLICATE KEY UPDATE user_id = user_id',
      [userId],
    );
  }

  async countActiveHolds(userId: string, now: Date): Promise<number> {
    const rows: { n: string | number }[] = await this.sql.query(
      `SELECT COUNT(*) AS n FROM reservation WHERE user_id = ? AND status = 'HELD' AND held_until > ?`,
      [userId, now],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async insert(reservation: Reservation): Promise<number> {
    // Plain SQL: TypeORM's insert builder cost more CPU than the statement itself on this hot path (bench).
    const row = ReservationMapper.toNewRow(reservation);
    const result: { insertId: number } = await this.sql.query(
      `INSERT INTO reservation (user_id, seat_id, concert_id, date, seat_number, price, status, held_until, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        row.userId,
        row.seatId,
        row.concertId,
        row.date,
        row.seatNumber,
        row.price,
        row.status,
        row.heldUntil,
        row.createdAt,
        row.updatedAt,
      ],
    );
    return Number(result.insertId);
  }

  async findForUser(
    reservationId: number,
    userId: string,
    options: { lock?: boolean } = {},
  ): Promise<Reservation | null> {
    // By primary key alone, so a locking read locks this one row; the owner never changes, so it is checked here.
    const row = await this.txHost.tx.getRepository(ReservationOrmEntity).findOne({
      where: { id: reservationId },
      ...(options.lock && this.txHost.isTransactionActive() ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return row && row.userId === userId ? ReservationMapper.toDomain(row) : null;
  }

  async saveEnd(reservation: Reservation, now: Date): Promise<boolean> {
    const result: WriteResult = await this.sql.query(
      // FORCE INDEX: left alone, MariaDB scans ix_reservation_status_held_until (every running hold) for this
      // update, and its next-key locks made payments and the release job deadlock.
      `UPDATE reservation FORCE INDEX (PRIMARY) SET status = ?, updated_at = ?
        WHERE id = ? AND user_id = ? AND status = 'HELD' AND held_until > ?`,
      [reservation.status, now, reservation.id, reservation.userId, now],
    );
    return result.affectedRows === 1;
  }

  async expireHolds(now: Date, limit: number): Promise<ExpiredHold[]> {
    // Locking by primary key only: a FOR UPDATE scan of ix_reservation_status_held_until takes next-key locks,
    // and two runs inserting their EXPIRED index entries into each other's locked gaps deadlocked.
    const candidates: { id: number }[] = await this.sql.query(
      `SELECT id FROM reservation WHERE status = 'HELD' AND held_until <= ? ORDER BY held_until ASC LIMIT ?`,
      [now, limit * 2],
    );
    if (candidates.length === 0) return [];
    const locked: { id: number; seatId: number; status: string; heldUntil: Date }[] = await this.sql.query(
      `SELECT id, seat_id AS seatId, status, held_until AS heldUntil FROM reservation
        WHERE id IN (?) LIMIT ? FOR UPDATE SKIP LOCKED`,
      [candidates.map((row) => row.id), limit],
    );
    // Decided under the row locks: the rows cannot change before this transaction ends.
    const due = locked.filter((row) => row.status === 'HELD' && row.heldUntil.getTime() <= now.getTime());
    if (due.length === 0) return [];
    await this.sql.query(`UPDATE reservation SET status = 'EXPIRED', updated_at = ? WHERE id IN (?)`, [
      now,
      due.map((row) => row.id),
    ]);
    return due.map((row) => ({ reservationId: Number(row.id), seatId: Number(row.seatId) }));
  }
}
