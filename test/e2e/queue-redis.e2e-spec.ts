import { jest } from '@jest/globals';
import { QueueStore } from '../../src/modules/queue/domain/queue-store.js';
import { createHash, randomUUID } from 'node:crypto';
import { ADMIT } from '../../src/modules/queue/infrastructure/redis/redis-queue.scripts.js';
import { RedisQueueStore } from '../../src/modules/queue/infrastructure/redis/redis-queue.store.js';
import { seedConcert } from '../support/catalogue.js';
import { clearQueue, startTestApp, type TestApp } from '../support/test-app.js';
import { waitingCaller } from '../support/queue.js';

describe('QUEUE_STORE=redis (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        QUEUE_STORE: 'redis',
        SCHEDULERS_ENABLED: 'true',
        QUEUE_ACTIVATION_INTERVAL_MS: '50',
        QUEUE_MAX_ACTIVE: '2',
      },
    });
  });
  afterAll(() => t.close());

  const statusOf = (token: string) =>
    t.http.get<{ status: string; position: number; code?: string }>('/queue/status', { token });
  const untilActive = async (token: string) => {
    for (let i = 0; i < 100; i++) {
      const res = await statusOf(token);
      if (res.body.status === 'ACTIVE') return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('never admitted');
  };

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

  it('answers a WAITING poll, position included, with one Redis command', async () => {
    await clearQueue(t.app);
    // A full active set (cap 2) keeps the next callers waiting while the scheduler runs.
    await untilActive((await waitingCaller(t)).token);
    await untilActive((await waitingCaller(t)).token);
    const line = [await waitingCaller(t), await waitingCaller(t), await waitingCaller(t)];
    const redis = (t.get(QueueStore) as RedisQueueStore).redis;
    const sent = jest.spyOn(redis, 'sendCommand');
    try {
      // Leave out what runs beside the polls: the scheduler's admission script and the estimator's once-a-second read.
      const admitSha = createHash('sha1').update(ADMIT).digest('hex');
      const pollCommands = () =>
        sent.mock.calls.filter(([command]) => {
          const { name, args } = command as unknown as { name: string; args: unknown[] };
          return !(name === 'evalsha' && args[0] === admitSha) && name !== 'zrangebyscore';
        });
      const positions = [];
      for (const caller of line) {
        sent.mockClear();
        positions.push((await statusOf(caller.token)).body.position);
        expect(pollCommands()).toHaveLength(1);
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
