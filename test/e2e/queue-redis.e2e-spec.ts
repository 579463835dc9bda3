import { jest } from '@jest/globals';
import { createHash, randomUUID } from 'node:crypto';
import {
  ADMIT,
  FIND_PLACE,
  type QueueScript,
} from '../../src/modules/queue/infrastructure/redis/redis-queue.scripts.js';
import { RedisConnection } from '../../src/redis/redis-connection.js';
import { seedConcert } from '../support/catalogue.js';
import { clearQueue, startTestApp, type TestApp } from '../support/test-app.js';
import { waitingCaller } from '../support/queue.js';
import { waitUntil } from '../support/wait-until.js';

describe('QUEUE_STORE=redis (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        QUEUE_STORE: 'redis',
        SCHEDULERS_ENABLED: 'true',
        QUEUE_ACTIVATION_INTERVAL_MS: '50',
        QUEUE_MAX_ACTIVE: '2',
        // On, so that a poll's per-token count is part of what is measured below.
        RATE_LIMIT_PER_TOKEN_PER_MINUTE: '1000',
      },
    });
  });
  afterAll(() => t.close());

  const statusOf = (token: string) =>
    t.http.get<{ status: string; position: number; code?: string }>('/queue/status', { token });
  // The scheduler ticks every 50 ms; a loaded machine (the whole suite on two cores) may delay ticks a lot.
  const untilActive = (token: string) =>
    waitUntil('the scheduler to admit the token', async () =>
      (await statusOf(token)).body.status === 'ACTIVE' ? true : undefined,
    );

  it('reports Redis in /health', async () => {
    const res = await t.http.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('keeps no queue rows in the database', async () => {
    await waitingCaller(t);
    const [{ n }]: { n: string }[] = await t.db.query('SELECT COUNT(*) AS n FROM queue_token');
    expect(Number(n)).toBe(0);
  });

  it('answers a WAITING poll, position included, with one queue script and its per-token count', async () => {
    await clearQueue(t.app);
    // A full active set (cap 2) keeps the next callers waiting while the scheduler runs.
    await untilActive((await waitingCaller(t)).token);
    await untilActive((await waitingCaller(t)).token);
    const line = [await waitingCaller(t), await waitingCaller(t), await waitingCaller(t)];
    const redis = t.get(RedisConnection).required;
    const sent = jest.spyOn(redis, 'sendCommand');
    const sha = (script: QueueScript) => createHash('sha1').update(script.lua).digest('hex');
    try {
      // Leave out what runs beside the polls: the scheduler's admission script and the revocation feed's reads.
      const pollCommands = () =>
        sent.mock.calls
          .map(([command]) => command as unknown as { name: string; args: unknown[] })
          .filter(({ name, args }) => !(name === 'evalsha' && args[0] === sha(ADMIT)) && !name.startsWith('xr'))
          .map(({ name, args }) => (name === 'evalsha' && args[0] === sha(FIND_PLACE) ? 'findPlace' : name));
      const positions = [];
      for (const caller of line) {
        sent.mockClear();
        positions.push((await statusOf(caller.token)).body.position);
        // The place in the line (one script) and the per-token rate-limit count (one script), sent in one write.
        expect(pollCommands().sort()).toEqual(['evalsha', 'findPlace']);
      }
      expect(positions).toEqual([1, 2, 3]);
    } finally {
      sent.mockRestore();
    }
  });

  it('runs the booking journey end to end, and the payment frees the slot for the next user', async () => {
    await clearQueue(t.app);
    const show = await seedConcert(t.db, { now: t.clock.now(), dayOffsets: [4], price: () => 70_000 });
    const first = await waitingCaller(t, randomUUID());
    await untilActive(first.token);
    const reissued = await t.http.post<{ token: string; status: string }>('/queue/tokens', {
      userId: first.userId.toUpperCase(),
    });
    expect(reissued.status).toBe(200);
    expect(reissued.body).toMatchObject({ token: first.token, status: 'ACTIVE' });

    const held = await t.http.post<{ reservationId: number }>(
      '/reservations',
      { concertId: show.concertId, date: show.dates[0], seatNumber: 3 },
      { token: first.token },
    );
    expect(held.status).toBe(201);
    expect((await t.http.post('/points/charge', { amount: 70_000 }, { token: first.token })).status).toBe(200);
    const paid = await t.http.post(
      '/payments',
      { reservationId: held.body.reservationId },
      { token: first.token, headers: { 'idempotency-key': 'redis-1' } },
    );
    expect(paid.status).toBe(201);
    expect((await statusOf(first.token)).status).toBe(401);
    const replay = await t.http.post(
      '/payments',
      { reservationId: held.body.reservationId },
      { token: first.token, headers: { 'idempotency-key': 'redis-1' } },
    );
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(paid.body);

    // The payment left the active set empty (cap 2): two get in, the third waits first in line.
    const a = await waitingCaller(t);
    const b = await waitingCaller(t);
    const c = await waitingCaller(t);
    await untilActive(b.token);
    await untilActive(a.token);
    const waiting = await statusOf(c.token);
    expect(waiting.body).toMatchObject({ status: 'WAITING', position: 1 });
  });
});
