import { Injectable } from '@nestjs/common';
import type { WriteResult } from '../../../../shared/infrastructure/mysql.js';
import { Sql } from '../../../../shared/infrastructure/sql.js';
import { SeatInventoryRepository } from '../../domain/seat-inventory.repository.js';

@Injectable()
export class MySqlSeatInventoryRepository extends SeatInventoryRepository {
  constructor(private readonly sql: Sql) {
    super();
  }

  async occupy(seatId: number, reservationId: number, heldUntil: Date, now: Date): Promise<boolean> {
    // The guard of Seat.isAvailableAt(now), under the seat's row lock: it decides who gets the seat.
    return this.update(
      `UPDATE seat FORCE INDEX (PRIMARY) SET status = 'HELD', reservation_id = ?, held_until = ?
        WHERE id = ? AND (status = 'AVAILABLE' OR (status = 'HELD' AND held_until <= ?))`,
      [reservationId, heldUntil, seatId, now],
    );
  }

  async release(seatId: number, reservationId: number): Promise<boolean> {
    return this.update(
      `UPDATE seat FORCE INDEX (PRIMARY) SET status = 'AVAILABLE', reservation_id = NULL, held_until = NULL
        WHERE id = ? AND reservation_id = ? AND status = 'HELD'`,
      [seatId, reservationId],
    );
  }

  async sell(seatId: number, reservationId: number): Promise<boolean> {
    return this.update(
      `UPDATE seat FORCE INDEX (PRIMARY) SET status = 'SOLD', held_until = NULL
        WHERE id = ? AND reservation_id = ? AND status = 'HELD'`,
      [seatId, reservationId],
    );
  }

  // FORCE INDEX (PRIMARY): MariaDB otherwise scans ix_seat_reservation for the release/sell predicates, and
  // the gap locks it takes there under REPEATABLE READ block other seats' holds inside a payment.
  private async update(sql: string, params: unknown[]): Promise<boolean> {
    const result: WriteResult = await this.sql.query(sql, params);
    return result.affectedRows === 1;
  }
}
