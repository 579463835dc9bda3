import { jest } from '@jest/globals';
import { BUCKET_SIZE } from '../../src/modules/queue/infrastructure/persistence/mysql-queue.store.js';
import { Sql } from '../../src/shared/infrastructure/sql.js';
import { admissionTick, type Caller, waitingCaller } from '../support/queue.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface Ticket {
  status: string;
  position: number;
}

// The poll is the hottest route: the guard's token lookup also reads a WAITING token's position, so a poll is one
// database round trip (see docs/benchmarks.md). These pin both the exact positions and the single query.
describe('GET /queue/status, positions read with the token (e2e)', () => {
  let t: TestApp;
  let callers: Caller[];

  beforeAll(async () => {
    t = await startTestApp({ env: { QUEUE_MAX_ACTIVE: '3' } });
    // Start the ids just below a bucket boundary, so that the line spans two buckets.
    await t.db.query(`ALTER TABLE queue_token AUTO_INCREMENT = ${3 * BUCKET_SIZE - 5}`);
    callers = [];
    for (let i = 0; i < 12; i++) callers.push(await waitingCaller(t));
  });
  afterAll(() => t.close());

  const poll = (caller: Caller) => t.http.get<Ticket>('/queue/status', { token: caller.token });

  it('reports exact positions across buckets, and after an admission', async () => {
    const before = await Promise.all(callers.map(poll));
    expect(before.map((res) => [res.status, res.body.status, res.body.position])).toEqual(
      callers.map((_, i) => [200, 'WAITING', i + 1]),
    );
    await admissionTick(t);
    const after = await Promise.all(callers.map(poll));
    expect(after.map((res) => [res.body.status, res.body.position])).toEqual(
      callers.map((_, i) => (i < 3 ? ['ACTIVE', 0] : ['WAITING', i - 2])),
    );
  });

  it('costs one database query per poll of a WAITING token', async () => {
    await poll(callers[11]); // the idle refresh is recent now; measure a steady-state poll
    const queries = jest.spyOn(t.get(Sql), 'query');
    const res = await poll(callers[11]);
    // The revocation feed reads queue_revocation every few ms on its own; it is not part of the poll.
    const calls = queries.mock.calls.filter(([sql]) => !sql.includes('queue_revocation')).length;
    queries.mockRestore();
    expect(res.body).toMatchObject({ status: 'WAITING', position: 9 });
    expect(calls).toBe(1);
  });
});
