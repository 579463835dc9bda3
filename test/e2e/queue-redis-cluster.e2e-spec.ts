import { randomUUID } from 'node:crypto';
import { queueKeys } from '../../src/modules/queue/infrastructure/redis/redis-queue.store.js';
import { seedConcert } from '../support/catalogue.js';
import { type Caller, waitingCaller } from '../support/queue.js';
import { RedisCluster } from '../support/redis-cluster.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait-until.js';

interface Ticket {
  status: string;
  position: number;
  code?: string;
}

// QUEUE_STORE=redis on a real Redis Cluster (three masters, three replicas): two app instances share the line, and
// the line survives its master's death once a replica has taken over.
describe('QUEUE_STORE=redis on Redis Cluster, two instances (e2e)', () => {
  let cluster: RedisCluster;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    cluster = await RedisCluster.start();
    a = await startTestApp({
      env: {
        QUEUE_STORE: 'redis',
        REDIS_CLUSTER_NODES: cluster.seeds.join(','),
        QUEUE_MAX_ACTIVE: '2',
        SCHEDULERS_ENABLED: 'true',
        QUEUE_ACTIVATION_INTERVAL_MS: '50',
        // The shared counts live on the cluster too (one key per client or token, any slot).
        RATE_LIMIT_ISSUE_PER_MINUTE: '1000',
        RATE_LIMIT_PER_TOKEN_PER_MINUTE: '1000',
      },
    });
    b = await startTestApp({ config: a.config });
  });

  afterAll(async () => {
    try {
      await b?.close({ keepDatabase: true });
      await a?.close();
    } finally {
      await cluster?.stop();
    }
  });

  const statusOn = (t: TestApp, token: string) => t.http.get<Ticket>('/queue/status', { token });
  const untilActive = (t: TestApp, token: string) =>
    waitUntil('the scheduler to admit the token', async () =>
      (await statusOn(t, token)).body.status === 'ACTIVE' ? true : undefined,
    );

  it('runs the booking journey across the two instances, and the payment frees the slot for the next user', async () => {
    const show = await seedConcert(a.db, { now: a.clock.now(), dayOffsets: [3], price: () => 50_000 });
    const first = await waitingCaller(a);
    await untilActive(b, first.token);
    const held = await a.http.post<{ reservationId: number }>(
      '/reservations',
      { concertId: show.concertId, date: show.dates[0], seatNumber: 9 },
      { token: first.token },
    );
    expect(held.status).toBe(201);
    expect((await b.http.post('/points/charge', { amount: 50_000 }, { token: first.token })).status).toBe(200);
    const paid = await a.http.post(
      '/payments',
      { reservationId: held.body.reservationId },
      { token: first.token, headers: { 'idempotency-key': 'cluster-1' } },
    );
    expect(paid.status).toBe(201);
    expect((await statusOn(a, first.token)).status).toBe(401);
    await waitUntil('the other instance to refuse the spent token', async () =>
      (await statusOn(b, first.token)).status === 401 ? true : undefined,
    );

    // The paid token's slot goes to the next in line, whichever instance ticks.
    const next = [await waitingCaller(b), await waitingCaller(a), await waitingCaller(b)];
    await untilActive(a, next[0].token);
    await untilActive(b, next[1].token);
    expect((await statusOn(a, next[2].token)).body).toMatchObject({ status: 'WAITING', position: 1 });
  });

  it('keeps the line through the death of its master once a replica has taken over, answering 503 meanwhile', async () => {
    const line: Caller[] = [];
    for (let i = 0; i < 5; i++) line.push(await waitingCaller(i % 2 ? a : b, randomUUID()));
    const before = await Promise.all(line.map(async (caller) => (await statusOn(a, caller.token)).body));
    expect(before.map((ticket) => ticket.status)).toEqual(['WAITING', 'WAITING', 'WAITING', 'WAITING', 'WAITING']);

    const slot = await cluster.slotOf(queueKeys(a.config.db.database)[0]);
    const master = await cluster.masterOf(slot);
    // Replication is asynchronous: what the master acknowledged but had not passed on when it died would be lost.
    await cluster.waitForReplicas(master);
    await cluster.killMaster(master);

    // Until the replica takes over (and after), a request either succeeds or is refused as unavailable: never a 500.
    const statuses: number[] = [];
    let failingOver = true;
    const probing = (async () => {
      while (failingOver) {
        for (const t of [a, b]) statuses.push((await statusOn(t, line[0].token)).status);
      }
    })();
    await cluster.waitForFailover(slot);
    failingOver = false;
    await probing;
    expect(statuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);

    // Both instances serve the same line again, every place kept.
    for (const t of [a, b]) {
      await waitUntil('the instance to reach the new master', async () =>
        (await statusOn(t, line[0].token)).status === 200 ? true : undefined,
      );
      const after = await Promise.all(line.map(async (caller) => (await statusOn(t, caller.token)).body));
      expect(after.map((ticket) => [ticket.status, ticket.position])).toEqual(
        before.map((ticket) => [ticket.status, ticket.position]),
      );
    }
    // And it moves: a newcomer joins at the back, admissions go on.
    const newcomer = await waitingCaller(a);
    expect((await statusOn(b, newcomer.token)).body.position).toBeGreaterThan(0);
    const health = await b.http.get('/health');
    expect(health.status).toBe(200);
  });
});
