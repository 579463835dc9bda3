import { randomUUID } from 'node:crypto';
import { admissionTick, type Caller, waitingCaller } from '../support/queue.js';
import { type AppendFsync, RedisServer } from '../support/redis-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { dropTestDatabase } from '../support/test-database.js';
import { waitUntil } from '../support/wait-until.js';

interface Ticket {
  status: string;
  position: number;
  expiresAt: string;
}

const MAX_ACTIVE = 3;
const ACTIVE_TTL_SECONDS = 60;
const unavailable = { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: expect.any(String) };

// Only HTTP and the server harness here: what the store keeps in Redis, and under which keys, is its own business.
describe('QUEUE_STORE=redis across a Redis restart (e2e)', () => {
  let redis: RedisServer | undefined;
  let t: TestApp | undefined;

  async function start(appendfsync: AppendFsync): Promise<{ redis: RedisServer; t: TestApp }> {
    redis = await RedisServer.start({ appendfsync });
    t = await startTestApp({
      env: {
        QUEUE_STORE: 'redis',
        REDIS_URL: redis.url,
        QUEUE_MAX_ACTIVE: String(MAX_ACTIVE),
        QUEUE_ACTIVE_TTL_SECONDS: String(ACTIVE_TTL_SECONDS),
        // Outlives the active TTL, so moving the clock past it ends the ACTIVE tokens and no WAITING one.
        QUEUE_WAITING_IDLE_SECONDS: '3600',
      },
    });
    return { redis, t };
  }

  afterEach(async () => {
    try {
      // The queue's keys go with the server's dir, so closing need not reach Redis (it may be down after a failure).
      if (t) await t.close({ keepDatabase: true });
      if (t) await dropTestDatabase(t.config.db);
    } finally {
      await redis?.cleanup();
      t = undefined;
      redis = undefined;
    }
  });

  /** `active` callers admitted, then `waiting` callers in line behind them, issued one by one: the order is known. */
  async function fillLine(app: TestApp, active: number, waiting: number) {
    const issue = async (count: number) => {
      const callers: Caller[] = [];
      for (let i = 0; i < count; i++) callers.push(await waitingCaller(app));
      return callers;
    };
    const admitted = await issue(active);
    expect(await admissionTick(app)).toMatchObject({ admitted: active });
    return { active: admitted, waiting: await issue(waiting) };
  }

  async function ticketsOf(app: TestApp, callers: Caller[]): Promise<Ticket[]> {
    return Promise.all(
      callers.map(async ({ token }) => {
        const res = await app.http.get<Ticket>('/queue/status', { token });
        expect(res.status).toBe(200);
        return { status: res.body.status, position: res.body.position, expiresAt: res.body.expiresAt };
      }),
    );
  }

  const untilHealthy = (app: TestApp) =>
    waitUntil(
      '/health to answer 200 again',
      async () => {
        const res = await app.http.get('/health');
        if (res.status !== 200) throw new Error(`/health ${res.status} ${res.text}`);
        return true;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );

  async function expectUnavailable(app: TestApp, callers: Caller[], newcomer: string): Promise<void> {
    for (const { token } of callers) {
      const status = await app.http.get('/queue/status', { token });
      expect({ status: status.status, body: status.body }).toEqual({ status: 503, body: unavailable });
    }
    const issue = await app.http.post('/queue/tokens', { userId: newcomer });
    expect({ status: issue.status, body: issue.body }).toEqual({ status: 503, body: unavailable });
    const health = await app.http.get('/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE' });
    await expect(admissionTick(app)).rejects.toThrow();
  }

  it('keeps every place in line through SHUTDOWN and restart, 503 meanwhile, the same app recovers', async () => {
    const { redis, t } = await start('everysec');
    const { active, waiting } = await fillLine(t, MAX_ACTIVE, 20);
    const everyone = [...active, ...waiting];
    const before = await ticketsOf(t, everyone);
    expect(before.map(({ status, position }) => [status, position])).toEqual([
      ...active.map(() => ['ACTIVE', 0]),
      ...waiting.map((_, i) => ['WAITING', i + 1]),
    ]);

    await redis.stop();
    const newcomer = randomUUID();
    await expectUnavailable(t, [active[0], waiting[0], waiting[19]], newcomer);

    await redis.start();
    await untilHealthy(t);
    expect(await ticketsOf(t, everyone)).toEqual(before);
    // The refused issue left no token behind: this one is new (201), at the back of the line.
    const joined = await t.http.post('/queue/tokens', { userId: newcomer });
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({ status: 'WAITING', position: 21 });

    // The active set turns over: the next tick admits the first three in line, in order; the rest move up.
    t.clock.advanceSeconds(ACTIVE_TTL_SECONDS + 1);
    expect(await admissionTick(t)).toEqual({ admitted: MAX_ACTIVE, expiredActive: MAX_ACTIVE, droppedIdle: 0 });
    for (const { token } of active) expect((await t.http.get('/queue/status', { token })).status).toBe(401);
    const after = await ticketsOf(t, [...waiting, { token: String(joined.body.token), userId: newcomer }]);
    expect(after.map(({ status, position }) => [status, position])).toEqual([
      ...waiting.slice(0, MAX_ACTIVE).map(() => ['ACTIVE', 0]),
      ...waiting.slice(MAX_ACTIVE).map((_, i) => ['WAITING', i + 1]),
      ['WAITING', waiting.length - MAX_ACTIVE + 1],
    ]);
  });

  it('keeps every place in line through a crash (SIGKILL) with appendfsync always', async () => {
    const { redis, t } = await start('always');
    const { active, waiting } = await fillLine(t, MAX_ACTIVE, 10);
    const everyone = [...active, ...waiting];
    const before = await ticketsOf(t, everyone);

    await redis.kill();
    const newcomer = randomUUID();
    await expectUnavailable(t, [active[0], waiting[0]], newcomer);

    await redis.start();
    await untilHealthy(t);
    expect(await ticketsOf(t, everyone)).toEqual(before);
    const joined = await t.http.post('/queue/tokens', { userId: newcomer });
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({ status: 'WAITING', position: waiting.length + 1 });
  });
});
