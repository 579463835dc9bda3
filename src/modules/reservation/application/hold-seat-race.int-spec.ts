import { randomUUID } from 'node:crypto';
import mysql from 'mysql2/promise';
import { seedConcert, type SeededConcert } from '../../../../test/support/catalogue.js';
import { holdRace } from '../../../../test/support/hold-race.js';
import { outcome, seatDealer, seatRow, tally } from '../../../../test/support/reservation.js';
import { startTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { ReservationRepository } from '../domain/reservation.repository.js';
import { HoldSeatUseCase } from './hold-seat.use-case.js';

// Found over HTTP: first-time users racing for one seat got 500s from InnoDB deadlocks on the insert of their
// user lock rows. Every race here holds the seat until all holds are past the seat read, so all of them lock.
describe('HoldSeatUseCase races of first-time users (MariaDB)', () => {
  let t: TestApp;
  let concert: SeededConcert;
  let hold: HoldSeatUseCase;
  let freshSeat: ReturnType<typeof seatDealer>;

  const users = (n: number) => Array.from({ length: n }, () => randomUUID());

  /** Every request holds the same fresh seat; all pass the seat read before the seat is taken. */
  async function race(requests: string[]) {
    const seat = freshSeat();
    const gate = await holdRace([t], seat, requests.length);
    const outcomes = Promise.all(requests.map((userId) => outcome(hold.execute({ userId, ...seat }))));
    await gate.release();
    const results = await outcomes;
    const watched = await gate.finish();
    const stored: { n: string }[] = await t.db.query(
      'SELECT COUNT(*) AS n FROM reservation WHERE concert_id = ? AND date = ? AND seat_number = ?',
      [seat.concertId, seat.date, seat.seatNumber],
    );
    return { seat, tally: tally(results), ...watched, stored: Number(stored[0].n) };
  }

  beforeAll(async () => {
    t = await startTestApp({ env: { RESERVATION_HOLD_SECONDS: '300', RESERVATION_MAX_HOLDS_PER_USER: '4' } });
    concert = await seedConcert(t.db, { now: t.clock.now(), dayOffsets: [3], seatCount: 100, price: () => 1000 });
    hold = t.get(HoldSeatUseCase);
    freshSeat = seatDealer(concert, 100);
  });

  afterAll(() => t.close());

  it.each([60, 500])('%i first-time users on one seat: 1 hold, the rest SEAT_UNAVAILABLE, no deadlock', async (n) => {
    const result = await race(users(n));
    expect(result).toMatchObject({
      tally: { ok: 1, SEAT_UNAVAILABLE: n - 1 },
      passedSeatCheck: n,
      usersLocking: n,
      deadlocks: 0,
      stored: 1,
    });
    expect((await seatRow(t, result.seat)).status).toBe('HELD');
  });

  it('60 returning users (their lock rows exist) on one seat: 1 hold, 59 SEAT_UNAVAILABLE, no deadlock', async () => {
    const returning = users(60);
    for (const userId of returning) await t.get(ReservationRepository).createUserHoldsLock(userId);
    expect(await race(returning)).toMatchObject({
      tally: { ok: 1, SEAT_UNAVAILABLE: 59 },
      passedSeatCheck: 60,
      usersLocking: 60,
      deadlocks: 0,
      stored: 1,
    });
  });

  // A lock row inserted by a hold that then lost the seat was rolled back; InnoDB turned the locks of the holds
  // waiting on it into gap locks, and those deadlocked each other and other users inserting into the same gap.
  it('60 first-time users sending 3 holds each at once on one seat: 1 hold, 179 SEAT_UNAVAILABLE, no deadlock', async () => {
    const firstTimers = users(60);
    const result = await race(firstTimers.flatMap((userId) => [userId, userId, userId]));
    expect(result).toMatchObject({
      tally: { ok: 1, SEAT_UNAVAILABLE: 179 },
      passedSeatCheck: 180,
      usersLocking: 60,
      deadlocks: 0,
      stored: 1,
    });
  });

  it('a first-time user bursting on free seats still gets exactly RESERVATION_MAX_HOLDS_PER_USER', async () => {
    const userId = randomUUID();
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => freshSeat()).map((seat) => outcome(hold.execute({ userId, ...seat }))),
    );
    expect(tally(outcomes)).toEqual({ ok: 4, HOLD_LIMIT_EXCEEDED: 16 });
    const held: { n: string }[] = await t.db.query(
      `SELECT COUNT(*) AS n FROM reservation WHERE user_id = ? AND status = 'HELD'`,
      [userId],
    );
    expect(Number(held[0].n)).toBe(4);
  });

  it("holds of other users, first-time or not, never wait on a user's lock held elsewhere", async () => {
    const busy = randomUUID();
    await t.get(ReservationRepository).createUserHoldsLock(busy);
    const { db } = t.config;
    const other = await mysql.createConnection({
      host: db.host,
      port: db.port,
      user: db.username,
      password: db.password,
      database: db.database,
    });
    try {
      // REPEATABLE READ, the server's default: the strictest locking another transaction can hold this row with.
      await other.query('START TRANSACTION');
      await other.query('SELECT user_id FROM reservation_user_lock WHERE user_id = ? FOR UPDATE', [busy]);
      const returning = users(10);
      for (const userId of returning) await t.get(ReservationRepository).createUserHoldsLock(userId);
      // Would hang until the lock wait timeout if any of them queued behind the busy user's lock.
      const outcomes = await Promise.all(
        [...users(20), ...returning].map((userId) => outcome(hold.execute({ userId, ...freshSeat() }))),
      );
      expect(tally(outcomes)).toEqual({ ok: 30 });
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
  });
});
