import { randomUUID } from 'node:crypto';
import { seedConcert, type SeededConcert } from '../support/catalogue.js';
import { activeCaller, activeCallers, type Caller, waitingCaller } from '../support/queue.js';
import { watchDeadlocks } from '../support/reservation.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface ReservationBody {
  reservationId: number;
  concertId: number;
  date: string;
  seatNumber: number;
  price: number;
  status: string;
  heldUntil: string;
}

const HOLD_SECONDS = 300;

describe('Reservations: hold, read, cancel (e2e)', () => {
  let t: TestApp;
  let concert: SeededConcert; // dates: [yesterday, in 2 days, in 3 days], 50 seats
  let small: SeededConcert; // one date with 30 seats
  let tiny: SeededConcert; // one date with 2 seats
  let caller: Caller;
  let nextSeat = 1;

  const seatOnDay2 = () => ({ concertId: concert.concertId, date: concert.dates[2], seatNumber: nextSeat++ });
  const hold = (who: Caller, body: unknown) =>
    t.http.post<ReservationBody>('/reservations', body, { token: who.token });
  const read = (who: Caller, id: number) => t.http.get<ReservationBody>(`/reservations/${id}`, { token: who.token });
  const cancel = (who: Caller, id: number) =>
    t.http.delete<ReservationBody>(`/reservations/${id}`, { token: who.token });
  const freeSeats = async (who: Caller, c: SeededConcert, date: string) =>
    (
      await t.http.get<{ seats: { seatNumber: number }[] }>(`/concerts/${c.concertId}/dates/${date}/seats`, {
        token: who.token,
      })
    ).body.seats.map((s) => s.seatNumber);
  const dates = async (who: Caller, c: SeededConcert) =>
    (
      await t.http.get<{ dates: { date: string; availableSeats: number }[] }>(`/concerts/${c.concertId}/dates`, {
        token: who.token,
      })
    ).body.dates;

  const holdsTotal = async () => {
    const line = (await t.http.get('/metrics')).text.split('\n').find((l) => l.startsWith('reservation_holds_total '));
    return Number(line?.split(' ')[1]);
  };

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        QUEUE_MAX_ACTIVE: '10000',
        QUEUE_ACTIVE_TTL_SECONDS: '86400', // tests move the clock by hold times; tokens must outlive them
        RESERVATION_HOLD_SECONDS: String(HOLD_SECONDS),
        RESERVATION_MAX_HOLDS_PER_USER: '4',
      },
    });
    const now = t.clock.now();
    concert = await seedConcert(t.db, { now, dayOffsets: [-1, 2, 3], price: (n) => (n <= 10 ? 150_000 : 80_000) });
    small = await seedConcert(t.db, { now, dayOffsets: [2], seatCount: 30 });
    tiny = await seedConcert(t.db, { now, dayOffsets: [5], seatCount: 2 });
    caller = await activeCaller(t);
  });

  afterAll(() => t.close());

  it('holds a seat: 201 with the contract body, and GET returns the same', async () => {
    const holdsBefore = await holdsTotal();
    const seat = { concertId: concert.concertId, date: concert.dates[1], seatNumber: 7 };
    const before = t.clock.now().getTime();
    const res = await hold(caller, seat);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      reservationId: expect.any(Number),
      ...seat,
      price: 150_000,
      status: 'HELD',
      heldUntil: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    });
    const heldFor = Date.parse(res.body.heldUntil) - before;
    expect(heldFor).toBeGreaterThanOrEqual(HOLD_SECONDS * 1000 - 50);
    expect(heldFor).toBeLessThan(HOLD_SECONDS * 1000 + 5000);

    expect(await holdsTotal()).toBe(holdsBefore + 1);
    expect((await hold(caller, seat)).status).toBe(409);
    expect(await holdsTotal()).toBe(holdsBefore + 1); // only placed holds count

    const got = await read(caller, res.body.reservationId);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
    await cancel(caller, res.body.reservationId);
  });

  it('100 concurrent holds of one seat by 100 users: exactly one 201, 99 × 409 SEAT_UNAVAILABLE, no 5xx', async () => {
    const callers = await activeCallers(t, 100);
    const seat = seatOnDay2();
    const deadlocks = watchDeadlocks(t);
    const responses = await Promise.all(callers.map((c) => hold(c, seat)));
    deadlocks.stop();
    expect(deadlocks.count()).toBe(0);
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(99);
    for (const r of responses.filter((r) => r.status === 409)) {
      expect(r.body).toEqual({
        statusCode: 409,
        code: 'SEAT_UNAVAILABLE',
        message: `Seat ${seat.seatNumber} on ${seat.date} is not available`,
      });
    }
    const winner = responses.findIndex((r) => r.status === 201);
    const mine = await read(callers[winner], responses[winner].body.reservationId);
    expect(mine.body.status).toBe('HELD');
    expect(await freeSeats(caller, concert, seat.date)).not.toContain(seat.seatNumber);
  });

  it('one user firing 20 concurrent holds on different seats gets exactly 4 (RESERVATION_MAX_HOLDS_PER_USER)', async () => {
    const user = await activeCaller(t);
    const seats = Array.from({ length: 20 }, () => seatOnDay2());
    const responses = await Promise.all(seats.map((seat) => hold(user, seat)));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(4);
    const refused = responses.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(16);
    for (const r of refused) expect(r.body).toMatchObject({ statusCode: 409, code: 'HOLD_LIMIT_EXCEEDED' });

    // A cancel gives one place back.
    await cancel(user, responses.find((r) => r.status === 201)!.body.reservationId);
    expect((await hold(user, seatOnDay2())).status).toBe(201);
    expect((await hold(user, seatOnDay2())).body).toMatchObject({ code: 'HOLD_LIMIT_EXCEEDED' });
  });

  it('free seats and dates reflect a hold, a cancel and an expiry the moment they happen, with no job', async () => {
    const [a, b] = [await activeCaller(t), await activeCaller(t)];
    const date = concert.dates[1];
    const seatNumber = 20;
    const availableOnDate = async () => (await dates(caller, concert)).find((d) => d.date === date)!.availableSeats;
    const freeBefore = await availableOnDate();
    expect(await freeSeats(caller, concert, date)).toContain(seatNumber);

    const held = await hold(a, { concertId: concert.concertId, date, seatNumber });
    expect(held.status).toBe(201);
    expect(await freeSeats(caller, concert, date)).not.toContain(seatNumber);
    expect(await availableOnDate()).toBe(freeBefore - 1);

    const cancelled = await cancel(a, held.body.reservationId);
    expect(cancelled.status).toBe(200);
    expect(await freeSeats(caller, concert, date)).toContain(seatNumber);
    expect(await availableOnDate()).toBe(freeBefore);

    const again = await hold(a, { concertId: concert.concertId, date, seatNumber });
    expect(again.status).toBe(201);
    expect((await hold(b, { concertId: concert.concertId, date, seatNumber })).body).toMatchObject({
      code: 'SEAT_UNAVAILABLE',
    });
    // The clock also runs in real time: stop a second short of the end, then step past it.
    t.clock.advance(Date.parse(again.body.heldUntil) - t.clock.now().getTime() - 1000);
    expect(await freeSeats(caller, concert, date)).not.toContain(seatNumber);
    expect((await read(a, again.body.reservationId)).body.status).toBe('HELD');

    t.clock.advance(1000); // the hold's time is up; SCHEDULERS_ENABLED is false here, so no job runs
    expect(await freeSeats(caller, concert, date)).toContain(seatNumber);
    expect(await availableOnDate()).toBe(freeBefore);
    expect((await read(a, again.body.reservationId)).body).toEqual({ ...again.body, status: 'EXPIRED' });
    expect((await cancel(a, again.body.reservationId)).body).toEqual({
      statusCode: 409,
      code: 'RESERVATION_EXPIRED',
      message: `Reservation ${again.body.reservationId} is no longer held`,
    });

    const taken = await hold(b, { concertId: concert.concertId, date, seatNumber });
    expect(taken.status).toBe(201);
    expect(await freeSeats(caller, concert, date)).not.toContain(seatNumber);
    expect((await read(a, again.body.reservationId)).body.status).toBe('EXPIRED');
  });

  it('a date whose every seat is held leaves the date list, and comes back when one is given back', async () => {
    const [a, b] = [await activeCaller(t), await activeCaller(t)];
    const first = await hold(a, { concertId: tiny.concertId, date: tiny.dates[0], seatNumber: 1 });
    expect(await dates(caller, tiny)).toEqual([{ date: tiny.dates[0], availableSeats: 1, totalSeats: 2 }]);
    await hold(b, { concertId: tiny.concertId, date: tiny.dates[0], seatNumber: 2 });
    expect(await dates(caller, tiny)).toEqual([]);
    expect(await freeSeats(caller, tiny, tiny.dates[0])).toEqual([]);
    await cancel(a, first.body.reservationId);
    expect(await dates(caller, tiny)).toEqual([{ date: tiny.dates[0], availableSeats: 1, totalSeats: 2 }]);
  });

  describe('DELETE /reservations/:id', () => {
    it('gives a hold back: 200 CANCELLED, and the same 200 again', async () => {
      const held = await hold(caller, seatOnDay2());
      const first = await cancel(caller, held.body.reservationId);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ ...held.body, status: 'CANCELLED' });
      const second = await cancel(caller, held.body.reservationId);
      expect(second.status).toBe(200);
      expect(second.body).toEqual(first.body);
      expect((await read(caller, held.body.reservationId)).body.status).toBe('CANCELLED');
    });

    it('a paid reservation → 409 RESERVATION_ALREADY_PAID', async () => {
      const buyer = await activeCaller(t);
      const held = await hold(buyer, seatOnDay2());
      expect((await t.http.post('/points/charge', { amount: 200_000 }, { token: buyer.token })).status).toBe(200);
      const paid = await t.http.post('/payments', { reservationId: held.body.reservationId }, { token: buyer.token });
      expect(paid.status).toBe(201);
      const next = await activeCaller(t, buyer.userId); // the payment expired the first token
      expect((await read(next, held.body.reservationId)).body.status).toBe('CONFIRMED');
      const res = await cancel(next, held.body.reservationId);
      expect(res.status).toBe(409);
      expect(res.body).toEqual({
        statusCode: 409,
        code: 'RESERVATION_ALREADY_PAID',
        message: `Reservation ${held.body.reservationId} is already paid`,
      });
      expect((await read(next, held.body.reservationId)).body.status).toBe('CONFIRMED');
    });
  });

  describe('ownership', () => {
    it("another user's reservation is 404 RESERVATION_NOT_FOUND on GET and DELETE, and stays as it was", async () => {
      const owner = await activeCaller(t);
      const stranger = await activeCaller(t);
      const held = await hold(owner, seatOnDay2());
      for (const res of [
        await read(stranger, held.body.reservationId),
        await cancel(stranger, held.body.reservationId),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body).toEqual({
          statusCode: 404,
          code: 'RESERVATION_NOT_FOUND',
          message: `Reservation ${held.body.reservationId} does not exist`,
        });
      }
      expect((await read(owner, held.body.reservationId)).body.status).toBe('HELD');
    });

    it('a reservation that does not exist is 404 RESERVATION_NOT_FOUND', async () => {
      expect((await read(caller, 2_000_000_000)).body).toMatchObject({
        statusCode: 404,
        code: 'RESERVATION_NOT_FOUND',
      });
      expect((await cancel(caller, 2_000_000_000)).body).toMatchObject({
        statusCode: 404,
        code: 'RESERVATION_NOT_FOUND',
      });
    });
  });

  describe('POST /reservations: not found', () => {
    it.each([
      [
        'an unknown concert',
        'CONCERT_NOT_FOUND',
        () => ({ concertId: 999_999, date: concert.dates[1], seatNumber: 1 }),
      ],
      [
        'a day the concert does not play',
        'DATE_NOT_FOUND',
        () => ({ concertId: concert.concertId, date: '2099-01-01', seatNumber: 1 }),
      ],
      ['a past day', 'DATE_NOT_FOUND', () => ({ concertId: concert.concertId, date: concert.dates[0], seatNumber: 1 })],
      [
        'a seat number the date does not have',
        'SEAT_NOT_FOUND',
        () => ({ concertId: small.concertId, date: small.dates[0], seatNumber: 31 }),
      ],
    ])('%s → 404 %s', async (_name, code, body) => {
      const res = await hold(caller, body());
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ statusCode: 404, code });
    });
  });

  describe('validation → 400 VALIDATION_FAILED', () => {
    const valid = () => ({ concertId: concert.concertId, date: concert.dates[1], seatNumber: 40 });

    it.each([
      ['seatNumber 0', { seatNumber: 0 }],
      ['seatNumber 51', { seatNumber: 51 }],
      ['seatNumber -1', { seatNumber: -1 }],
      ['seatNumber 7.5', { seatNumber: 7.5 }],
      ['seatNumber as a string', { seatNumber: '7' }],
      ['seatNumber null', { seatNumber: null }],
      ['concertId 0', { concertId: 0 }],
      ['concertId as a string', { concertId: '1' }],
      ['concertId too large', { concertId: 2_147_483_648 }],
      ['a date that is not a calendar day', { date: '2026-02-30' }],
      ['a date in another format', { date: '20261224' }],
      ['a date with a time', { date: '2026-12-24T00:00:00Z' }],
      ['a date as a number', { date: 20261224 }],
      ['an unknown field', { userId: randomUUID() }],
    ])('%s', async (_name, change) => {
      const res = await hold(caller, { ...valid(), ...change });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    });

    it.each(['concertId', 'date', 'seatNumber'])('a missing %s', async (field) => {
      const body: Record<string, unknown> = valid();
      delete body[field];
      const res = await hold(caller, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('an empty body, a JSON array, malformed JSON', async () => {
      for (const raw of ['{}', '[]', '{"concertId":1,', 'null']) {
        const res = await t.http.request('POST', '/reservations', undefined, { token: caller.token, raw });
        expect([raw, res.status, (res.body as { code?: string }).code]).toEqual([raw, 400, 'VALIDATION_FAILED']);
      }
    });

    it.each(['abc', '0', '-1', '1.5', '1e3', '99999999999'])('reservation id %s on GET and DELETE', async (id) => {
      for (const res of [
        await t.http.get(`/reservations/${id}`, { token: caller.token }),
        await t.http.delete(`/reservations/${id}`, { token: caller.token }),
      ]) {
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      }
    });

    it('nothing was held by the refused requests', async () => {
      expect(await freeSeats(caller, concert, concert.dates[1])).toContain(40);
    });
  });

  describe('the queue token', () => {
    const routes = (token?: string) => [
      t.http.post('/reservations', seatOnDay2(), { token }),
      t.http.get('/reservations/1', { token }),
      t.http.delete('/reservations/1', { token }),
    ];

    it('missing → 401 QUEUE_TOKEN_MISSING on every route, checked before the body', async () => {
      const responses = await Promise.all([...routes(), t.http.post('/reservations', { bad: true })]);
      for (const res of responses) expect([res.status, res.body.code]).toEqual([401, 'QUEUE_TOKEN_MISSING']);
    });

    it('unknown → 401 QUEUE_TOKEN_INVALID', async () => {
      for (const res of await Promise.all(routes('not-a-real-token'))) {
        expect([res.status, res.body.code]).toEqual([401, 'QUEUE_TOKEN_INVALID']);
      }
    });

    it('WAITING → 403 QUEUE_TOKEN_NOT_ACTIVE, and no seat is held', async () => {
      const waiting = await waitingCaller(t);
      const seat = seatOnDay2();
      const responses = await Promise.all([
        t.http.post('/reservations', seat, { token: waiting.token }),
        t.http.get('/reservations/1', { token: waiting.token }),
        t.http.delete('/reservations/1', { token: waiting.token }),
      ]);
      for (const res of responses) expect([res.status, res.body.code]).toEqual([403, 'QUEUE_TOKEN_NOT_ACTIVE']);
      expect(await freeSeats(caller, concert, seat.date)).toContain(seat.seatNumber);
    });
  });

  it('documents the routes, bodies and every error code in the OpenAPI document', async () => {
    const doc = await t.http.get<{ paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }>(
      '/api-docs-json',
    );
    const post = doc.body.paths['/reservations'].post;
    const get = doc.body.paths['/reservations/{reservationId}'].get;
    const del = doc.body.paths['/reservations/{reservationId}'].delete;
    expect(Object.keys(post.responses).sort()).toEqual([
      '201',
      '400',
      '401',
      '403',
      '404',
      '409',
      '413',
      '429',
      '500',
      '503',
    ]);
    expect(Object.keys(get.responses).sort()).toEqual(['200', '400', '401', '403', '404', '429', '500', '503']);
    expect(Object.keys(del.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409', '429', '500', '503']);
    const text = JSON.stringify(doc.body.paths);
    for (const code of [
      'SEAT_UNAVAILABLE',
      'HOLD_LIMIT_EXCEEDED',
      'SEAT_NOT_FOUND',
      'RESERVATION_EXPIRED',
      'RESERVATION_ALREADY_PAID',
    ]) {
      expect(text).toContain(code);
    }
  });
});
