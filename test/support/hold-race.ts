import { jest } from '@jest/globals';
import mysql from 'mysql2/promise';
import { ReservationRepository } from '../../src/modules/reservation/domain/reservation.repository.js';
import type { SeatRef } from '../../src/modules/concert/index.js';
import { SeatInventoryPort } from '../../src/modules/reservation/domain/seat-inventory.port.js';
import { watchDeadlocks } from './reservation.js';
import type { TestApp } from './test-app.js';

/**
 * Makes a race on one seat a real one: the seat row stays locked (FOR UPDATE, on a connection of the test's own)
 * until every hold has seen the seat free and gone on to its transaction, so none is refused early by the read
 * that turns away a seat already taken. Counts, over all the apps given, the holds that passed that read, the
 * users that reached the user lock, and the deadlocks.
 */
export async function holdRace(apps: TestApp[], seat: SeatRef, expectedHolds: number) {
  const { db } = apps[0].config;
  const connection = await mysql.createConnection({
    host: db.host,
    port: db.port,
    user: db.username,
    password: db.password,
    database: db.database,
  });
  await connection.query('START TRANSACTION');
  await connection.query(
    `SELECT s.id FROM seat s JOIN concert_date d ON d.id = s.concert_date_id
      WHERE d.concert_id = ? AND d.date = ? AND s.seat_number = ? FOR UPDATE`,
    [seat.concertId, seat.date, seat.seatNumber],
  );
  let passedSeatCheck = 0;
  const usersLocking = new Set<string>();
  const spies = apps.flatMap((t) => {
    const seats = t.get(SeatInventoryPort);
    const reservations = t.get(ReservationRepository);
    const find = seats.findBookableSeat.bind(seats);
    const lock = reservations.lockUserHolds.bind(reservations);
    return [
      jest.spyOn(seats, 'findBookableSeat').mockImplementation(async (location) => {
        const found = await find(location);
        if (found.available) passedSeatCheck++;
        return found;
      }),
      jest.spyOn(reservations, 'lockUserHolds').mockImplementation((userId) => {
        usersLocking.add(userId);
        return lock(userId);
      }),
    ];
  });
  const deadlocks = apps.map((t) => watchDeadlocks(t));
  let released = false;
  const stop = () => {
    for (const spy of spies) spy.mockRestore();
    for (const watch of deadlocks) watch.stop();
  };
  return {
    /** Waits until every hold has passed the seat read (polled, generous deadline), then frees the seat. */
    async release(): Promise<void> {
      const deadline = Date.now() + 30_000;
      while (passedSeatCheck < expectedHolds) {
        if (Date.now() > deadline) {
          throw new Error(`only ${passedSeatCheck} of ${expectedHolds} holds passed the seat read`);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      released = true;
      await connection.query('COMMIT');
      await connection.end();
    },
    /** Ends the watch (after every hold answered); frees the seat if release() never did. */
    async finish(): Promise<{ passedSeatCheck: number; usersLocking: number; deadlocks: number }> {
      stop();
      if (!released) await connection.end();
      return {
        passedSeatCheck,
        usersLocking: usersLocking.size,
        deadlocks: deadlocks.reduce((sum, watch) => sum + watch.count(), 0),
      };
    },
  };
}
