import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { startTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { AdmitWaitingTokensUseCase } from './admit-waiting-tokens.use-case.js';
import { IssueQueueTokenUseCase } from './issue-queue-token.use-case.js';
import { QueueStore } from '../domain/queue-store.js';
import { watchDeadlocks } from '../../../../test/support/reservation.js';

const USERS = 1000;

// Found by `npm run bench`: admission ticks running while many users enqueue deadlocked with the inserts on the
// tail of the line (next-key locks under REPEATABLE READ), and some POST /queue/tokens answered 500.
describe('Admission ticks racing a burst of enqueues on MariaDB (integration)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { QUEUE_MAX_ACTIVE: '100000' } });
  });
  afterAll(() => t.close());

  it(`issues all ${USERS} tokens and admits each exactly once, with no deadlock`, async () => {
    const issue = t.get(IssueQueueTokenUseCase);
    const admit = t.get(AdmitWaitingTokensUseCase);
    // Every attempt of a transaction goes through DataSource.transaction: more calls than runs are deadlock retries.
    const attempts = jest.spyOn(t.db, 'transaction');
    let issuing = true;
    let admitted = 0;
    let ticks = 0;
    const ticker = (async () => {
      while (issuing) {
        ticks++;
        admitted += (await admit.execute()).admitted;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const results = await Promise.allSettled(Array.from({ length: USERS }, () => issue.execute(randomUUID())));
    issuing = false;
    await ticker;
    admitted += (await admit.execute()).admitted;
    ticks++;
    const retries = attempts.mock.calls.length - USERS - ticks;
    attempts.mockRestore();

    expect(results.filter((r) => r.status === 'rejected').map((r) => String(r.reason))).toEqual([]);
    expect(retries).toBe(0);
    expect(admitted).toBe(USERS);
    const rows: { status: string; n: string }[] = await t.db.query(
      'SELECT status, COUNT(*) AS n FROM queue_token GROUP BY status',
    );
    expect(rows.map((r) => [r.status, Number(r.n)])).toEqual([['ACTIVE', USERS]]);
    const [{ waiting }]: { waiting: string }[] = await t.db.query(
      'SELECT COALESCE(SUM(waiting), 0) AS waiting FROM queue_bucket',
    );
    expect(Number(waiting)).toBe(0);
  });

  it('ends tokens by payments and kicks while ticks expire and admit over the same rows, with no deadlock', async () => {
    const issue = t.get(IssueQueueTokenUseCase);
    const admit = t.get(AdmitWaitingTokensUseCase);
    const store = t.get(QueueStore);
    await t.db.query('DELETE FROM queue_token');
    await t.db.query('DELETE FROM queue_bucket');
    await t.db.query('DELETE FROM queue_admission');
    for (let i = 0; i < 300; i++) await issue.execute(randomUUID());
    await admit.execute();
    const ended: { id: string }[] = await t.db.query("SELECT id FROM queue_token WHERE status = 'ACTIVE'");
    expect(ended).toHaveLength(300);
    t.clock.advanceSeconds(t.config.queue.activeTtlSeconds); // the 300 are due for the ticks' TTL sweep
    for (let i = 0; i < 100; i++) await issue.execute(randomUUID()); // the line behind them

    const deadlocks = watchDeadlocks(t);
    try {
      const ticks = Array.from({ length: 10 }, () => admit.execute());
      // A payment's end (PAID) and an operator's kick (KICKED) racing the sweeps over the same rows.
      const ends = ended.map(({ id }, i) => store.expire(String(id), i % 2 ? 'PAID' : 'KICKED', t.clock.now()));
      const settled = await Promise.allSettled([...ticks, ...ends]);
      expect(settled.filter((r) => r.status === 'rejected').map((r) => String(r.reason))).toEqual([]);
      expect(deadlocks.count()).toBe(0);
    } finally {
      deadlocks.stop();
    }
    const rows: { status: string; n: string }[] = await t.db.query(
      'SELECT status, COUNT(*) AS n FROM queue_token GROUP BY status ORDER BY status',
    );
    expect(rows.map((r) => [r.status, Number(r.n)])).toEqual([
      ['ACTIVE', 100],
      ['EXPIRED', 300],
    ]);
    const [{ admitted }]: { admitted: string }[] = await t.db.query(
      'SELECT SUM(admitted) AS admitted FROM queue_admission',
    );
    expect(Number(admitted)).toBe(400);
  });
});
