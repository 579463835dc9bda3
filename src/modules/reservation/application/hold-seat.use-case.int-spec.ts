import { randomUUID } from 'node:crypto';
import { seedConcert, type SeededConcert } from '../../../../test/support/catalogue.js';
import { outcome, seatRow, tally, watchDeadlocks } from '../../../../test/support/reservation.js';
import { startTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { CancelReservationUseCase } from './cancel-reservation.use-case.js';
import { GetReservationUseCase } from './get-reservation.use-case.js';
import { HoldSeatUseCase } from './hold-seat.use-case.js';
import { ReservationFacade } from './reservation.facade.js';

describe('HoldSeatUseCase (MariaDB)', () => {
  let t: TestApp;
  let concert: SeededConcert;
  let hold: HoldSeatUseCase;
  let nextSeat = 1;

  /** A seat nobody has touched yet, on the future date (dates are sorted: [yesterday, in 3 days]). */
  const freshSeat = () => ({ concertId: concert.concertId, date: concert.dates[1], seatNumber: nextSeat++ });

  beforeAll(async () => {
    t = await startTestApp({ env: { RESERVATION_HOLD_SECONDS: '300', RESERVATION_MAX_HOLDS_PER_USER: '4' } });
    concert = await seedConcert(t.db, {
      now: t.clock.now(),
      dayOffsets: [3, -1],
      seatCount: 50,
      price: (n) => 1000 * n,
    });
    hold = t.get(HoldSeatUseCase);
  });

  afterAll(() => t.close());

  it('holds a free seat for RESERVATION_HOLD_SECONDS at the seat price', async () => {
    const seat = freshSeat();
    const userId = randomUUID();
    const now = t.clock.now();
    const view = await hold.execute({ userId, ...seat });
    expect(view).toMatchObject({
      userId,
      concertId: seat.concertId,
      date: seat.date,
      seatNumber: seat.seatNumber,
      price: 1000 * seat.seatNumber,
      status: 'HELD',
    });
    expect(view.heldUntil.getTime() - now.getTime()).toBeGreaterThanOrEqual(300_000);
    expect(view.heldUntil.getTime() - now.getTime()).toBeLessThan(302_000);
    expect(await seatRow(t, seat)).toEqual({
      status: 'HELD',
      reservationId: view.reservationId,
      heldUntil: view.heldUntil,
    });
  });

  it('100 concurrent holds on one seat by 100 users: exactly one wins, 99 × SEAT_UNAVAILABLE', async () => {
    const seat = freshSeat();
    const users = Array.from({ length: 100 }, () => randomUUID());
    const deadlocks = watchDeadlocks(t);
    const results = await Promise.allSettled(users.map((userId) => hold.execute({ userId, ...seat })));
    deadlocks.stop();
    expect(deadlocks.count()).toBe(0);
    const outcomes = await Promise.all(
      results.map((r) => outcome(r.status === 'fulfilled' ? Promise.resolve() : Promise.reject(r.reason))),
    );
    expect(tally(outcomes)).toEqual({ ok: 1, SEAT_UNAVAILABLE: 99 });

    const winner = results.find((r) => r.status === 'fulfilled');
    const winnerId = winner?.status === 'fulfilled' ? winner.value.reservationId : -1;
    expect((await seatRow(t, seat)).reservationId).toBe(winnerId);
    // The losers' inserts rolled back with their transactions.
    const rows: { n: string }[] = await t.db.query(
      'SELECT COUNT(*) AS n FROM reservation WHERE concert_id = ? AND date = ? AND seat_number = ?',
      [seat.concertId, seat.date, seat.seatNumber],
    );
    expect(Number(rows[0].n)).toBe(1);
  });

  it('one user firing 20 concurrent holds on different seats gets exactly RESERVATION_MAX_HOLDS_PER_USER', async () => {
    const userId = randomUUID();
    const seats = Array.from({ length: 20 }, () => freshSeat());
    const deadlocks = watchDeadlocks(t);
    const outcomes = await Promise.all(seats.map((seat) => outcome(hold.execute({ userId, ...seat }))));
    deadlocks.stop();
    expect(tally(outcomes)).toEqual({ ok: 4, HOLD_LIMIT_EXCEEDED: 16 });
    expect(deadlocks.count()).toBe(0);
    const held: { n: string }[] = await t.db.query(
      `SELECT COUNT(*) AS n FROM reservation WHERE user_id = ? AND status = 'HELD'`,
      [userId],
    );
    expect(Number(held[0].n)).toBe(4);
    const seatsHeld: { n: string }[] = await t.db.query(
      `SELECT COUNT(*) AS n FROM seat s JOIN reservation r ON r.id = s.reservation_id WHERE r.user_id = ? AND s.status = 'HELD'`,
      [userId],
    );
    expect(Number(seatsHeld[0].n)).toBe(4);
  });

  it('counts only unpaid holds that still run: cancelled, paid and expired ones free a place', async () => {
    const userId = randomUUID();
    const views = [];
    for (let i = 0; i < 4; i++) views.push(await hold.execute({ userId, ...freshSeat() }));
    expect(await outcome(hold.execute({ userId, ...freshSeat() }))).toBe('HOLD_LIMIT_EXCEEDED');

    await t.get(CancelReservationUseCase).execute(userId, views[0].reservationId);
    const fifth = await hold.execute({ userId, ...freshSeat() });
    expect(await outcome(hold.execute({ userId, ...freshSeat() }))).toBe('HOLD_LIMIT_EXCEEDED');

    await t.get(ReservationFacade).confirm(userId, views[1].reservationId, t.clock.now());
    await hold.execute({ userId, ...freshSeat() });
    expect(await outcome(hold.execute({ userId, ...freshSeat() }))).toBe('HOLD_LIMIT_EXCEEDED');

    t.clock.advanceSeconds(300); // every hold of this user has run out; no job has run
    expect((await t.get(GetReservationUseCase).execute(userId, fifth.reservationId)).status).toBe('EXPIRED');
    const again = await Promise.all(Array.from({ length: 4 }, () => outcome(hold.execute({ userId, ...freshSeat() }))));
    expect(again).toEqual(['ok', 'ok', 'ok', 'ok']);
  });

  it('a hold past its time frees the seat for the next user at once, with no job; the first reads EXPIRED', async () => {
    const seat = freshSeat();
    const first = randomUUID();
    const second = randomUUID();
    const held = await hold.execute({ userId: first, ...seat });
    expect(await outcome(hold.execute({ userId: second, ...seat }))).toBe('SEAT_UNAVAILABLE');

    // The test clock also runs in real time: stop a second short of the end, then step past it.
    t.clock.advance(held.heldUntil.getTime() - t.clock.now().getTime() - 1000);
    expect(await outcome(hold.execute({ userId: second, ...seat }))).toBe('SEAT_UNAVAILABLE');

    t.clock.advance(1000);
    const next = await hold.execute({ userId: second, ...seat });
    expect(next.status).toBe('HELD');
    expect((await t.get(GetReservationUseCase).execute(first, held.reservationId)).status).toBe('EXPIRED');
    expect((await seatRow(t, seat)).reservationId).toBe(next.reservationId);
  });

  it('refuses a seat the same user already holds', async () => {
    const seat = freshSeat();
    const userId = randomUUID();
    await hold.execute({ userId, ...seat });
    expect(await outcome(hold.execute({ userId, ...seat }))).toBe('SEAT_UNAVAILABLE');
  });

  it('refuses a sold seat', async () => {
    const seat = freshSeat();
    const userId = randomUUID();
    const held = await hold.execute({ userId, ...seat });
    await t.get(ReservationFacade).confirm(userId, held.reservationId, t.clock.now());
    t.clock.advanceSeconds(600); // a sold seat never comes back
    expect(await outcome(hold.execute({ userId: randomUUID(), ...seat }))).toBe('SEAT_UNAVAILABLE');
  });

  it.each([
    ['an unknown concert', 'CONCERT_NOT_FOUND', () => ({ concertId: 999_999, date: concert.dates[1], seatNumber: 1 })],
    [
      'a day the concert does not play',
      'DATE_NOT_FOUND',
      () => ({ concertId: concert.concertId, date: '2099-01-01', seatNumber: 1 }),
    ],
    ['a past day', 'DATE_NOT_FOUND', () => ({ concertId: concert.concertId, date: concert.dates[0], seatNumber: 1 })],
    [
      'a seat number the date lacks',
      'SEAT_NOT_FOUND',
      () => ({ concertId: concert.concertId, date: concert.dates[1], seatNumber: 51 }),
    ],
  ])('%s → %s, and nothing is stored', async (_name, code, seat) => {
    const userId = randomUUID();
    expect(await outcome(hold.execute({ userId, ...seat() }))).toBe(code);
    const rows: { n: string }[] = await t.db.query('SELECT COUNT(*) AS n FROM reservation WHERE user_id = ?', [userId]);
    expect(Number(rows[0].n)).toBe(0);
  });
});
