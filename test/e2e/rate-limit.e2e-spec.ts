import { randomBytes, randomUUID } from 'node:crypto';
import { seedConcert } from '../support/catalogue.js';
import type { HttpResponse } from '../support/http-client.js';
import { activeCaller, type Caller, waitingCaller } from '../support/queue.js';
import type { ErrorBody } from '../support/queue-admin.js';
import { QueueStoreProbe } from '../support/queue-store-probe.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The limit every spec here sets, for the issue per address and the requests per token (each per minute). */
const N = 5;

const limits = (issuePerMinute: number, perTokenPerMinute: number) => ({
  RATE_LIMIT_ISSUE_PER_MINUTE: String(issuePerMinute),
  RATE_LIMIT_PER_TOKEN_PER_MINUTE: String(perTokenPerMinute),
});

/** 429 TOO_MANY_REQUESTS with a Retry-After of whole seconds, at least 1 and at most the one-minute window. */
function expectTooManyRequests(res: HttpResponse<unknown>, label = ''): void {
  expect([label, res.status, res.body]).toEqual([
    label,
    429,
    { statusCode: 429, code: 'TOO_MANY_REQUESTS', message: expect.any(String) },
  ]);
  const retryAfter = res.headers['retry-after'];
  expect(retryAfter).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(retryAfter)).toBeLessThanOrEqual(60);
}

const issue = (t: TestApp, userId: string = randomUUID(), headers: Record<string, string> = {}) =>
  t.http.post<{ token: string; status: string } & ErrorBody>('/queue/tokens', { userId }, { headers });

describe.each(['database', 'redis'] as const)('Rate limits, QUEUE_STORE=%s (e2e)', (store) => {
  // Apps of the current test, closed after it (an instance sharing a database first, the owner last).
  const apps: TestApp[] = [];
  const app = async (env: Record<string, string> = {}) => {
    const t = await startTestApp({ env: { QUEUE_STORE: store, ...limits(N, N), ...env } });
    apps.push(t);
    return t;
  };
  const secondInstance = async (first: TestApp) => {
    const b = await startTestApp({ config: first.config });
    apps.push(b);
    return b;
  };
  afterEach(async () => {
    for (let t = apps.pop(); t; t = apps.pop()) {
      await t.close({ keepDatabase: apps.some((other) => other.config === t?.config) });
    }
  });

  // A fresh app per test: an issue budget belongs to the client address, 127.0.0.1 for every request here.
  describe('POST /queue/tokens, per client address', () => {
    it(`allows ${N} issues a minute; the next is 429 with Retry-After and issues no token`, async () => {
      const t = await app();
      const probe = new QueueStoreProbe(t);
      const issued = [];
      for (let i = 0; i < N; i++) issued.push(await issue(t));
      expect(issued.map((res) => res.status)).toEqual(issued.map(() => 201));
      expectTooManyRequests(await issue(t));
      expectTooManyRequests(await issue(t, randomUUID()));
      expect(await probe.liveTokens()).toBe(N);
      // The tokens themselves work on: the address limit is the issue's alone.
      expect((await t.http.get('/queue/status', { token: issued[0].body.token })).status).toBe(200);
    });

    it('counts re-issues too, and a refused re-issue refreshes nothing', async () => {
      const t = await app();
      const probe = new QueueStoreProbe(t);
      const userId = randomUUID();
      const first = await issue(t, userId);
      expect(first.status).toBe(201);
      for (let i = 1; i < N; i++) {
        // A re-issue counts as a poll: it would push the idle expiry out.
        t.clock.advance(10_000);
        const again = await issue(t, userId);
        expect([again.status === 200 || again.status === 201, again.body.token]).toEqual([true, first.body.token]);
      }
      const expiry = await probe.expiryOf(userId);
      t.clock.advance(10_000);
      expectTooManyRequests(await issue(t, userId));
      expectTooManyRequests(await issue(t, randomUUID()));
      expect(await probe.expiryOf(userId)).toBe(expiry);
      expect(await probe.liveTokens()).toBe(1);
    });

    it('comes before validation: invalid bodies count, and past the limit one is 429, not 400', async () => {
      const t = await app();
      for (let i = 0; i < N; i++) {
        const res = await t.http.post<ErrorBody>('/queue/tokens', { userId: 'not-a-uuid' });
        expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      }
      expectTooManyRequests(await t.http.post('/queue/tokens', { userId: 'not-a-uuid' }));
      expectTooManyRequests(await issue(t));
      expect(await new QueueStoreProbe(t).liveTokens()).toBe(0);
    });

    it('comes after the body size, JSON parsing and routing: past the limit those still answer 413, 400, 404', async () => {
      const t = await app();
      for (let i = 0; i < N; i++) expect((await issue(t)).status).toBe(201);
      expectTooManyRequests(await issue(t));
      const answers = [
        await t.http.post<ErrorBody>('/queue/tokens', { userId: randomUUID(), pad: 'x'.repeat(17 * 1024) }),
        await t.http.post<ErrorBody>('/queue/tokens', undefined, { raw: '{"userId": ' }),
        await t.http.post<ErrorBody>('/queue/token', { userId: randomUUID() }),
      ];
      expect(answers.map((res) => [res.status, res.body.code])).toEqual([
        [413, 'PAYLOAD_TOO_LARGE'],
        [400, 'VALIDATION_FAILED'],
        [404, 'NOT_FOUND'],
      ]);
    });

    it('RATE_LIMIT_ISSUE_PER_MINUTE=0 turns the issue limit off, and only it', async () => {
      const t = await app(limits(0, N));
      const issued = [];
      for (let i = 0; i < 3 * N; i++) issued.push(await issue(t));
      expect(issued.map((res) => res.status)).toEqual(issued.map(() => 201));
      const token = issued[0].body.token;
      for (let i = 0; i < N; i++) expect((await t.http.get('/queue/status', { token })).status).toBe(200);
      expectTooManyRequests(await t.http.get('/queue/status', { token }));
    });

    it('without TRUST_PROXY, X-Forwarded-For buys no fresh budget', async () => {
      const t = await app();
      for (let i = 0; i < N; i++) {
        expect((await issue(t, randomUUID(), { 'x-forwarded-for': `203.0.113.${i + 1}` })).status).toBe(201);
      }
      expectTooManyRequests(await issue(t, randomUUID(), { 'x-forwarded-for': '203.0.113.99' }));
      expectTooManyRequests(await issue(t, randomUUID(), { 'x-forwarded-for': '198.51.100.7, 203.0.113.98' }));
      expectTooManyRequests(await issue(t));
      expect(await new QueueStoreProbe(t).liveTokens()).toBe(N);
    });

    it('with TRUST_PROXY set to another address, the peer is not trusted and X-Forwarded-For is ignored', async () => {
      const t = await app({ TRUST_PROXY: '10.9.8.7,192.0.2.0/24' });
      for (let i = 0; i < N; i++) {
        expect((await issue(t, randomUUID(), { 'x-forwarded-for': `203.0.113.${i + 1}` })).status).toBe(201);
      }
      expectTooManyRequests(await issue(t, randomUUID(), { 'x-forwarded-for': '203.0.113.99' }));
    });

    it.each(['127.0.0.1', '127.0.0.0/8', '10.9.8.7,127.0.0.1'])(
      'with TRUST_PROXY=%s, each X-Forwarded-For address has a budget of its own',
      async (trustProxy) => {
        const t = await app({ TRUST_PROXY: trustProxy });
        for (const address of ['203.0.113.1', '203.0.113.2']) {
          for (let i = 0; i < N; i++) {
            expect((await issue(t, randomUUID(), { 'x-forwarded-for': address })).status).toBe(201);
          }
          expectTooManyRequests(await issue(t, randomUUID(), { 'x-forwarded-for': address }), address);
        }
        // The proxy's own requests (no header) count for the proxy's address, untouched so far.
        for (let i = 0; i < N; i++) expect((await issue(t)).status).toBe(201);
        expectTooManyRequests(await issue(t));
        expect(await new QueueStoreProbe(t).liveTokens()).toBe(3 * N);
      },
    );

    if (store === 'redis') {
      it('is one count for every instance: issues spread over two instances are refused from the N+1-th on', async () => {
        const a = await app();
        const b = await secondInstance(a);
        for (let i = 0; i < N; i++) expect((await issue(i % 2 ? b : a)).status).toBe(201);
        expectTooManyRequests(await issue(b), 'on b');
        expectTooManyRequests(await issue(a), 'on a');
        expect(await new QueueStoreProbe(a).liveTokens()).toBe(N);
      });
    } else {
      it('is counted by each instance alone', async () => {
        const a = await app();
        const b = await secondInstance(a);
        for (const t of [a, b]) {
          for (let i = 0; i < N; i++) expect((await issue(t)).status).toBe(201);
        }
        expectTooManyRequests(await issue(a), 'on a');
        expectTooManyRequests(await issue(b), 'on b');
        expect(await new QueueStoreProbe(a).liveTokens()).toBe(2 * N);
      });
    }
  });

  // One app for these (no issue limit, so that any number of tokens can be issued): each token has a count of its own.
  describe('routes with a queue token, per token', () => {
    let t: TestApp;
    let probe: QueueStoreProbe;
    let concertId: number;
    let date: string;

    beforeAll(async () => {
      t = await startTestApp({ env: { QUEUE_STORE: store, ...limits(0, N) } });
      probe = new QueueStoreProbe(t);
      const concert = await seedConcert(t.db, { now: t.clock.now(), dayOffsets: [30] });
      concertId = concert.concertId;
      date = concert.dates[0];
    });
    afterAll(() => t?.close());

    const liveRoutes: [string, (c: Caller) => Promise<HttpResponse<ErrorBody>>][] = [
      ['GET /queue/status', (c) => t.http.get('/queue/status', { token: c.token })],
      ['GET /points', (c) => t.http.get('/points', { token: c.token })],
      ['POST /points/charge', (c) => t.http.post('/points/charge', { amount: 1000 }, { token: c.token })],
      ['GET /points/history', (c) => t.http.get('/points/history', { token: c.token })],
    ];
    const activeRoutes: [string, (c: Caller) => Promise<HttpResponse<ErrorBody>>][] = [
      ['GET /concerts/:id/dates', (c) => t.http.get(`/concerts/${concertId}/dates`, { token: c.token })],
      [
        'GET /concerts/:id/dates/:date/seats',
        (c) => t.http.get(`/concerts/${concertId}/dates/${date}/seats`, { token: c.token }),
      ],
      [
        'POST /reservations',
        (c) => t.http.post('/reservations', { concertId, date, seatNumber: 1 }, { token: c.token }),
      ],
      ['GET /reservations/:id', (c) => t.http.get('/reservations/1', { token: c.token })],
      ['DELETE /reservations/:id', (c) => t.http.delete('/reservations/1', { token: c.token })],
      ['POST /payments', (c) => t.http.post('/payments', { reservationId: 1 }, { token: c.token })],
    ];

    it(`allows ${N} requests a minute with a WAITING token on any of its routes; then 429 on every one`, async () => {
      const caller = await waitingCaller(t);
      const other = await waitingCaller(t);
      for (let i = 0; i < N; i++) {
        const [label, send] = liveRoutes[i % liveRoutes.length];
        expect([label, (await send(caller)).status]).toEqual([label, 200]);
      }
      for (const [label, send] of liveRoutes) expectTooManyRequests(await send(caller), label);
      // Another token has its own count.
      expect((await t.http.get('/queue/status', { token: other.token })).status).toBe(200);
    });

    it(`allows ${N} requests a minute with an ACTIVE token; then 429 on every route, live or ACTIVE-only`, async () => {
      const caller = await activeCaller(t); // one poll of its own
      for (let i = 1; i < N; i++) {
        const res = await t.http.get(`/concerts/${concertId}/dates`, { token: caller.token });
        expect(res.status).toBe(200);
      }
      for (const [label, send] of [...activeRoutes, ...liveRoutes]) expectTooManyRequests(await send(caller), label);
    });

    it("counts a payment's replays with the token the payment expired", async () => {
      const caller = await activeCaller(t); // 1: its poll
      const held = await t.http.post<{ reservationId: number }>(
        '/reservations',
        { concertId, date, seatNumber: 7 },
        { token: caller.token },
      ); // 2
      expect(held.status).toBe(201);
      expect((await t.http.post('/points/charge', { amount: 100_000 }, { token: caller.token })).status).toBe(200); // 3
      const pay = () =>
        t.http.post<{ paymentId: number } & ErrorBody>(
          '/payments',
          { reservationId: held.body.reservationId },
          { token: caller.token, headers: { 'idempotency-key': `replay-${caller.userId}` } },
        );
      const paid = await pay(); // 4
      expect(paid.status).toBe(201);
      const replay = await pay(); // 5: the replay the contract allows with the expired token
      expect([replay.status, replay.body.paymentId]).toEqual([201, paid.body.paymentId]);
      // 6th and 7th requests with the token: over the limit like any other request that carries it.
      expectTooManyRequests(await pay(), 'the 6th request with the token');
      expectTooManyRequests(await pay(), 'the 7th request with the token');
    });

    it('a refused poll records nothing: the idle expiry stays where it was', async () => {
      const caller = await waitingCaller(t);
      const control = await waitingCaller(t);
      for (let i = 0; i < N; i++) expect((await t.http.get('/queue/status', { token: caller.token })).status).toBe(200);
      const expiry = await probe.expiryOf(caller.userId);
      const controlExpiry = await probe.expiryOf(control.userId);
      // Past the idle refresh interval (a tenth of QUEUE_WAITING_IDLE_SECONDS): a poll let through would refresh.
      t.clock.advance(60_000);
      expectTooManyRequests(await t.http.get('/queue/status', { token: caller.token }));
      expect(await probe.expiryOf(caller.userId)).toBe(expiry);
      expect((await t.http.get('/queue/status', { token: control.token })).status).toBe(200);
      expect(await probe.expiryOf(control.userId)).toBeGreaterThan(controlExpiry ?? Infinity);
    });

    describe('order of checks', () => {
      it('an unknown token past its limit is 401 QUEUE_TOKEN_INVALID, not 429', async () => {
        const unknown = randomBytes(32).toString('base64url');
        for (let i = 0; i < N + 3; i++) {
          const res = await t.http.get<ErrorBody>('/queue/status', { token: unknown });
          expect([i, res.status, res.body.code]).toEqual([i, 401, 'QUEUE_TOKEN_INVALID']);
        }
      });

      it('an ended token past its limit is 401 QUEUE_TOKEN_INVALID, not 429', async () => {
        const caller = await waitingCaller(t);
        for (let i = 0; i < N; i++) expect((await t.http.get('/points', { token: caller.token })).status).toBe(200);
        // Not polled past QUEUE_WAITING_IDLE_SECONDS (300): dropped.
        t.clock.advance(301_000);
        const res = await t.http.get<ErrorBody>('/points', { token: caller.token });
        expect([res.status, res.body.code]).toEqual([401, 'QUEUE_TOKEN_INVALID']);
      });

      it('a token over its limit sending an invalid body is 429, not 400; under it, 400 (and counted)', async () => {
        const caller = await waitingCaller(t);
        for (let i = 0; i < N; i++) {
          const res = await t.http.post<ErrorBody>('/points/charge', { amount: 0 }, { token: caller.token });
          expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
        }
        expectTooManyRequests(await t.http.post('/points/charge', { amount: 0 }, { token: caller.token }));
        expectTooManyRequests(await t.http.get('/points/history?limit=0', { token: caller.token }));
      });

      it('a token over its limit sending a body over 16 KiB is 413, malformed JSON 400: both come first', async () => {
        const caller = await waitingCaller(t);
        for (let i = 0; i < N; i++) expect((await t.http.get('/points', { token: caller.token })).status).toBe(200);
        expectTooManyRequests(await t.http.get('/points', { token: caller.token }));
        const res = await t.http.post<ErrorBody>('/points/charge', undefined, {
          token: caller.token,
          raw: '{"amount": ',
        });
        expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
        const big = await t.http.post<ErrorBody>(
          '/points/charge',
          { amount: 1, pad: 'x'.repeat(17 * 1024) },
          { token: caller.token },
        );
        expect([big.status, big.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
      });

      it('a WAITING token over its limit on an ACTIVE-only route is 403 QUEUE_TOKEN_NOT_ACTIVE, not 429', async () => {
        const caller = await waitingCaller(t);
        for (let i = 0; i < N; i++)
          expect((await t.http.get('/queue/status', { token: caller.token })).status).toBe(200);
        for (const [label, send] of activeRoutes) {
          const res = await send(caller);
          expect([label, res.status, res.body.code]).toEqual([label, 403, 'QUEUE_TOKEN_NOT_ACTIVE']);
        }
        expectTooManyRequests(await t.http.get('/queue/status', { token: caller.token }));
      });

      it('no token is 401 QUEUE_TOKEN_MISSING, however many requests', async () => {
        for (let i = 0; i < N + 2; i++) {
          const res = await t.http.get<ErrorBody>('/points');
          expect([res.status, res.body.code]).toEqual([401, 'QUEUE_TOKEN_MISSING']);
        }
      });
    });
  });

  describe('per token, across instances and switched off', () => {
    if (store === 'redis') {
      it('is one count for every instance: requests spread over two instances are refused from the N+1-th on', async () => {
        const a = await app(limits(0, N));
        const b = await secondInstance(a);
        const caller = await waitingCaller(a);
        for (let i = 0; i < N; i++) {
          expect((await (i % 2 ? b : a).http.get('/queue/status', { token: caller.token })).status).toBe(200);
        }
        expectTooManyRequests(await b.http.get('/queue/status', { token: caller.token }), 'on b');
        expectTooManyRequests(await a.http.get('/points', { token: caller.token }), 'on a');
      });
    } else {
      it('is counted by each instance alone', async () => {
        const a = await app(limits(0, N));
        const b = await secondInstance(a);
        const caller = await waitingCaller(a);
        for (const t of [a, b]) {
          for (let i = 0; i < N; i++)
            expect((await t.http.get('/queue/status', { token: caller.token })).status).toBe(200);
        }
        expectTooManyRequests(await a.http.get('/queue/status', { token: caller.token }), 'on a');
        expectTooManyRequests(await b.http.get('/queue/status', { token: caller.token }), 'on b');
      });
    }

    it('RATE_LIMIT_PER_TOKEN_PER_MINUTE=0 turns the token limit off, and only it', async () => {
      const t = await app(limits(N, 0));
      const caller = await waitingCaller(t);
      for (let i = 0; i < 6 * N; i++) {
        expect((await t.http.get('/queue/status', { token: caller.token })).status).toBe(200);
      }
      for (let i = 1; i < N; i++) expect((await issue(t)).status).toBe(201);
      expectTooManyRequests(await issue(t));
    });
  });
});
