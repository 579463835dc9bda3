import { createHash, randomUUID } from 'node:crypto';
import { RedisCluster } from '../../../../test/support/redis-cluster.js';
import { clearQueue, startTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { QueueStore } from '../domain/queue-store.js';
import { BUCKET_SIZE } from '../infrastructure/persistence/mysql-queue.store.js';
import { AdmitWaitingTokensUseCase } from './admit-waiting-tokens.use-case.js';
import { AuthenticateQueueTokenUseCase } from './authenticate-queue-token.use-case.js';
import { IssueQueueTokenUseCase } from './issue-queue-token.use-case.js';
import { QueueFacade } from './queue.facade.js';

// "redis-cluster": QUEUE_STORE=redis on a real Redis Cluster of the test's own (three masters, three replicas).
describe.each(['database', 'redis', 'redis-cluster'])('Queue with QUEUE_STORE=%s (integration)', (store) => {
  let t: TestApp;
  let cluster: RedisCluster | null = null;
  let issue: IssueQueueTokenUseCase;
  let admit: AdmitWaitingTokensUseCase;

  const sizes = async () => {
    const { waiting, active } = await t.get(QueueStore).overview(t.clock.now());
    return { waiting, active };
  };
  const liveTokenId = async (userId: string) => {
    const ticket = (await issue.execute(userId)).ticket;
    const token = await t.get(QueueStore).find(createHash('sha256').update(ticket.token).digest());
    return token!.id;
  };

  beforeAll(async () => {
    if (store === 'redis-cluster') cluster = await RedisCluster.start();
    t = await startTestApp({
      env: {
        QUEUE_STORE: store === 'database' ? 'database' : 'redis',
        ...(cluster ? { REDIS_CLUSTER_NODES: cluster.seeds.join(',') } : {}),
        QUEUE_MAX_ACTIVE: '3',
        QUEUE_ACTIVE_TTL_SECONDS: '60',
        QUEUE_WAITING_IDLE_SECONDS: '30',
      },
    });
    issue = t.get(IssueQueueTokenUseCase);
    admit = t.get(AdmitWaitingTokensUseCase);
  });

  afterAll(async () => {
    try {
      await t.close();
    } finally {
      await cluster?.stop();
    }
  });
  beforeEach(() => clearQueue(t.app));

  it('admits in FIFO order, at most QUEUE_MAX_ACTIVE, and ranks the rest 1..k', async () => {
    const users: string[] = [];
    for (let i = 0; i < 8; i++) {
      users.push(randomUUID());
      await issue.execute(users[i]);
    }
    expect(await admit.execute()).toMatchObject({ admitted: 3 });

    const tickets = [];
    for (const user of users) tickets.push((await issue.execute(user)).ticket);
    expect(tickets.map((ticket) => ticket.status)).toEqual([
      'ACTIVE',
      'ACTIVE',
      'ACTIVE',
      'WAITING',
      'WAITING',
      'WAITING',
      'WAITING',
      'WAITING',
    ]);
    expect(tickets.map((ticket) => ticket.position)).toEqual([0, 0, 0, 1, 2, 3, 4, 5]);
    expect(tickets.slice(0, 3).map((ticket) => ticket.estimatedWaitSeconds)).toEqual([0, 0, 0]);

    // The set is full: a second tick admits nobody.
    expect(await admit.execute()).toMatchObject({ admitted: 0 });
    expect(await sizes()).toEqual({ waiting: 5, active: 3 });
  });

  it('never exceeds the cap nor admits a token twice with 6 admitters racing', async () => {
    await Promise.all(Array.from({ length: 20 }, () => issue.execute(randomUUID())));
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => admit.execute()));
    expect(outcomes.reduce((sum, outcome) => sum + outcome.admitted, 0)).toBe(3);
    expect(await sizes()).toEqual({ waiting: 17, active: 3 });
  });

  it('gives a user one live token under 50 racing issues', async () => {
    const user = randomUUID();
    const results = await Promise.all(Array.from({ length: 50 }, () => issue.execute(user)));
    expect(new Set(results.map((result) => result.ticket.token)).size).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(await sizes()).toEqual({ waiting: 1, active: 0 });
  });

  it('drops a WAITING token not polled within the idle time, and re-issue goes to the back', async () => {
    const first = randomUUID();
    const second = randomUUID();
    const original = (await issue.execute(first)).ticket;
    await issue.execute(second);

    t.clock.advanceSeconds(31);
    expect(await admit.execute()).toMatchObject({ droppedIdle: 2, admitted: 0 });
    expect(await sizes()).toEqual({ waiting: 0, active: 0 });

    await issue.execute(second);
    const again = await issue.execute(first);
    expect(again.created).toBe(true);
    expect(again.ticket.token).not.toBe(original.token);
    expect(again.ticket.position).toBe(2);
  });

  it('a poll keeps a WAITING token from idling out in its own read, at most once per refresh interval (3 s here)', async () => {
    const poll = (token: string) =>
      t.get(AuthenticateQueueTokenUseCase).execute(createHash('sha256').update(token).digest(), 'live', 'poll');
    const storedExpiry = async (token: string) =>
      (await t.get(QueueStore).find(createHash('sha256').update(token).digest()))?.expiresAt.getTime();
    const polled = (await issue.execute(randomUUID())).ticket;
    const unpolled = (await issue.execute(randomUUID())).ticket;
    const issuedUntil = polled.expiresAt.getTime();

    t.clock.advanceSeconds(2); // sooner than the refresh interval: a read only
    expect((await poll(polled.token)).place?.token.expiresAt.getTime()).toBe(issuedUntil);
    expect(await storedExpiry(polled.token)).toBe(issuedUntil);

    t.clock.advanceSeconds(2);
    const pollFrom = t.clock.now().getTime();
    const refreshed = await poll(polled.token);
    const until = refreshed.place?.token.expiresAt.getTime();
    expect(refreshed).toMatchObject({ verdict: 'ok', place: { position: 1 } });
    expect(until).toBeGreaterThanOrEqual(pollFrom + 30_000);
    expect(until).toBeLessThanOrEqual(t.clock.now().getTime() + 30_000);
    expect(await storedExpiry(polled.token)).toBe(until);

    t.clock.advanceSeconds(27); // 31 s after the issue: a poll does not bring the unpolled token back
    expect(await poll(unpolled.token)).toMatchObject({ verdict: 'QUEUE_TOKEN_INVALID' });
    const admittedFrom = t.clock.now().getTime();
    expect(await admit.execute()).toMatchObject({ droppedIdle: 1, admitted: 1 });
    const admittedBy = t.clock.now().getTime();

    t.clock.advanceSeconds(5); // an ACTIVE token's expiry is its TTL, which a poll leaves alone
    const active = await poll(polled.token);
    expect(active).toMatchObject({ verdict: 'ok', place: { position: null } });
    expect(active.place?.token.expiresAt.getTime()).toBeGreaterThanOrEqual(admittedFrom + 60_000);
    expect(active.place?.token.expiresAt.getTime()).toBeLessThanOrEqual(admittedBy + 60_000);
    expect(await storedExpiry(polled.token)).toBe(active.place?.token.expiresAt.getTime());
  });

  it('expires ACTIVE tokens after the TTL, counted from admission, and admits the next', async () => {
    const users = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    for (const user of users) await issue.execute(user);
    await admit.execute();
    t.clock.advanceSeconds(20);
    await issue.execute(users[3]); // asking again counts as a poll: the 4th does not idle out
    t.clock.advanceSeconds(20);
    await issue.execute(users[3]);
    t.clock.advanceSeconds(20);
    expect(await admit.execute()).toMatchObject({ expiredActive: 3, admitted: 1 });
    const ticket = (await issue.execute(users[3])).ticket;
    expect(ticket.status).toBe('ACTIVE');
    const remaining = ticket.expiresAt.getTime() - t.clock.now().getTime();
    expect(remaining).toBeGreaterThan(59_000);
    expect(remaining).toBeLessThanOrEqual(60_000);
  });

  it('a token ended by its payment frees its slot for the next tick, and only once', async () => {
    const users = Array.from({ length: 6 }, () => randomUUID());
    for (const user of users) await issue.execute(user);
    await admit.execute();
    const paid = await liveTokenId(users[0]);
    expect(await t.get(QueueFacade).expireAfterPayment(paid)).toBe(true);
    expect(await t.get(QueueFacade).expireAfterPayment(paid)).toBe(false);
    expect(await sizes()).toEqual({ waiting: 3, active: 2 });
    expect(await admit.execute()).toMatchObject({ admitted: 1 });
    const positions = [];
    for (const user of users.slice(3)) positions.push((await issue.execute(user)).ticket.position);
    expect(positions).toEqual([0, 1, 2]);
  });
});

describe('Queue positions in the database store (integration)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { QUEUE_MAX_ACTIVE: '3' } });
  });
  afterAll(() => t.close());

  it('stay exact across bucket boundaries', async () => {
    // Start the id sequence just below a bucket boundary so that the line spans two buckets.
    await t.db.query(`ALTER TABLE queue_token AUTO_INCREMENT = ${BUCKET_SIZE * 3 - 5}`);
    const issue = t.get(IssueQueueTokenUseCase);
    const users = Array.from({ length: 12 }, () => randomUUID());
    for (const user of users) await issue.execute(user);
    await t.get(AdmitWaitingTokensUseCase).execute();
    const positions = [];
    for (const user of users) positions.push((await issue.execute(user)).ticket.position);
    expect(positions).toEqual([0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const buckets: { bucket: number; waiting: number }[] = await t.db.query(
      'SELECT bucket, SUM(waiting) AS waiting FROM queue_bucket GROUP BY bucket ORDER BY bucket',
    );
    expect(buckets.map((row) => [Number(row.bucket), Number(row.waiting)])).toEqual([
      [2, 2],
      [3, 7],
    ]);
  });
});
