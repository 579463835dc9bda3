import { randomUUID } from 'node:crypto';
import { admissionTick, type Caller, waitingCaller } from '../support/queue.js';
import { QueueStoreProbe, type StoredSnapshot } from '../support/queue-store-probe.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface Ticket {
  token: string;
  status: string;
  position: number;
  estimatedWaitSeconds: number;
  pollAfterSeconds: number;
}

interface Limits {
  maxActive: number;
  activeTtlSeconds: number;
  waitingIdleSeconds: number;
}

/** The contract's formulas, computed here from the snapshot the store holds. */
function expectedFor(position: number, snapshot: StoredSnapshot | null, limits: Limits) {
  const estimatedWaitSeconds =
    snapshot && snapshot.admitted > 0 && snapshot.seconds > 0
      ? Math.ceil((position * snapshot.seconds) / snapshot.admitted)
      : Math.ceil((position * limits.activeTtlSeconds) / (snapshot?.maxActive ?? limits.maxActive));
  const ceiling = Math.max(1, Math.min(30, Math.floor(limits.waitingIdleSeconds / 3)));
  const pollAfterSeconds = Math.min(ceiling, Math.max(1, Math.ceil(estimatedWaitSeconds / 10)));
  return { position, estimatedWaitSeconds, pollAfterSeconds };
}

/** Each value at least the one before it. */
function expectNonDecreasing(values: number[]): void {
  for (let i = 1; i < values.length; i++) expect([i, values[i] >= values[i - 1]]).toEqual([i, true]);
}

describe.each(['database', 'redis'] as const)('Wait estimates across instances, QUEUE_STORE=%s (e2e)', (store) => {
  const limits: Limits = { maxActive: 3, activeTtlSeconds: 30, waitingIdleSeconds: 300 };
  let a: TestApp;
  let b: TestApp;
  let probe: QueueStoreProbe;
  let line: Caller[];

  beforeAll(async () => {
    a = await startTestApp({
      env: {
        QUEUE_STORE: store,
        QUEUE_MAX_ACTIVE: String(limits.maxActive),
        QUEUE_ACTIVE_TTL_SECONDS: String(limits.activeTtlSeconds),
        QUEUE_WAITING_IDLE_SECONDS: String(limits.waitingIdleSeconds),
        QUEUE_ACTIVATION_INTERVAL_MS: '1000',
      },
    });
    b = await startTestApp({ config: a.config });
    probe = new QueueStoreProbe(a);
  });
  afterAll(async () => {
    await b?.close({ keepDatabase: true });
    await a?.close();
  });

  /** Each app has its own TestClock: both move together, so the two instances agree on "now". */
  const advanceBoth = (ms: number) => {
    a.clock.advance(ms);
    b.clock.advance(ms);
  };

  /**
   * For each WAITING caller, at the same moment: a poll on one instance and a re-issue on the other (alternating).
   * Every answer must carry the estimate the formulas give for its position and the stored snapshot.
   */
  const checkEstimates = async (waiting: Caller[]) => {
    const snapshot = await probe.snapshot();
    const answers = await Promise.all(
      waiting.flatMap((caller, i) => {
        const [pollOn, issueOn] = i % 2 ? [a, b] : [b, a];
        return [
          pollOn.http.get<Ticket>('/queue/status', { token: caller.token }),
          issueOn.http.post<Ticket>('/queue/tokens', { userId: caller.userId }),
        ];
      }),
    );
    // The snapshot did not move meanwhile (no tick ran): the answers were all computed from it.
    expect(await probe.snapshot()).toEqual(snapshot);
    const expected = waiting.map((_, i) => expectedFor(i + 1, snapshot, limits));
    const seen = answers.map((res) => ({
      ok: res.status === 200 || res.status === 201,
      status: res.body.status,
      position: res.body.position,
      estimatedWaitSeconds: res.body.estimatedWaitSeconds,
      pollAfterSeconds: res.body.pollAfterSeconds,
    }));
    expect(seen).toEqual(expected.flatMap((e) => [e, e].map((x) => ({ ok: true, status: 'WAITING', ...x }))));
    expectNonDecreasing(seen.map((s) => s.estimatedWaitSeconds));
    expectNonDecreasing(seen.map((s) => s.pollAfterSeconds));
    return { snapshot, expected };
  };

  const checkActive = async (active: Caller[]) => {
    const answers = await Promise.all(
      active.map((caller, i) => (i % 2 ? a : b).http.get<Ticket>('/queue/status', { token: caller.token })),
    );
    expect(
      answers.map((res) => [
        res.status,
        res.body.status,
        res.body.position,
        res.body.estimatedWaitSeconds,
        res.body.pollAfterSeconds,
      ]),
    ).toEqual(active.map(() => [200, 'ACTIVE', 0, 0, 0]));
  };

  it('before any admission: from QUEUE_ACTIVE_TTL_SECONDS and QUEUE_MAX_ACTIVE, alike on both instances', async () => {
    // A tick over an empty line writes a snapshot that has observed no admission.
    expect(await admissionTick(a)).toMatchObject({ admitted: 0 });
    expect(await probe.snapshot()).toEqual({ admitted: 0, seconds: 0, maxActive: limits.maxActive });
    line = [];
    for (let i = 0; i < 12; i++) line.push(await waitingCaller(i % 2 ? b : a, randomUUID()));
    const { expected } = await checkEstimates(line);
    // 30 s × position ÷ 3: 10 s per place, a poll every 1..12 s.
    expect(expected.map((e) => e.estimatedWaitSeconds)).toEqual(line.map((_, i) => 10 * (i + 1)));
    expect(expected.map((e) => e.pollAfterSeconds)).toEqual(line.map((_, i) => i + 1));
  });

  it('after a first admission: from the one tick observed, at least one activation interval long', async () => {
    expect(await admissionTick(b)).toMatchObject({ admitted: 3 });
    const { snapshot } = await checkEstimates(line.slice(3));
    expect(snapshot).toEqual({ admitted: 3, seconds: 1, maxActive: limits.maxActive });
    await checkActive(line.slice(0, 3));
  });

  it('after more admissions: from all the admissions in the window, over the time since the first', async () => {
    advanceBoth(31_000);
    // The first three ran out of time (TTL 30 s): three more are admitted.
    expect(await admissionTick(a)).toMatchObject({ admitted: 3, expiredActive: 3 });
    const second = await checkEstimates(line.slice(6));
    expect(second.snapshot).toMatchObject({ admitted: 6, maxActive: limits.maxActive });
    expect(second.snapshot?.seconds).toBeGreaterThanOrEqual(31);
    expect(second.snapshot?.seconds).toBeLessThan(60);
    await checkActive(line.slice(3, 6));

    advanceBoth(31_000);
    expect(await admissionTick(b)).toMatchObject({ admitted: 3, expiredActive: 3 });
    const third = await checkEstimates(line.slice(9));
    expect(third.snapshot).toMatchObject({ admitted: 9, maxActive: limits.maxActive });
    expect(third.snapshot?.seconds).toBeGreaterThanOrEqual(62);
    expect(third.snapshot?.seconds).toBeLessThan(90);
    await checkActive(line.slice(6, 9));
  });

  it.each([
    [2, 1],
    [6, 2],
    [45, 15],
    [300, 30],
  ])(
    'never advises polling less often than QUEUE_WAITING_IDLE_SECONDS=%i allows: at most %i s',
    async (idleSeconds, ceiling) => {
      const t = await startTestApp({
        env: {
          QUEUE_STORE: store,
          QUEUE_MAX_ACTIVE: '1',
          QUEUE_ACTIVE_TTL_SECONDS: '600',
          QUEUE_WAITING_IDLE_SECONDS: String(idleSeconds),
        },
      });
      try {
        const issued = [];
        for (let i = 0; i < 3; i++) issued.push(await t.http.post<Ticket>('/queue/tokens', { userId: randomUUID() }));
        expect(
          issued.map((res) => [
            res.status,
            res.body.position,
            res.body.estimatedWaitSeconds,
            res.body.pollAfterSeconds,
          ]),
        ).toEqual([
          [201, 1, 600, Math.min(ceiling, 60)],
          [201, 2, 1200, Math.min(ceiling, 120)],
          [201, 3, 1800, Math.min(ceiling, 180)],
        ]);
      } finally {
        await t.close();
      }
    },
  );
});
