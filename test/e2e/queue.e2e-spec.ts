import { createHash, randomUUID } from 'node:crypto';
import { waitUntil } from '../support/wait-until.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { admissionTick, waitingCaller } from '../support/queue.js';

interface Ticket {
  token: string;
  userId: string;
  status: string;
  position: number;
  estimatedWaitSeconds: number;
  expiresAt: string;
}

describe('Queue (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      env: { QUEUE_MAX_ACTIVE: '2', QUEUE_ACTIVE_TTL_SECONDS: '60', QUEUE_WAITING_IDLE_SECONDS: '30' },
    });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.db.query('DELETE FROM queue_token');
    await t.db.query('DELETE FROM queue_bucket');
    await t.db.query('DELETE FROM queue_admission');
  });

  const issue = (userId: unknown) => t.http.post<Ticket>('/queue/tokens', { userId });
  const poll = (token: string) => t.http.get<Ticket>('/queue/status', { token });

  describe('POST /queue/tokens', () => {
    it('issues a WAITING token at the back of the line with a configured wait estimate', async () => {
      const userId = randomUUID();
      const before = t.clock.now().getTime();
      const res = await issue(userId);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        userId,
        status: 'WAITING',
        position: 1,
        estimatedWaitSeconds: 30, // ceil(1 × 60 / 2): nothing admitted yet
        pollAfterSeconds: 3, // ceil(30 / 10)
        expiresAt: expect.any(String),
      });
      const idleUntil = Date.parse(res.body.expiresAt) - before;
      expect(idleUntil).toBeGreaterThanOrEqual(30_000);
      expect(idleUntil).toBeLessThan(31_000);

      const second = await issue(randomUUID());
      expect(second.body).toMatchObject({ position: 2, estimatedWaitSeconds: 60 });
    });

    it('returns the same live token to the same user, also in upper case, with 200', async () => {
      const userId = randomUUID();
      const first = await issue(userId);
      const again = await issue(userId.toUpperCase());
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ token: first.body.token, userId, status: 'WAITING', position: 1 });

      await admissionTick(t);
      const active = await issue(userId);
      expect(active.status).toBe(200);
      expect(active.body).toMatchObject({
        token: first.body.token,
        status: 'ACTIVE',
        position: 0,
        estimatedWaitSeconds: 0,
      });
    });

    it('gives one token to 30 racing requests of one user', async () => {
      const userId = randomUUID();
      const results = await Promise.all(Array.from({ length: 30 }, () => issue(userId)));
      expect(results.every((res) => res.status === 200 || res.status === 201)).toBe(true);
      expect(results.filter((res) => res.status === 201)).toHaveLength(1);
      expect(new Set(results.map((res) => res.body.token)).size).toBe(1);
    });

    it('stores only a hash of the token', async () => {
      const { token } = (await issue(randomUUID())).body;
      const rows: { token_hash: Buffer; nonce: Buffer }[] = await t.db.query(
        'SELECT token_hash, nonce FROM queue_token',
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].token_hash.equals(createHash('sha256').update(token).digest())).toBe(true);
      expect(rows[0].nonce.toString('base64url')).not.toBe(token);
      expect(JSON.stringify(rows)).not.toContain(token);
    });

    it.each([
      ['missing', {}],
      ['a number', { userId: 42 }],
      ['not a UUID', { userId: 'alice' }],
      ['without dashes', { userId: '3f0c9a528d7e4c1b9a572b7f1c0e9d41' }],
      ['in braces', { userId: '{3f0c9a52-8d7e-4c1b-9a57-2b7f1c0e9d41}' }],
      ['too short', { userId: '3f0c9a52-8d7e-4c1b-9a57-2b7f1c0e9d4' }],
      ['the nil UUID', { userId: '00000000-0000-0000-0000-000000000000' }],
      ['the max UUID', { userId: 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF' }],
      ['with an unknown field', { userId: randomUUID(), admin: true }],
    ])('refuses a userId %s → 400 VALIDATION_FAILED and issues nothing', async (_name, body) => {
      const res = await t.http.post('/queue/tokens', body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      const [{ n }]: { n: string }[] = await t.db.query('SELECT COUNT(*) AS n FROM queue_token');
      expect(Number(n)).toBe(0);
    });

    it('refuses malformed JSON → 400', async () => {
      const res = await t.http.request('POST', '/queue/tokens', undefined, { raw: '{"userId":' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    });
  });

  describe('GET /queue/status', () => {
    it('reports positions 1..k and moves everyone up after an admission', async () => {
      const callers = [];
      for (let i = 0; i < 5; i++) callers.push(await waitingCaller(t));
      const before = await Promise.all(callers.map((c) => poll(c.token)));
      expect(before.map((res) => [res.status, res.body.status, res.body.position])).toEqual([
        [200, 'WAITING', 1],
        [200, 'WAITING', 2],
        [200, 'WAITING', 3],
        [200, 'WAITING', 4],
        [200, 'WAITING', 5],
      ]);

      await admissionTick(t);
      const after = await Promise.all(callers.map((c) => poll(c.token)));
      expect(after.map((res) => [res.body.status, res.body.position])).toEqual([
        ['ACTIVE', 0],
        ['ACTIVE', 0],
        ['WAITING', 1],
        ['WAITING', 2],
        ['WAITING', 3],
      ]);
      // The estimate now comes from the observed admissions, and grows with the position.
      const waits = after.slice(2).map((res) => res.body.estimatedWaitSeconds);
      expect(waits.every((w) => Number.isInteger(w) && w > 0)).toBe(true);
      expect(waits).toEqual([...waits].sort((a, b) => a - b));
      const activeFor = Date.parse(after[0].body.expiresAt) - t.clock.now().getTime();
      expect(activeFor).toBeGreaterThan(59_000);
      expect(activeFor).toBeLessThanOrEqual(60_000);
    });

    it('keeps a polled token and drops an unpolled one after the idle time', async () => {
      const polled = await waitingCaller(t);
      const idle = await waitingCaller(t);
      t.clock.advanceSeconds(20);
      expect((await poll(polled.token)).status).toBe(200);
      t.clock.advanceSeconds(15);
      expect((await poll(idle.token)).body).toMatchObject({ code: 'QUEUE_TOKEN_INVALID' });
      const kept = await poll(polled.token);
      expect(kept.status).toBe(200);
      expect(kept.body).toMatchObject({ status: 'WAITING', position: 1 });
    });

    it('refuses a token after its active time ran out, and a new token goes to the back', async () => {
      const caller = await waitingCaller(t);
      const behind = await waitingCaller(t);
      const third = await waitingCaller(t);
      await admissionTick(t);
      t.clock.advanceSeconds(61);
      await poll(third.token);
      const res = await poll(caller.token);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'QUEUE_TOKEN_INVALID' });
      const again = await issue(caller.userId);
      expect(again.status).toBe(201);
      expect(again.body.token).not.toBe(caller.token);
      expect(again.body).toMatchObject({ status: 'WAITING', position: 2 });
      void behind;
    });

    it('401 QUEUE_TOKEN_MISSING without the header, 401 QUEUE_TOKEN_INVALID for unknown or malformed tokens', async () => {
      const missing = await t.http.get('/queue/status');
      expect(missing.status).toBe(401);
      expect(missing.body).toEqual({ statusCode: 401, code: 'QUEUE_TOKEN_MISSING', message: expect.any(String) });
      for (const token of ['garbage', 'A'.repeat(43), 'A'.repeat(500), 'has spaces in it']) {
        const res = await poll(token);
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({ statusCode: 401, code: 'QUEUE_TOKEN_INVALID' });
      }
    });
  });
});

describe('Queue scheduler (e2e)', () => {
  it('admits a polling client on its own within a few ticks', async () => {
    const t = await startTestApp({ env: { SCHEDULERS_ENABLED: 'true', QUEUE_ACTIVATION_INTERVAL_MS: '100' } });
    try {
      const caller = await waitingCaller(t);
      await waitUntil('the scheduler to admit the caller', async () =>
        (await t.http.get<Ticket>('/queue/status', { token: caller.token })).body.status === 'ACTIVE'
          ? true
          : undefined,
      );
      const metrics = (await t.http.get('/metrics')).text;
      expect(metrics).toMatch(/^queue_admissions_total 1$/m);
      expect(metrics).toMatch(/^queue_active_tokens 1$/m);
      expect(metrics).toMatch(/^queue_waiting_tokens 0$/m);
    } finally {
      await t.close();
    }
  });

  it('two app instances on one database never exceed the cap', async () => {
    const env = {
      SCHEDULERS_ENABLED: 'true',
      QUEUE_ACTIVATION_INTERVAL_MS: '20',
      QUEUE_MAX_ACTIVE: '5',
      QUEUE_ACTIVE_TTL_SECONDS: '1',
    };
    const a = await startTestApp({ env });
    const b = await startTestApp({ config: a.config });
    try {
      const issues = Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? a : b).http.post('/queue/tokens', { userId: randomUUID() }),
      );
      const peaks: number[] = [];
      const activeNow = async () => {
        const [{ n }]: { n: string }[] = await a.db.query(
          "SELECT COUNT(*) AS n FROM queue_token WHERE status = 'ACTIVE'",
        );
        peaks.push(Number(n));
      };
      const admittedSoFar = async () => {
        const [{ admitted }]: { admitted: string }[] = await a.db.query(
          'SELECT COUNT(*) AS admitted FROM queue_token WHERE activated_at IS NOT NULL',
        );
        return Number(admitted);
      };
      let issuing = true;
      const sampling = (async () => {
        while (issuing) await activeNow();
      })();
      await Promise.all(issues);
      issuing = false;
      await sampling;
      // Sample on until the set has turned over (1 s TTL), however long a loaded machine takes.
      await waitUntil(
        'the active set to turn over',
        async () => {
          await activeNow();
          return (await admittedSoFar()) > 5 ? true : undefined;
        },
        { intervalMs: 5 },
      );
      expect(Math.max(...peaks)).toBe(5);
      // One statement, one consistent read: ticks go on meanwhile.
      const [{ admitted, total }]: { admitted: string; total: string }[] = await a.db.query(
        `SELECT (SELECT COUNT(*) FROM queue_token WHERE activated_at IS NOT NULL) AS admitted,
                (SELECT SUM(admitted) FROM queue_admission) AS total`,
      );
      // With a 1 s TTL the set turned over at least once, every admission counted exactly once.
      expect(Number(total)).toBe(Number(admitted));
      expect(Number(admitted)).toBeGreaterThan(5);
    } finally {
      await b.close({ keepDatabase: true });
      await a.close();
    }
  });
});
