import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { seedConcert, type SeededConcert } from '../../../../test/support/catalogue.js';
import { outcome, tally } from '../../../../test/support/reservation.js';
import { startTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { HoldSeatUseCase } from './hold-seat.use-case.js';

// Under contention almost every hold is for a seat already taken; those are refused before any transaction or
// lock (found by `npm run bench`: 1,950 of 2,000 holds on 50 seats went through the whole locked path to lose).
describe('HoldSeatUseCase on a taken seat (MariaDB)', () => {
  let t: TestApp;
  let concert: SeededConcert;
  let hold: HoldSeatUseCase;

  beforeAll(async () => {
    t = await startTestApp({ env: { RESERVATION_HOLD_SECONDS: '300' } });
    concert = await seedConcert(t.db, { now: t.clock.now(), dayOffsets: [3], seatCount: 50, price: () => 1000 });
    hold = t.get(HoldSeatUseCase);
  });
  afterAll(() => t.close());

  it('refuses a held seat with SEAT_UNAVAILABLE without opening a transaction', async () => {
    const seat = { concertId: concert.concertId, date: concert.dates[0], seatNumber: 1 };
    await hold.execute({ userId: randomUUID(), ...seat });
    const transactions = jest.spyOn(t.db, 'transaction');
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => outcome(hold.execute({ userId: randomUUID(), ...seat }))),
    );
    const opened = transactions.mock.calls.length;
    transactions.mockRestore();
    expect(tally(outcomes)).toEqual({ SEAT_UNAVAILABLE: 20 });
    expect(opened).toBe(0);
  });

  it('still lets a seat whose hold ran out be held again at once', async () => {
    const seat = { concertId: concert.concertId, date: concert.dates[0], seatNumber: 2 };
    await hold.execute({ userId: randomUUID(), ...seat });
    t.clock.advanceSeconds(301);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => outcome(hold.execute({ userId: randomUUID(), ...seat }))),
    );
    expect(tally(outcomes)).toEqual({ ok: 1, SEAT_UNAVAILABLE: 9 });
  });
});
