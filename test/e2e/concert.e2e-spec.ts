import { SEAT_CACHE_BOUND_MS } from '../../src/modules/concert/application/seat-map-cache.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { seedConcert, type SeededConcert } from '../support/catalogue.js';
import { activeCaller, type Caller, waitingCaller } from '../support/queue.js';

describe('Concert catalogue (e2e)', () => {
  let t: TestApp;
  let concert: SeededConcert;
  let caller: Caller;
  const get = <T = Record<string, unknown>>(path: string) => t.http.get<T>(path, { token: caller.token });

  beforeAll(async () => {
    t = await startTestApp();
    const now = t.clock.now();
    concert = await seedConcert(t.db, {
      now,
      dayOffsets: [-3, 0, 5, 2],
      price: (n) => (n <= 10 ? 150_000 : 80_000),
      title: 'First',
    });
    await seedConcert(t.db, { now, dayOffsets: [1], title: 'Second' });
    caller = await activeCaller(t);
  });

  afterAll(() => t.close());

  it('lists concerts by id', async () => {
    const res = await t.http.get('/concerts');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      concerts: [
        { id: concert.concertId, title: 'First', venue: 'Test Hall' },
        { id: concert.concertId + 1, title: 'Second', venue: 'Test Hall' },
      ],
    });
  });

  it('lists only dates from today on, ascending, with seat counts', async () => {
    const res = await get(`/concerts/${concert.concertId}/dates`);
    expect(res.status).toBe(200);
    // dates[0] is three days ago: not reservable any more
    expect(res.body).toEqual({
      concertId: concert.concertId,
      dates: concert.dates.slice(1).map((date) => ({ date, availableSeats: 50, totalSeats: 50 })),
    });
  });

  it('hides a date with no free seat and counts a held seat as taken until its hold runs out', async () => {
    const [, today, inTwo] = concert.dateIds;
    await t.db.query(`UPDATE seat SET status = 'SOLD' WHERE concert_date_id = ?`, [today]);
    const until = new Date(t.clock.now().getTime() + 60_000);
    await t.db.query(
      `UPDATE seat SET status = 'HELD', held_until = ?, reservation_id = 1 WHERE concert_date_id = ? AND seat_number <= 3`,
      [until, inTwo],
    );
    // Written behind the app's back, as another instance would: it shows once the seat maps it read are too old.
    t.clock.advance(SEAT_CACHE_BOUND_MS + 1);

    const res = await get<{ dates: { date: string; availableSeats: number }[] }>(
      `/concerts/${concert.concertId}/dates`,
    );
    expect(res.body.dates).toEqual([
      { date: concert.dates[2], availableSeats: 47, totalSeats: 50 },
      { date: concert.dates[3], availableSeats: 50, totalSeats: 50 },
    ]);
    const seats = await get<{ seats: { seatNumber: number }[] }>(
      `/concerts/${concert.concertId}/dates/${concert.dates[2]}/seats`,
    );
    expect(seats.body.seats.map((s) => s.seatNumber)).toEqual(Array.from({ length: 47 }, (_, i) => i + 4));

    t.clock.advance(60_000);
    const later = await get<{ dates: { date: string; availableSeats: number }[] }>(
      `/concerts/${concert.concertId}/dates`,
    );
    expect(later.body.dates[0]).toEqual({ date: concert.dates[2], availableSeats: 50, totalSeats: 50 });
    const seatsLater = await get<{ seats: unknown[] }>(
      `/concerts/${concert.concertId}/dates/${concert.dates[2]}/seats`,
    );
    expect(seatsLater.body.seats).toHaveLength(50);
  });

  it('lists free seats ascending with their prices', async () => {
    const res = await get(`/concerts/${concert.concertId}/dates/${concert.dates[3]}/seats`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      concertId: concert.concertId,
      date: concert.dates[3],
      seats: Array.from({ length: 50 }, (_, i) => ({ seatNumber: i + 1, price: i < 10 ? 150_000 : 80_000 })),
    });
  });

  it('lists the dates of each concert on its own', async () => {
    const res = await get(`/concerts/${concert.concertId + 1}/dates`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      concertId: concert.concertId + 1,
      dates: [{ date: expect.any(String), availableSeats: 50, totalSeats: 50 }],
    });
  });

  describe('queue token', () => {
    const routes = () => [
      `/concerts/${concert.concertId}/dates`,
      `/concerts/${concert.concertId}/dates/${concert.dates[3]}/seats`,
    ];

    it('GET /concerts is public', async () => {
      expect((await t.http.get('/concerts')).status).toBe(200);
    });

    it('the date and seat routes refuse a request without a token → 401 QUEUE_TOKEN_MISSING', async () => {
      for (const path of routes()) {
        const res = await t.http.get(path);
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({ statusCode: 401, code: 'QUEUE_TOKEN_MISSING' });
      }
    });

    it('refuse an unknown or malformed token → 401 QUEUE_TOKEN_INVALID', async () => {
      for (const path of routes()) {
        for (const token of [
          'nope',
          'x'.repeat(43),
          caller.token.slice(0, -1) + (caller.token.endsWith('A') ? 'B' : 'A'),
        ]) {
          const res = await t.http.get(path, { token });
          expect(res.status).toBe(401);
          expect(res.body).toMatchObject({ code: 'QUEUE_TOKEN_INVALID' });
        }
      }
    });

    it('refuse a WAITING token → 403 QUEUE_TOKEN_NOT_ACTIVE', async () => {
      const waiting = await waitingCaller(t);
      for (const path of routes()) {
        const res = await t.http.get(path, { token: waiting.token });
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ statusCode: 403, code: 'QUEUE_TOKEN_NOT_ACTIVE' });
      }
    });

    it('checks the token before validating the path', async () => {
      expect((await t.http.get('/concerts/abc/dates')).status).toBe(401);
    });
  });

  describe('bad input', () => {
    it.each([
      ['/concerts/abc/dates'],
      ['/concerts/0/dates'],
      ['/concerts/-1/dates'],
      ['/concerts/1.5/dates'],
      ['/concerts/1e3/dates'],
      ['/concerts/99999999999/dates'],
      ['/concerts/abc/dates/2026-12-24/seats'],
      ['/concerts/1/dates/2026-13-01/seats'],
      ['/concerts/1/dates/2026-02-30/seats'],
      ['/concerts/1/dates/20261224/seats'],
      ['/concerts/1/dates/tomorrow/seats'],
    ])('%s → 400 VALIDATION_FAILED', async (path) => {
      const res = await get(path);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    });

    it('an unknown concert → 404 CONCERT_NOT_FOUND on both routes', async () => {
      const dates = await get('/concerts/999999/dates');
      expect(dates.status).toBe(404);
      expect(dates.body).toEqual({
        statusCode: 404,
        code: 'CONCERT_NOT_FOUND',
        message: 'Concert 999999 does not exist',
      });
      const seats = await get(`/concerts/999999/dates/${concert.dates[3]}/seats`);
      expect(seats.status).toBe(404);
      expect(seats.body).toMatchObject({ code: 'CONCERT_NOT_FOUND' });
    });

    it('a date the concert does not play, or a past one → 404 DATE_NOT_FOUND', async () => {
      const notPlayed = await get(`/concerts/${concert.concertId}/dates/2099-01-01/seats`);
      expect(notPlayed.status).toBe(404);
      expect(notPlayed.body).toMatchObject({ code: 'DATE_NOT_FOUND' });
      const past = await get(`/concerts/${concert.concertId}/dates/${concert.dates[0]}/seats`);
      expect(past.status).toBe(404);
      expect(past.body).toMatchObject({ code: 'DATE_NOT_FOUND' });
    });

    it('an unknown route → 404 NOT_FOUND', async () => {
      const res = await t.http.get('/concerts/1/nothing');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'No such route' });
    });
  });
});
