import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { startTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { AdmitWaitingTokensUseCase } from './admit-waiting-tokens.use-case.js';
import { IssueQueueTokenUseCase } from './issue-queue-token.use-case.js';

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
});
