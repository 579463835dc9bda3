import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../../src/config/app-config.js';
import { TOKEN_CACHE_BOUND_MS } from '../../src/modules/queue/application/active-token-cache.js';
import { seedConcert } from '../support/catalogue.js';
import { activeCaller, activeCallers, admissionTick, type Caller, waitingCaller } from '../support/queue.js';
import { type ErrorBody, newAdminKey, QueueAdmin, type QueueOverview } from '../support/queue-admin.js';
import { QueueStoreProbe } from '../support/queue-store-probe.js';
import { clearQueue, startTestApp, type TestApp } from '../support/test-app.js';
import { dropTestDatabase } from '../support/test-database.js';
import { waitUntil } from '../support/wait-until.js';

interface Ticket {
  status: string;
  position: number;
}

const KEY = newAdminKey();

// Every app of this file logs at info into `written` (pino keeps the logger of the first app started in a file, so
// all of them get the same destination): the audit lines are read from it, and the key is searched for in all of it.
const written: string[] = [];
const logDestination = { write: (line: string) => void written.push(line) };
const start = (env: Record<string, string>) => startTestApp({ env: { LOG_LEVEL: 'info', ...env }, logDestination });
const startOn = (config: AppConfig) => startTestApp({ config, logDestination });

/** The log lines that are not the per-request lines, written since `from` (an index into `written`). */
const otherLines = (from: number): string[] =>
  written
    .slice(from)
    .join('')
    .split('\n')
    .filter((line) => line !== '' && (JSON.parse(line) as { req?: unknown }).req === undefined);

const refused = (code: string, statusCode: number) => ({ statusCode, code, message: expect.any(String) });

describe('Operator routes without ADMIN_API_KEY (e2e)', () => {
  it('do not exist: GET, PATCH and DELETE answer 404 NOT_FOUND, whatever X-Admin-Key says', async () => {
    const t = await start({});
    try {
      for (const key of [undefined, KEY, '']) {
        const admin = new QueueAdmin(t, key);
        const answers = [await admin.overview(), await admin.change({ paused: true }), await admin.kick(randomUUID())];
        expect(answers.map((res) => [res.status, res.body])).toEqual(
          answers.map(() => [404, refused('NOT_FOUND', 404)]),
        );
      }
      // The gauges are there all the same: nothing paused, QUEUE_MAX_ACTIVE (100) in force.
      const gauges = (await t.http.get('/metrics')).text;
      expect(gauges).toMatch(/^queue_paused 0$/m);
      expect(gauges).toMatch(/^queue_max_active 100$/m);
      // Nothing was paused: a tick admits as usual.
      const caller = await waitingCaller(t);
      expect(await admissionTick(t)).toMatchObject({ admitted: 1 });
      expect((await t.http.get<Ticket>('/queue/status', { token: caller.token })).body.status).toBe('ACTIVE');
    } finally {
      await t.close();
    }
  });
});

describe.each(['database', 'redis'] as const)('Operator routes, QUEUE_STORE=%s (e2e)', (store) => {
  let t: TestApp;
  let admin: QueueAdmin;
  let probe: QueueStoreProbe;
  let concertId: number;
  // How far t's clock has been moved; a second instance's clock is moved as far, so both agree on "now".
  let moved = 0;
  const advance = (ms: number) => {
    t.clock.advance(ms);
    moved += ms;
  };

  beforeAll(async () => {
    t = await start({ QUEUE_STORE: store, ADMIN_API_KEY: KEY, QUEUE_MAX_ACTIVE: '2' });
    admin = new QueueAdmin(t, KEY);
    probe = new QueueStoreProbe(t);
    concertId = (await seedConcert(t.db, { now: t.clock.now(), dayOffsets: [30] })).concertId;
  });
  beforeEach(() => clearQueue(t.app));
  afterAll(() => t?.close());

  const status = (caller: Caller, on: TestApp = t) =>
    on.http.get<Ticket & ErrorBody>('/queue/status', { token: caller.token });
  /** A route for ACTIVE tokens only. */
  const activeRoute = (caller: Caller, on: TestApp = t) =>
    on.http.get<ErrorBody>(`/concerts/${concertId}/dates`, { token: caller.token });
  const statuses = async (callers: Caller[]) =>
    (await Promise.all(callers.map((c) => status(c)))).map((res) => [res.status, res.body.status, res.body.position]);
  /** Another instance on the same database (and Redis keys), its clock where t's is. */
  const secondInstance = async (config: AppConfig = t.config) => {
    const b = await startOn(config);
    b.clock.advance(moved);
    return b;
  };

  describe('X-Admin-Key', () => {
    it('answers 401 ADMIN_KEY_INVALID to a missing, wrong or almost-right key on every route, and changes nothing', async () => {
      const active = await activeCaller(t);
      const waiting = await waitingCaller(t);
      const before = await admin.read();
      const lastSwapped = KEY.slice(0, -1) + (KEY.endsWith('A') ? 'B' : 'A');
      const wrongKeys: [string, string | undefined][] = [
        ['no header', undefined],
        ['an empty key', ''],
        ['another key', newAdminKey()],
        ['the key with its last character changed', lastSwapped],
        ['the key without its last character', KEY.slice(0, -1)],
        ['the key and one more character', `${KEY}A`],
        ['the key in another case', KEY === KEY.toUpperCase() ? KEY.toLowerCase() : KEY.toUpperCase()],
      ];
      for (const [label, key] of wrongKeys) {
        expect(key).not.toBe(KEY);
        const as = new QueueAdmin(t, key);
        const answers = [
          await as.overview(),
          await as.change({ paused: true, maxActive: 1 }),
          await as.kick(waiting.userId),
          await as.kick(active.userId),
        ];
        expect(answers.map((res) => [label, res.status, res.body])).toEqual(
          answers.map(() => [label, 401, refused('ADMIN_KEY_INVALID', 401)]),
        );
      }
      expect(await admin.read()).toEqual(before);
      expect(await statuses([active, waiting])).toEqual([
        [200, 'ACTIVE', 0],
        [200, 'WAITING', 1],
      ]);
    });

    it('checks the key where a token would be checked: after JSON parsing and routing, before validation', async () => {
      const none = new QueueAdmin(t, undefined);
      expect((await none.change(undefined, { raw: '{"paused": tru' })).body).toEqual(refused('VALIDATION_FAILED', 400));
      expect((await none.change({ maxActive: 0 })).body).toEqual(refused('ADMIN_KEY_INVALID', 401));
      expect((await none.kick('not-a-uuid')).body).toEqual(refused('ADMIN_KEY_INVALID', 401));
      const unknown = await t.http.get('/admin/queue/nothing-here', { headers: { 'x-admin-key': KEY } });
      expect([unknown.status, unknown.body]).toEqual([404, refused('NOT_FOUND', 404)]);
    });

    it('takes no queue token: a valid token alone is refused, and with the key any token header is ignored', async () => {
      const active = await activeCaller(t);
      const asToken = { 'x-queue-token': active.token };
      const none = new QueueAdmin(t, undefined);
      const answers = [
        await none.overview(asToken),
        await none.change({ paused: true }, { headers: asToken }),
        await none.kick(active.userId, asToken),
      ];
      expect(answers.map((res) => [res.status, res.body])).toEqual(
        answers.map(() => [401, refused('ADMIN_KEY_INVALID', 401)]),
      );
      for (const header of [{}, asToken, { 'x-queue-token': 'not-a-token' }, { 'x-queue-token': '' }]) {
        expect((await admin.overview(header)).status).toBe(200);
      }
      expect(await admin.read()).toMatchObject({ active: 1, paused: false });
      expect((await activeRoute(active)).status).toBe(200);
    });
  });

  describe('GET /admin/queue', () => {
    it('reports the line: waiting, active, the maxActive in force, paused and the admissions of the last minute', async () => {
      expect(await admin.read()).toEqual({ waiting: 0, active: 0, maxActive: 2, paused: false, admittedLastMinute: 0 });
      await activeCallers(t, 2);
      for (let i = 0; i < 3; i++) await waitingCaller(t);
      expect(await admissionTick(t)).toMatchObject({ admitted: 0 });
      const res = await admin.overview();
      expect([res.status, res.body]).toEqual([
        200,
        { waiting: 3, active: 2, maxActive: 2, paused: false, admittedLastMinute: 2 },
      ]);
      // A minute on the admissions have left the window; the tokens are all still there.
      advance(61_000);
      expect(await admin.read()).toEqual({ waiting: 3, active: 2, maxActive: 2, paused: false, admittedLastMinute: 0 });
    });
  });

  describe('PATCH /admin/queue', () => {
    const invalid: [string, { body?: unknown; raw?: string }][] = [
      ['an empty object', { body: {} }],
      ['maxActive null', { body: { maxActive: null } }],
      ['maxActive 0', { body: { maxActive: 0 } }],
      ['maxActive -1', { body: { maxActive: -1 } }],
      ['maxActive 1000001', { body: { maxActive: 1_000_001 } }],
      ['maxActive 1.5', { body: { maxActive: 1.5 } }],
      ['maxActive "5"', { body: { maxActive: '5' } }],
      ['maxActive true', { body: { maxActive: true } }],
      ['paused "true"', { body: { paused: 'true' } }],
      ['paused null', { body: { paused: null } }],
      ['paused 1', { body: { paused: 1 } }],
      ['an unknown field beside a valid one', { body: { paused: true, reason: 'opening' } }],
      ['a valid maxActive beside a wrong paused', { body: { maxActive: 7, paused: 'yes' } }],
      ['malformed JSON', { raw: '{"paused": true' }],
      ['a JSON array', { raw: '[{"paused": true}]' }],
      ['JSON null', { raw: 'null' }],
      ['a JSON string', { raw: '"paused"' }],
      ['no body', {}],
    ];

    it.each(invalid)('answers 400 VALIDATION_FAILED to %s and changes nothing', async (_label, request) => {
      const before = await admin.read();
      const from = written.length;
      const res = await admin.change(request.body, { raw: request.raw });
      expect([res.status, res.body]).toEqual([400, expect.objectContaining(refused('VALIDATION_FAILED', 400))]);
      expect(await admin.read()).toEqual(before);
      expect(otherLines(from)).toEqual([]);
    });

    it('applies maxActive, paused or both, and answers the new overview', async () => {
      await activeCaller(t);
      await waitingCaller(t);
      const line = { waiting: 1, active: 1, admittedLastMinute: 1 };
      const changes: [Record<string, unknown>, Pick<QueueOverview, 'maxActive' | 'paused'>][] = [
        [{ maxActive: 1_000_000 }, { maxActive: 1_000_000, paused: false }],
        [{ paused: true }, { maxActive: 1_000_000, paused: true }],
        [{ maxActive: 1 }, { maxActive: 1, paused: true }],
        [
          { paused: false, maxActive: 5 },
          { maxActive: 5, paused: false },
        ],
        [{ paused: false }, { maxActive: 5, paused: false }],
      ];
      for (const [body, settings] of changes) {
        const res = await admin.change(body);
        expect([body, res.status, res.body]).toEqual([body, 200, { ...line, ...settings }]);
        expect(await admin.read()).toEqual(res.body);
      }
    });

    it('pausing stops admissions only: ACTIVE tokens go on, WAITING ones keep their places and stay alive while they poll', async () => {
      const active = await activeCaller(t);
      const line = [await waitingCaller(t), await waitingCaller(t), await waitingCaller(t)];
      // Never polls: dropped as idle even while paused, which shows that the steps below really pass the idle time.
      const silent = await waitingCaller(t);
      const paused = await admin.change({ paused: true });
      expect(paused.body).toEqual({ waiting: 4, active: 1, maxActive: 2, paused: true, admittedLastMinute: 1 });

      // 400 s in steps of 100 s, past QUEUE_WAITING_IDLE_SECONDS (300), a tick and a poll after each step.
      const ticks = [];
      for (let step = 0; step < 4; step++) {
        advance(100_000);
        ticks.push(await admissionTick(t));
        expect(await statuses(line)).toEqual([
          [200, 'WAITING', 1],
          [200, 'WAITING', 2],
          [200, 'WAITING', 3],
        ]);
        expect((await activeRoute(active)).status).toBe(200);
      }
      expect(ticks).toEqual([
        { admitted: 0, expiredActive: 0, droppedIdle: 0 },
        { admitted: 0, expiredActive: 0, droppedIdle: 0 },
        { admitted: 0, expiredActive: 0, droppedIdle: 1 },
        { admitted: 0, expiredActive: 0, droppedIdle: 0 },
      ]);
      expect((await status(silent)).body).toEqual(refused('QUEUE_TOKEN_INVALID', 401));
      expect(await admin.read()).toMatchObject({ waiting: 3, active: 1, paused: true });

      // Resumed: the free slot goes to the first in line, the next freed one to the second.
      expect((await admin.change({ paused: false })).body).toMatchObject({ paused: false, waiting: 3, active: 1 });
      expect(await admissionTick(t)).toMatchObject({ admitted: 1 });
      expect(await statuses(line)).toEqual([
        [200, 'ACTIVE', 0],
        [200, 'WAITING', 1],
        [200, 'WAITING', 2],
      ]);
      expect((await admin.kick(active.userId)).status).toBe(200);
      expect(await admissionTick(t)).toMatchObject({ admitted: 1 });
      expect(await statuses(line)).toEqual([
        [200, 'ACTIVE', 0],
        [200, 'ACTIVE', 0],
        [200, 'WAITING', 1],
      ]);
    });

    it('lowering maxActive below the active count expires nobody; admission waits until the count drops under it', async () => {
      const actives = await activeCallers(t, 2);
      const line = [await waitingCaller(t), await waitingCaller(t)];
      const lowered = await admin.change({ maxActive: 1 });
      expect(lowered.body).toEqual({ waiting: 2, active: 2, maxActive: 1, paused: false, admittedLastMinute: 2 });
      expect(await admissionTick(t)).toEqual({ admitted: 0, expiredActive: 0, droppedIdle: 0 });
      for (const caller of actives) expect((await activeRoute(caller)).status).toBe(200);

      // One left: as many ACTIVE as maxActive, still nobody admitted.
      expect((await admin.kick(actives[0].userId)).status).toBe(200);
      expect(await admissionTick(t)).toMatchObject({ admitted: 0 });
      expect(await statuses(line)).toEqual([
        [200, 'WAITING', 1],
        [200, 'WAITING', 2],
      ]);
      // None left: exactly one slot.
      expect((await admin.kick(actives[1].userId)).status).toBe(200);
      expect(await admissionTick(t)).toMatchObject({ admitted: 1 });
      expect(await admissionTick(t)).toMatchObject({ admitted: 0 });
      expect(await statuses(line)).toEqual([
        [200, 'ACTIVE', 0],
        [200, 'WAITING', 1],
      ]);
    });

    it('overrides QUEUE_MAX_ACTIVE and survives a restart, paused included', async () => {
      const first = await start({ QUEUE_STORE: store, ADMIN_API_KEY: KEY, QUEUE_MAX_ACTIVE: '2' });
      // The app that owns the database now; null between a close and the next start.
      let last: TestApp | null = first;
      try {
        const firstAdmin = new QueueAdmin(first, KEY);
        expect((await firstAdmin.read()).maxActive).toBe(2);
        expect((await firstAdmin.change({ maxActive: 4, paused: true })).body).toMatchObject({
          maxActive: 4,
          paused: true,
        });
        for (let i = 0; i < 6; i++) await waitingCaller(first);
        await first.close({ keepDatabase: true });
        last = null;
        last = await startOn(first.config);
        const second = last;
        const secondAdmin = new QueueAdmin(second, KEY);
        expect(await secondAdmin.read()).toEqual({
          waiting: 6,
          active: 0,
          maxActive: 4,
          paused: true,
          admittedLastMinute: 0,
        });
        expect(await admissionTick(second)).toMatchObject({ admitted: 0 });
        expect((await secondAdmin.change({ paused: false })).body).toMatchObject({ maxActive: 4, paused: false });
        await second.close({ keepDatabase: true });
        last = null;
        last = await startOn(first.config);
        const third = last;
        expect(await new QueueAdmin(third, KEY).read()).toMatchObject({ waiting: 6, maxActive: 4, paused: false });
        // Four, not QUEUE_MAX_ACTIVE's two.
        expect(await admissionTick(third)).toMatchObject({ admitted: 4 });
        expect(await admissionTick(third)).toMatchObject({ admitted: 0 });
        expect(await new QueueAdmin(third, KEY).read()).toMatchObject({ waiting: 2, active: 4, maxActive: 4 });
      } finally {
        if (last) await last.close();
        else await dropTestDatabase(first.config.db);
      }
    });
  });

  describe('DELETE /admin/queue/tokens/:userId', () => {
    it('ends an ACTIVE token at once on this instance; its slot goes to the next in line at the next tick', async () => {
      const kicked = await activeCaller(t);
      const other = await activeCaller(t);
      const next = await waitingCaller(t);
      // Served from this instance's token cache from now on.
      expect((await activeRoute(kicked)).status).toBe(200);

      const res = await admin.kick(kicked.userId);
      expect([res.status, res.body]).toEqual([200, { userId: kicked.userId, status: 'EXPIRED' }]);
      const after = [
        await activeRoute(kicked),
        await t.http.get<ErrorBody>('/points', { token: kicked.token }),
        await status(kicked),
      ];
      expect(after.map((r) => [r.status, r.body])).toEqual(after.map(() => [401, refused('QUEUE_TOKEN_INVALID', 401)]));
      expect(await admin.read()).toMatchObject({ waiting: 1, active: 1 });
      expect((await status(next)).body).toMatchObject({ status: 'WAITING', position: 1 });

      expect(await admissionTick(t)).toMatchObject({ admitted: 1 });
      expect((await status(next)).body).toMatchObject({ status: 'ACTIVE', position: 0 });
      expect((await activeRoute(other)).status).toBe(200);
      const again = await admin.kick(kicked.userId);
      expect([again.status, again.body]).toEqual([404, refused('QUEUE_TOKEN_NOT_FOUND', 404)]);
    });

    it(`an ACTIVE token kicked on one instance is refused by another from ${TOKEN_CACHE_BOUND_MS} ms after the kick on`, async () => {
      const b = await secondInstance();
      try {
        const kicked = await activeCaller(t);
        // B keeps the token in its cache of ACTIVE tokens.
        expect((await activeRoute(kicked, b)).status).toBe(200);
        expect((await b.http.get('/points', { token: kicked.token })).status).toBe(200);

        const res = await admin.kick(kicked.userId);
        const kickedAt = Date.now();
        expect(res.status).toBe(200);
        const samples: { after: number; status: number; code?: string }[] = [];
        await waitUntil(
          'requests to B well past the bound',
          async () => {
            const startedAt = Date.now();
            const r =
              samples.length % 2
                ? await activeRoute(kicked, b)
                : await b.http.get<ErrorBody>('/points', { token: kicked.token });
            samples.push({ after: startedAt - kickedAt, status: r.status, code: r.body.code });
            return startedAt - kickedAt >= TOKEN_CACHE_BOUND_MS + 100 ? true : undefined;
          },
          { intervalMs: 5 },
        );
        const late = samples.filter((s) => s.after >= TOKEN_CACHE_BOUND_MS);
        expect(late.length).toBeGreaterThan(0);
        expect(late).toEqual(late.map((s) => ({ after: s.after, status: 401, code: 'QUEUE_TOKEN_INVALID' })));
        // Before the bound: served from B's cache or refused, nothing else.
        expect(samples.filter((s) => s.status !== 401 && s.status !== 200)).toEqual([]);

        // A WAITING token is never cached: refused by B at once.
        const waiting = await waitingCaller(t);
        expect((await status(waiting, b)).status).toBe(200);
        expect((await admin.kick(waiting.userId)).status).toBe(200);
        expect((await b.http.get<ErrorBody>('/points', { token: waiting.token })).body).toEqual(
          refused('QUEUE_TOKEN_INVALID', 401),
        );
      } finally {
        await b.close({ keepDatabase: true });
      }
    });

    it('ends a WAITING token at once, and everyone behind it moves up one', async () => {
      const line = [await waitingCaller(t), await waitingCaller(t), await waitingCaller(t), await waitingCaller(t)];
      const res = await admin.kick(line[1].userId);
      expect([res.status, res.body]).toEqual([200, { userId: line[1].userId, status: 'EXPIRED' }]);
      expect((await status(line[1])).body).toEqual(refused('QUEUE_TOKEN_INVALID', 401));
      expect(await statuses([line[0], line[2], line[3]])).toEqual([
        [200, 'WAITING', 1],
        [200, 'WAITING', 2],
        [200, 'WAITING', 3],
      ]);
      expect(await admin.read()).toMatchObject({ waiting: 3, active: 0 });
      expect(await admissionTick(t)).toMatchObject({ admitted: 2 });
      expect(await statuses(line)).toEqual([
        [200, 'ACTIVE', 0],
        [401, undefined, undefined],
        [200, 'ACTIVE', 0],
        [200, 'WAITING', 1],
      ]);
    });

    it('answers 404 QUEUE_TOKEN_NOT_FOUND when the user has no live token', async () => {
      const timedOut = await activeCaller(t);
      const idle = await waitingCaller(t);
      const live = await waitingCaller(t);
      // Past the ACTIVE TTL (600 s) and the idle time (300 s); `live` polls, the other two do not.
      for (let step = 0; step < 7; step++) {
        advance(100_000);
        expect((await status(live)).status).toBe(200);
      }
      for (const userId of [randomUUID(), timedOut.userId, idle.userId]) {
        const res = await admin.kick(userId);
        expect([res.status, res.body]).toEqual([404, refused('QUEUE_TOKEN_NOT_FOUND', 404)]);
      }
      expect((await status(live)).body).toMatchObject({ status: 'WAITING', position: 1 });
    });

    it('answers 400 VALIDATION_FAILED to a userId that is not a UUID, and ends nothing', async () => {
      const caller = await waitingCaller(t);
      const uuid = caller.userId;
      for (const userId of ['not-a-uuid', '12345', uuid.replaceAll('-', ''), `${uuid}0`, uuid.slice(1), `{${uuid}}`]) {
        const res = await admin.kick(userId);
        expect([userId, res.status, res.body]).toEqual([
          userId,
          400,
          expect.objectContaining(refused('VALIDATION_FAILED', 400)),
        ]);
      }
      expect((await status(caller)).body).toMatchObject({ status: 'WAITING', position: 1 });
    });

    it('finds the user whatever the case of the UUID', async () => {
      const lower = await waitingCaller(t, randomUUID());
      const upper = await waitingCaller(t, randomUUID().toUpperCase());
      const first = await admin.kick(lower.userId.toUpperCase());
      expect([first.status, first.body]).toEqual([200, { userId: lower.userId, status: 'EXPIRED' }]);
      const second = await admin.kick(upper.userId);
      expect([second.status, second.body]).toEqual([200, { userId: upper.userId, status: 'EXPIRED' }]);
      expect((await status(lower)).status).toBe(401);
      expect((await status(upper)).status).toBe(401);
    });
  });

  describe('two instances', () => {
    it("a change made through one instance rules the next admission tick of another, and the other's gauges", async () => {
      const b = await secondInstance({
        ...t.config,
        schedulersEnabled: true,
        queue: { ...t.config.queue, activationIntervalMs: 50 },
      });
      /** Returns once a tick of B has started after this call: two snapshots written after two deletes. */
      const aTickOfBStartsAndEnds = async () => {
        for (let i = 0; i < 2; i++) {
          await probe.deleteSnapshot();
          await waitUntil('a tick of B to write its snapshot', async () => (await probe.snapshot()) ?? undefined);
        }
      };
      try {
        expect((await admin.change({ paused: true })).status).toBe(200);
        await aTickOfBStartsAndEnds();
        const line = [await waitingCaller(t), await waitingCaller(t), await waitingCaller(t)];
        await aTickOfBStartsAndEnds();
        expect(await statuses(line)).toEqual([
          [200, 'WAITING', 1],
          [200, 'WAITING', 2],
          [200, 'WAITING', 3],
        ]);

        expect((await admin.change({ paused: false, maxActive: 1 })).status).toBe(200);
        await waitUntil('B to admit the first in line', async () =>
          (await status(line[0])).body.status === 'ACTIVE' ? true : undefined,
        );
        await aTickOfBStartsAndEnds();
        expect(await probe.snapshot()).toMatchObject({ maxActive: 1 });
        expect(await statuses(line)).toEqual([
          [200, 'ACTIVE', 0],
          [200, 'WAITING', 1],
          [200, 'WAITING', 2],
        ]);
        const gauges = (await b.http.get('/metrics')).text;
        expect(gauges).toMatch(/^queue_paused 0$/m);
        expect(gauges).toMatch(/^queue_max_active 1$/m);

        expect((await admin.change({ maxActive: 3 })).status).toBe(200);
        await waitUntil('B to admit the other two', async () =>
          (await statuses(line)).every(([, s]) => s === 'ACTIVE') ? true : undefined,
        );
        expect((await b.http.get('/metrics')).text).toMatch(/^queue_max_active 3$/m);
      } finally {
        await b.close({ keepDatabase: true });
      }
    });
  });

  describe('audit and gauges', () => {
    it('writes one log line per change, with the client address and the change; refusals and reads write none', async () => {
      const caller = await waitingCaller(t);
      const lineOf = async (send: () => Promise<{ status: number }>, expectedStatus: number) => {
        const from = written.length;
        expect((await send()).status).toBe(expectedStatus);
        return otherLines(from);
      };
      const one = await lineOf(() => admin.change({ maxActive: 9 }), 200);
      expect(one).toHaveLength(1);
      expect(one[0]).toContain('"127.0.0.1"');
      expect(one[0]).toContain('"maxActive":9');

      const both = await lineOf(() => admin.change({ paused: true, maxActive: 3 }), 200);
      expect(both).toHaveLength(1);
      expect(both[0]).toContain('"127.0.0.1"');
      expect(both[0]).toContain('"maxActive":3');
      expect(both[0]).toContain('"paused":true');

      const kick = await lineOf(() => admin.kick(caller.userId.toUpperCase()), 200);
      expect(kick).toHaveLength(1);
      expect(kick[0]).toContain('"127.0.0.1"');
      expect(kick[0]).toContain(caller.userId);

      expect(await lineOf(() => admin.overview(), 200)).toEqual([]);
      expect(await lineOf(() => new QueueAdmin(t, newAdminKey()).change({ paused: false }), 401)).toEqual([]);
      expect(await lineOf(() => new QueueAdmin(t, undefined).kick(randomUUID()), 401)).toEqual([]);
      expect(await lineOf(() => admin.change({ maxActive: 0 }), 400)).toEqual([]);
      expect(await lineOf(() => admin.kick(caller.userId), 404)).toEqual([]);
    });

    it('names the client as TRUST_PROXY says: the forwarded address behind a trusted proxy', async () => {
      const b = await secondInstance({ ...t.config, trustProxy: ['127.0.0.1'] });
      try {
        const from = written.length;
        const res = await new QueueAdmin(b, KEY).change(
          { maxActive: 4 },
          { headers: { 'x-forwarded-for': '203.0.113.5' } },
        );
        expect(res.status).toBe(200);
        const lines = otherLines(from);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain('"203.0.113.5"');
        expect(lines[0]).not.toContain('"127.0.0.1"');
      } finally {
        await b.close({ keepDatabase: true });
      }
    });

    it('shows queue_paused (0/1) and queue_max_active in /metrics as set', async () => {
      const scrape = async () => (await t.http.get('/metrics')).text;
      let text = await scrape();
      expect(text).toMatch(/^queue_paused 0$/m);
      expect(text).toMatch(/^queue_max_active 2$/m);
      await admin.change({ paused: true, maxActive: 7 });
      text = await scrape();
      expect(text).toMatch(/^queue_paused 1$/m);
      expect(text).toMatch(/^queue_max_active 7$/m);
      await admin.change({ paused: false });
      text = await scrape();
      expect(text).toMatch(/^queue_paused 0$/m);
      expect(text).toMatch(/^queue_max_active 7$/m);
    });

    it('never writes the key to the log, not even a part of it', () => {
      const everything = written.join('');
      expect(everything.length).toBeGreaterThan(0);
      expect(everything).not.toContain(KEY.slice(0, 16));
      expect(everything).not.toContain(KEY.slice(-16));
    });
  });
});
