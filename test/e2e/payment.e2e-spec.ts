import { startTestApp, type TestApp } from '../support/test-app.js';
import { seedConcert, type SeededConcert } from '../support/catalogue.js';
import { activeCaller, admissionTick, type Caller, waitingCaller } from '../support/queue.js';

interface Receipt {
  paymentId: number;
  reservationId: number;
  amount: number;
  balance: number;
  status: string;
  paidAt: string;
}

const PRICE = 80_000;

describe('Payments (e2e)', () => {
  let t: TestApp;
  let concert: SeededConcert;
  let nextSeat = 1;

  beforeAll(async () => {
    t = await startTestApp({ env: { QUEUE_MAX_ACTIVE: '1000', RESERVATION_HOLD_SECONDS: '300' } });
    concert = await seedConcert(t.db, { now: t.clock.now(), dayOffsets: [3], price: () => PRICE });
  });
  afterAll(() => t.close());

  const date = () => concert.dates[0];
  const hold = async (caller: Caller, seatNumber = nextSeat++) => {
    const res = await t.http.post<{ reservationId: number }>(
      '/reservations',
      { concertId: concert.concertId, date: date(), seatNumber },
      { token: caller.token },
    );
    expect(res.status).toBe(201);
    return res.body.reservationId;
  };
  const charge = async (caller: Caller, amount: number) => {
    const res = await t.http.post('/points/charge', { amount }, { token: caller.token });
    expect(res.status).toBe(200);
  };
  const pay = (caller: Caller, body: unknown, key?: string) =>
    t.http.post<Receipt>('/payments', body, {
      token: caller.token,
      headers: key === undefined ? {} : { 'idempotency-key': key },
    });
  const balanceOf = async (userId: string) => {
    const rows: { balance: number }[] = await t.db.query('SELECT balance FROM point_wallet WHERE user_id = ?', [
      userId,
    ]);
    return rows.length ? Number(rows[0].balance) : 0;
  };
  const ledgerOf = async (userId: string) =>
    (await t.db.query('SELECT type, amount FROM point_history WHERE user_id = ? ORDER BY id', [userId])) as {
      type: string;
      amount: number;
    }[];
  const reservationOf = async (id: number) =>
    ((await t.db.query('SELECT status FROM reservation WHERE id = ?', [id])) as { status: string }[])[0]?.status;
  const seatOf = async (id: number) =>
    (
      (await t.db.query('SELECT s.status FROM seat s JOIN reservation r ON r.seat_id = s.id WHERE r.id = ?', [id])) as {
        status: string;
      }[]
    )[0]?.status;
  const paymentsOf = async (userId: string) =>
    Number(
      ((await t.db.query('SELECT COUNT(*) AS n FROM payment WHERE user_id = ?', [userId])) as { n: string }[])[0].n,
    );
  const tokenStatus = async (caller: Caller) =>
    (await t.http.get<{ status: string }>('/queue/status', { token: caller.token })).status;

  it('the whole journey: issue → ACTIVE → dates → seats → hold → charge → pay → token refused → seat sold → next user admitted', async () => {
    const small = await startTestApp({ env: { QUEUE_MAX_ACTIVE: '1' } });
    try {
      const show = await seedConcert(small.db, { now: small.clock.now(), dayOffsets: [2], price: () => PRICE });
      const me = await waitingCaller(small);
      const next = await waitingCaller(small);
      await admissionTick(small);
      expect((await small.http.get<{ status: string }>('/queue/status', { token: me.token })).body.status).toBe(
        'ACTIVE',
      );
      expect((await small.http.get<{ position: number }>('/queue/status', { token: next.token })).body.position).toBe(
        1,
      );

      const dates = await small.http.get<{ dates: { date: string }[] }>(`/concerts/${show.concertId}/dates`, {
        token: me.token,
      });
      expect(dates.body.dates.map((d) => d.date)).toEqual(show.dates);
      const seats = await small.http.get<{ seats: { seatNumber: number; price: number }[] }>(
        `/concerts/${show.concertId}/dates/${show.dates[0]}/seats`,
        { token: me.token },
      );
      expect(seats.body.seats[6]).toEqual({ seatNumber: 7, price: PRICE });

      const held = await small.http.post<{ reservationId: number; status: string }>(
        '/reservations',
        { concertId: show.concertId, date: show.dates[0], seatNumber: 7 },
        { token: me.token },
      );
      expect(held.status).toBe(201);
      const charged = await small.http.post('/points/charge', { amount: 100_000 }, { token: me.token });
      expect(charged.body).toEqual({ userId: me.userId, balance: 100_000 });

      const paid = await small.http.post<Receipt>(
        '/payments',
        { reservationId: held.body.reservationId },
        { token: me.token },
      );
      expect(paid.status).toBe(201);
      expect(paid.body).toEqual({
        paymentId: expect.any(Number),
        reservationId: held.body.reservationId,
        amount: PRICE,
        balance: 20_000,
        status: 'COMPLETED',
        paidAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      });

      const metrics = (await small.http.get('/metrics')).text;
      expect(metrics).toMatch(/^payments_total\{result="completed"\} 1$/m);
      expect(metrics).toMatch(/^payments_total\{result="failed"\} 0$/m);

      const refused = await small.http.get('/queue/status', { token: me.token });
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ code: 'QUEUE_TOKEN_INVALID' });
      expect((await small.http.get('/points', { token: me.token })).status).toBe(401);

      await admissionTick(small);
      expect((await small.http.get<{ status: string }>('/queue/status', { token: next.token })).body.status).toBe(
        'ACTIVE',
      );
      const after = await small.http.get<{ seats: { seatNumber: number }[] }>(
        `/concerts/${show.concertId}/dates/${show.dates[0]}/seats`,
        { token: next.token },
      );
      expect(after.body.seats.map((s) => s.seatNumber)).not.toContain(7);
      expect(after.body.seats).toHaveLength(49);
      const history = await small.http.get<{ items: { type: string; amount: number; balanceAfter: number }[] }>(
        '/points/history',
        { token: (await waitingCaller(small, me.userId)).token },
      );
      expect(history.body.items.map(({ type, amount, balanceAfter }) => ({ type, amount, balanceAfter }))).toEqual([
        { type: 'USE', amount: PRICE, balanceAfter: 20_000 },
        { type: 'CHARGE', amount: 100_000, balanceAfter: 100_000 },
      ]);
    } finally {
      await small.close();
    }
  });

  it('10 concurrent payments of one reservation: one 201, one deduction', async () => {
    const me = await activeCaller(t);
    const reservationId = await hold(me);
    await charge(me, 500_000);
    const results = await Promise.all(Array.from({ length: 10 }, () => pay(me, { reservationId })));
    const statuses = results.map((res) => res.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    for (const res of results.filter((r) => r.status !== 201)) {
      // A loser either saw the confirmed reservation or, once the winner had expired the token, the spent token.
      expect([409, 401]).toContain(res.status);
      expect(['RESERVATION_ALREADY_PAID', 'QUEUE_TOKEN_INVALID']).toContain(
        (res.body as unknown as { code: string }).code,
      );
    }
    expect(await balanceOf(me.userId)).toBe(500_000 - PRICE);
    expect(await paymentsOf(me.userId)).toBe(1);
    expect((await ledgerOf(me.userId)).filter((e) => e.type === 'USE')).toHaveLength(1);
  });

  describe('a refused payment changes nothing', () => {
    const expectUntouched = async (caller: Caller, reservationId: number, balance: number, reservation: string) => {
      expect(await balanceOf(caller.userId)).toBe(balance);
      expect((await ledgerOf(caller.userId)).filter((e) => e.type === 'USE')).toHaveLength(0);
      expect(await reservationOf(reservationId)).toBe(reservation);
      expect(await paymentsOf(caller.userId)).toBe(0);
      expect(await tokenStatus(caller)).toBe(200);
    };

    it('insufficient balance → 409 INSUFFICIENT_BALANCE', async () => {
      const me = await activeCaller(t);
      const reservationId = await hold(me);
      await charge(me, PRICE - 1);
      const res = await pay(me, { reservationId });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ statusCode: 409, code: 'INSUFFICIENT_BALANCE' });
      expect((await t.http.get('/metrics')).text).toMatch(
        /^payment_failures_total\{reason="INSUFFICIENT_BALANCE"\} 1$/m,
      );
      await expectUntouched(me, reservationId, PRICE - 1, 'HELD');
      expect(await seatOf(reservationId)).toBe('HELD');
    });

    it('an expired hold → 409 RESERVATION_EXPIRED', async () => {
      const me = await activeCaller(t);
      const reservationId = await hold(me);
      await charge(me, PRICE);
      t.clock.advanceSeconds(301);
      try {
        const res = await pay(me, { reservationId });
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ code: 'RESERVATION_EXPIRED' });
        await expectUntouched(me, reservationId, PRICE, 'HELD');
      } finally {
        t.clock.advanceSeconds(-301);
      }
    });

    it('a cancelled hold → 409 RESERVATION_EXPIRED', async () => {
      const me = await activeCaller(t);
      const reservationId = await hold(me);
      await charge(me, PRICE);
      expect((await t.http.delete(`/reservations/${reservationId}`, { token: me.token })).status).toBe(200);
      const res = await pay(me, { reservationId });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'RESERVATION_EXPIRED' });
      await expectUntouched(me, reservationId, PRICE, 'CANCELLED');
    });

    it("another user's reservation → 404 RESERVATION_NOT_FOUND", async () => {
      const owner = await activeCaller(t);
      const reservationId = await hold(owner);
      const me = await activeCaller(t);
      await charge(me, PRICE);
      const res = await pay(me, { reservationId });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'RESERVATION_NOT_FOUND' });
      await expectUntouched(me, reservationId, PRICE, 'HELD');
      const missing = await pay(me, { reservationId: 999_999 });
      expect(missing.status).toBe(404);
    });

    it('an already paid reservation → 409 RESERVATION_ALREADY_PAID (with the next token)', async () => {
      const me = await activeCaller(t);
      const reservationId = await hold(me);
      await charge(me, 2 * PRICE);
      expect((await pay(me, { reservationId })).status).toBe(201);
      const again = await activeCaller(t, me.userId);
      const res = await pay(again, { reservationId });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'RESERVATION_ALREADY_PAID' });
      expect(await balanceOf(me.userId)).toBe(PRICE);
      expect(await paymentsOf(me.userId)).toBe(1);
      expect(await tokenStatus(again)).toBe(200);
    });

    it.each([
      ['no body', undefined],
      ['a string id', { reservationId: '1' }],
      ['a zero id', { reservationId: 0 }],
      ['a fractional id', { reservationId: 1.5 }],
      ['an amount from the client', { reservationId: 1, amount: 1 }],
    ])('%s → 400 VALIDATION_FAILED', async (_name, body) => {
      const me = await activeCaller(t);
      const res = await pay(me, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await tokenStatus(me)).toBe(200);
    });

    it.each(['', 'has space', 'x'.repeat(65), 'ключ'])('Idempotency-Key %j → 400', async (key) => {
      const me = await activeCaller(t);
      const reservationId = await hold(me);
      await charge(me, PRICE);
      const res = await t.http.request(
        'POST',
        '/payments',
        { reservationId },
        {
          token: me.token,
          headers: { 'idempotency-key': Buffer.from(key, 'utf8').toString('latin1') },
        },
      );
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      await expectUntouched(me, reservationId, PRICE, 'HELD');
    });

    it('a WAITING token → 403, no token → 401', async () => {
      const waiting = await waitingCaller(t);
      const res = await pay(waiting, { reservationId: 1 });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'QUEUE_TOKEN_NOT_ACTIVE' });
      const none = await t.http.post('/payments', { reservationId: 1 });
      expect(none.status).toBe(401);
      expect(none.body).toMatchObject({ code: 'QUEUE_TOKEN_MISSING' });
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the first response with the expired token and with the next token, charging nothing', async () => {
      const me = await activeCaller(t);
      const reservationId = await hold(me);
      await charge(me, 3 * PRICE);
      const first = await pay(me, { reservationId }, 'order-1');
      expect(first.status).toBe(201);

      const replay = await pay(me, { reservationId }, 'order-1');
      expect(replay.status).toBe(201);
      expect(replay.body).toEqual(first.body);

      // Anything else with the spent token is 401: another key, no key, another body, another route.
      expect((await pay(me, { reservationId }, 'order-2')).status).toBe(401);
      expect((await pay(me, { reservationId })).status).toBe(401);
      expect((await pay(me, { reservationId: reservationId + 1000 }, 'order-1')).status).toBe(401);
      expect((await t.http.get('/points', { token: me.token })).status).toBe(401);

      const next = await activeCaller(t, me.userId);
      const viaNext = await pay(next, { reservationId }, 'order-1');
      expect(viaNext.status).toBe(201);
      expect(viaNext.body).toEqual(first.body);
      expect(await tokenStatus(next)).toBe(200);

      expect(await balanceOf(me.userId)).toBe(2 * PRICE);
      expect(await paymentsOf(me.userId)).toBe(1);
    });

    it('replays with the next token while it still waits, and leaves it waiting; any other payment with it is 403', async () => {
      const me = await activeCaller(t);
      const reservationId = await hold(me);
      await charge(me, 2 * PRICE);
      const first = await pay(me, { reservationId }, 'order-waiting');
      expect(first.status).toBe(201);

      const next = await waitingCaller(t, me.userId);
      const replay = await pay(next, { reservationId }, 'order-waiting');
      expect(replay.status).toBe(201);
      expect(replay.body).toEqual(first.body);
      const ticket = await t.http.get<{ status: string }>('/queue/status', { token: next.token });
      expect([ticket.status, ticket.body.status]).toEqual([200, 'WAITING']);

      // Not a replay (another key, another body, no key): a WAITING token may not pay.
      for (const attempt of [
        pay(next, { reservationId }, 'order-other'),
        pay(next, { reservationId: reservationId + 1000 }, 'order-waiting'),
        pay(next, { reservationId }),
      ]) {
        const res = await attempt;
        expect([res.status, (res.body as { code?: string }).code]).toEqual([403, 'QUEUE_TOKEN_NOT_ACTIVE']);
      }
      expect(await balanceOf(me.userId)).toBe(PRICE);
      expect(await paymentsOf(me.userId)).toBe(1);
    });

    it('the same key with another body → 409 IDEMPOTENCY_KEY_REUSED', async () => {
      const me = await activeCaller(t);
      const [a, b] = [await hold(me), await hold(me)];
      await charge(me, 3 * PRICE);
      expect((await pay(me, { reservationId: a }, 'k-reuse')).status).toBe(201);
      const next = await activeCaller(t, me.userId);
      const res = await pay(next, { reservationId: b }, 'k-reuse');
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
      expect(await reservationOf(b)).toBe('HELD');
      expect(await balanceOf(me.userId)).toBe(2 * PRICE);
    });

    it("keys belong to the user: another user's equal key is a new key", async () => {
      const alice = await activeCaller(t);
      const bob = await activeCaller(t);
      const [ra, rb] = [await hold(alice), await hold(bob)];
      await charge(alice, PRICE);
      await charge(bob, PRICE);
      const pa = await pay(alice, { reservationId: ra }, 'shared-key');
      const pb = await pay(bob, { reservationId: rb }, 'shared-key');
      expect([pa.status, pb.status]).toEqual([201, 201]);
      expect(pa.body.paymentId).not.toBe(pb.body.paymentId);
    });

    it('a failed request stores nothing: the same key works once the balance is there', async () => {
      const me = await activeCaller(t);
      const reservationId = await hold(me);
      const failed = await pay(me, { reservationId }, 'retry-me');
      expect(failed.status).toBe(409);
      await charge(me, PRICE);
      const ok = await pay(me, { reservationId }, 'retry-me');
      expect(ok.status).toBe(201);
      expect(ok.body.balance).toBe(0);
    });

    it('20 duplicates in flight with one key pay once and all get the same response', async () => {
      const me = await activeCaller(t);
      const reservationId = await hold(me);
      await charge(me, PRICE);
      const results = await Promise.all(Array.from({ length: 20 }, () => pay(me, { reservationId }, 'burst')));
      expect(results.map((res) => res.status)).toEqual(Array(20).fill(201));
      expect(new Set(results.map((res) => res.body.paymentId)).size).toBe(1);
      expect(await paymentsOf(me.userId)).toBe(1);
      expect(await balanceOf(me.userId)).toBe(0);
    });

    it('forgets a key after 24 hours', async () => {
      const me = await activeCaller(t);
      const reservationId = await hold(me);
      await charge(me, PRICE);
      expect((await pay(me, { reservationId }, 'day-old')).status).toBe(201);
      t.clock.advanceSeconds(24 * 3600 + 1);
      try {
        const next = await activeCaller(t, me.userId);
        const res = await pay(next, { reservationId }, 'day-old');
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ code: 'RESERVATION_ALREADY_PAID' });
      } finally {
        t.clock.advanceSeconds(-(24 * 3600 + 1));
      }
    });
  });
});
