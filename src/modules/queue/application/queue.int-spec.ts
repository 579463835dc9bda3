import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { QueueStore } from '../domain/queue-store.js';
import { BUCKET_SIZE } from '../infrastructure/persistence/typeorm-queue.store.js';
import { AdmitWaitingTokensUseCase } from './admit-waiting-tokens.use-case.js';
import { IssueQueueTokenUseCase } from './issue-queue-token.use-case.js';
import { QueueFacade } from './queue.facade.js';

describe('Queue on MariaDB (integration)', () => {
  let t: TestApp;
  let issue: IssueQueueTokenUseCase;
  let admit: AdmitWaitingTokensUseCase;

  const statusCounts = async () => {
    const rows: { status: string; n: string }[] = await t.db.query(
      'SELECT status, COUNT(*) AS n FROM queue_token GROUP BY status',
    );
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
  };
  const reset = () => t.db.query('DELETE FROM queue_token').then(() => t.db.query('DELETE FROM queue_bucket'));

  beforeAll(async () => {
    t = await startTestApp({
      env: { QUEUE_MAX_ACTIVE: '3', QUEUE_ACTIVE_TTL_SECONDS: '60', QUEUE_WAITING_IDLE_SECONDS: '30' },
    });
    issue = t.get(IssueQueueTokenUseCase);
    admit = t.get(AdmitWaitingTokensUseCase);
  });

  afterAll(() => t.close());
  beforeEach(reset);

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
    expect(await statusCounts()).toEqual({ ACTIVE: 3, WAITING: 5 });
  });

  it('never exceeds the cap nor admits a token twice with 6 admitters racing', async () => {
    await Promise.all(Array.from({ length: 20 }, () => issue.execute(randomUUID())));
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => admit.execute()));
    expect(outcomes.reduce((sum, outcome) => sum + outcome.admitted, 0)).toBe(3);
    expect(await statusCounts()).toEqual({ ACTIVE: 3, WAITING: 17 });
    const [{ admissions }]: { admissions: string }[] = await t.db.query(
      'SELECT COUNT(*) AS admissions FROM queue_token WHERE activated_at IS NOT NULL',
    );
    expect(Number(admissions)).toBe(3);
  });

  it('gives a user one live token under 50 racing issues', async () => {
    const user = randomUUID();
    const results = await Promise.all(Array.from({ length: 50 }, () => issue.execute(user)));
    expect(new Set(results.map((result) => result.ticket.token)).size).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(await statusCounts()).toEqual({ WAITING: 1 });
  });

  it('drops a WAITING token not polled within the idle time, and re-issue goes to the back', async () => {
    const first = randomUUID();
    const second = randomUUID();
    const original = (await issue.execute(first)).ticket;
    await issue.execute(second);

    t.clock.advanceSeconds(31);
    expect(await admit.execute()).toMatchObject({ droppedIdle: 2, admitted: 0 });
    expect(await statusCounts()).toEqual({ EXPIRED: 2 });

    await issue.execute(second);
    const again = await issue.execute(first);
    expect(again.created).toBe(true);
    expect(again.ticket.token).not.toBe(original.token);
    expect(again.ticket.position).toBe(2);
  });

  it('expires ACTIVE tokens after the TTL, counted from admission, and admits the next', async () => {
    const users = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    for (const user of users) await issue.execute(user);
    await admit.execute();
    t.clock.advanceSeconds(20);
    await issue.execute(users[3]); // a poll keeps the 4th from idling out
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

  it('keeps positions exact across buckets, idle drops and payments', async () => {
    // Push the id sequence over a bucket boundary so the waiting line spans two buckets.
    const [{ maxId }]: { maxId: string | null }[] = await t.db.query('SELECT MAX(id) AS maxId FROM queue_token');
    const next = Math.ceil((Number(maxId ?? 0) + 1) / BUCKET_SIZE) * BUCKET_SIZE - 5;
    await t.db.query(`ALTER TABLE queue_token AUTO_INCREMENT = ${next}`);

    const users = Array.from({ length: 12 }, () => randomUUID());
    for (const user of users) await issue.execute(user);
    await admit.execute(); // users 0..2 ACTIVE
    const [{ id }]: { id: string }[] = await t.db.query('SELECT id FROM queue_token WHERE live_user_id = ?', [
      users[0],
    ]);
    expect(await t.get(QueueFacade).expireAfterPayment(String(id))).toBe(true);
    expect(await t.get(QueueFacade).expireAfterPayment(String(id))).toBe(false);
    const positions = [];
    for (const user of users.slice(3)) positions.push((await issue.execute(user)).ticket.position);
    expect(positions).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);

    // The payment freed a slot: the next tick admits exactly one, the oldest.
    expect(await admit.execute()).toMatchObject({ admitted: 1 });
    const after = [];
    for (const user of users.slice(3)) after.push((await issue.execute(user)).ticket.position);
    expect(after).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await t.get(QueueStore).sizes(t.clock.now())).toEqual({ waiting: 8, active: 3 });
  });
});
