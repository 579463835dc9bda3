import { SEAT_CACHE_BOUND_MS } from '../../src/modules/concert/application/seat-map-cache.js';
import { TOKEN_CACHE_BOUND_MS } from '../../src/modules/queue/application/active-token-cache.js';
import { RevocationFeed } from '../../src/modules/queue/infrastructure/revocation-feed.js';
import { seedConcert, type SeededConcert } from '../support/catalogue.js';
import { activeCaller, type Caller } from '../support/queue.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait-until.js';

/**
 * Sends `request` to the other instance again and again for a while after `changedAt` (ms, when the change had
 * committed), and checks every answer to a request SENT at least `boundMs` after it against `fresh`: a cache may
 * lag by the bound, never more. Returns how many answers were checked (the caller asserts some were).
 */
async function checkBound(
  changedAt: number,
  boundMs: number,
  request: () => Promise<boolean>,
): Promise<{ checked: number; stale: number }> {
  let checked = 0;
  let stale = 0;
  while (Date.now() < changedAt + boundMs * 3) {
    const sentAt = Date.now();
    const fresh = await request();
    if (sentAt >= changedAt + boundMs) {
      checked++;
      if (!fresh) stale++;
    }
  }
  return { checked, stale };
}

describe.each(['database', 'redis'])('Per-instance caches across two instances, QUEUE_STORE=%s (e2e)', (store) => {
  let a: TestApp;
  let b: TestApp;
  let concert: SeededConcert;
  let nextSeat = 1;

  beforeAll(async () => {
    a = await startTestApp({ env: { QUEUE_STORE: store, QUEUE_MAX_ACTIVE: '1000' } });
    b = await startTestApp({ config: a.config });
    concert = await seedConcert(a.db, { now: a.clock.now(), dayOffsets: [2] });
  });
  afterAll(async () => {
    await b.close({ keepDatabase: true });
    await a.close();
  });

  const seatsPath = () => `/concerts/${concert.concertId}/dates/${concert.dates[0]}/seats`;
  const freeSeats = async (t: TestApp, caller: Caller) =>
    (await t.http.get<{ seats: { seatNumber: number }[] }>(seatsPath(), { token: caller.token })).body.seats.map(
      (seat) => seat.seatNumber,
    );
  const hold = (t: TestApp, caller: Caller, seatNumber: number) =>
    t.http.post<{ reservationId: number }>(
      '/reservations',
      { concertId: concert.concertId, date: concert.dates[0], seatNumber },
      { token: caller.token },
    );

  it(`a hold, a cancel and a payment on one instance show there at once and on the other within ${SEAT_CACHE_BOUND_MS} ms`, async () => {
    const [onA, onB] = [await activeCaller(a), await activeCaller(b)];
    const seat = nextSeat++;
    expect(await freeSeats(b, onB)).toContain(seat); // B has the date's seats in memory now

    const held = await hold(a, onA, seat);
    expect(held.status).toBe(201);
    const heldAt = Date.now();
    expect(await freeSeats(a, onA)).not.toContain(seat);
    const afterHold = await checkBound(
      heldAt,
      SEAT_CACHE_BOUND_MS,
      async () => !(await freeSeats(b, onB)).includes(seat),
    );
    expect(afterHold.checked).toBeGreaterThan(0);
    expect(afterHold.stale).toBe(0);

    expect((await a.http.delete(`/reservations/${held.body.reservationId}`, { token: onA.token })).status).toBe(200);
    const cancelledAt = Date.now();
    expect(await freeSeats(a, onA)).toContain(seat);
    const afterCancel = await checkBound(cancelledAt, SEAT_CACHE_BOUND_MS, async () =>
      (await freeSeats(b, onB)).includes(seat),
    );
    expect([afterCancel.checked > 0, afterCancel.stale]).toEqual([true, 0]);

    // Held again and paid on B this time: A, which had it free in memory, follows within the bound.
    const buyer = await activeCaller(b);
    const again = await hold(b, buyer, seat);
    expect(again.status).toBe(201);
    expect((await b.http.post('/points/charge', { amount: 80_000 }, { token: buyer.token })).status).toBe(200);
    expect(
      (await b.http.post('/payments', { reservationId: again.body.reservationId }, { token: buyer.token })).status,
    ).toBe(201);
    const paidAt = Date.now();
    expect(await freeSeats(b, onB)).not.toContain(seat);
    const afterPayment = await checkBound(
      paidAt,
      SEAT_CACHE_BOUND_MS,
      async () => !(await freeSeats(a, onA)).includes(seat),
    );
    expect([afterPayment.checked > 0, afterPayment.stale]).toEqual([true, 0]);
  });

  it('frees a seat on every instance the moment its hold runs out, with no job and no invalidation', async () => {
    const [onA, onB] = [await activeCaller(a), await activeCaller(b)];
    const seat = nextSeat++;
    const held = await hold(a, onA, seat);
    expect(held.status).toBe(201);
    await waitUntil('the other instance to see the hold', async () =>
      (await freeSeats(b, onB)).includes(seat) ? undefined : true,
    );
    const holdMs = a.config.reservation.holdSeconds * 1000;
    a.clock.advance(holdMs);
    b.clock.advance(holdMs);
    expect(await freeSeats(b, onB)).toContain(seat);
    expect(await freeSeats(a, onA)).toContain(seat);
  });

  it(`refuses a token paid on one instance there at once, and on the other within ${TOKEN_CACHE_BOUND_MS} ms`, async () => {
    const payer = await activeCaller(a);
    // Both instances have the ACTIVE token in memory.
    expect((await a.http.get('/points', { token: payer.token })).status).toBe(200);
    expect((await b.http.get('/points', { token: payer.token })).status).toBe(200);
    const seat = nextSeat++;
    const held = await hold(a, payer, seat);
    await a.http.post('/points/charge', { amount: 80_000 }, { token: payer.token });
    const paid = await a.http.post('/payments', { reservationId: held.body.reservationId }, { token: payer.token });
    expect(paid.status).toBe(201);
    const paidAt = Date.now();
    expect((await a.http.get('/points', { token: payer.token })).status).toBe(401);
    const elsewhere = await checkBound(
      paidAt,
      TOKEN_CACHE_BOUND_MS,
      async () => (await b.http.get('/points', { token: payer.token })).status === 401,
    );
    expect([elsewhere.checked > 0, elsewhere.stale]).toEqual([true, 0]);
  });

  it('never accepts a cached token after its active time ran out', async () => {
    const caller = await activeCaller(a);
    expect((await b.http.get('/points', { token: caller.token })).status).toBe(200);
    const ttlMs = a.config.queue.activeTtlSeconds * 1000;
    b.clock.advance(ttlMs);
    a.clock.advance(ttlMs);
    expect((await b.http.get('/points', { token: caller.token })).status).toBe(401);
    expect((await a.http.get('/points', { token: caller.token })).status).toBe(401);
  });

  it('stops answering from memory when its revocation feed stops, and asks the store instead', async () => {
    const third = await startTestApp({ config: a.config });
    try {
      const payer = await activeCaller(a);
      const bystander = await activeCaller(a);
      for (const caller of [payer, bystander]) {
        expect((await third.http.get('/points', { token: caller.token })).status).toBe(200);
      }
      await third.get(RevocationFeed).beforeApplicationShutdown();
      const held = await hold(a, payer, nextSeat++);
      await a.http.post('/points/charge', { amount: 80_000 }, { token: payer.token });
      expect(
        (await a.http.post('/payments', { reservationId: held.body.reservationId }, { token: payer.token })).status,
      ).toBe(201);
      const paidAt = Date.now();
      const refused = await checkBound(
        paidAt,
        TOKEN_CACHE_BOUND_MS,
        async () => (await third.http.get('/points', { token: payer.token })).status === 401,
      );
      expect([refused.checked > 0, refused.stale]).toEqual([true, 0]);
      // Tokens still live go on working, through the store.
      expect((await third.http.get('/points', { token: bystander.token })).status).toBe(200);
    } finally {
      await third.close({ keepDatabase: true });
    }
  });
});
