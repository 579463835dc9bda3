import { randomUUID } from 'node:crypto';
import { ledgerOf } from '../../../../test/support/point-ledger.js';
import { outcome, tally, watchDeadlocks } from '../../../../test/support/reservation.js';
import { startTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { ChargePointsUseCase } from './charge-points.use-case.js';

// The wallet row is created by the first charge (INSERT … ON DUPLICATE KEY on a row that does not exist yet), the
// pattern that deadlocked first-time users' holds; these races check the charges of first-time users.
describe('ChargePointsUseCase races of first-time users (MariaDB)', () => {
  let t: TestApp;
  let charge: ChargePointsUseCase;

  beforeAll(async () => {
    t = await startTestApp();
    charge = t.get(ChargePointsUseCase);
  });
  afterAll(() => t.close());

  async function race(requests: { userId: string; amount: number }[]) {
    const deadlocks = watchDeadlocks(t);
    const outcomes = await Promise.all(requests.map((request) => outcome(charge.execute(request))));
    deadlocks.stop();
    return { outcomes: tally(outcomes), deadlocks: deadlocks.count() };
  }

  it('500 first-time users charging at once, each their own wallet: all applied, no deadlock', async () => {
    const users = Array.from({ length: 500 }, () => randomUUID());
    expect(await race(users.map((userId, i) => ({ userId, amount: 1_000 + i })))).toEqual({
      outcomes: { ok: 500 },
      deadlocks: 0,
    });
    for (const [i, userId] of users.entries()) {
      expect(await ledgerOf(t.db, userId)).toEqual({
        balance: 1_000 + i,
        rows: 1,
        charges: 1,
        uses: 0,
        sum: 1_000 + i,
        chained: true,
      });
    }
  });

  it('200 charges of one new user at once: all applied in one chain, no deadlock', async () => {
    const userId = randomUUID();
    expect(await race(Array.from({ length: 200 }, () => ({ userId, amount: 500 })))).toEqual({
      outcomes: { ok: 200 },
      deadlocks: 0,
    });
    expect(await ledgerOf(t.db, userId)).toEqual({
      balance: 100_000,
      rows: 200,
      charges: 200,
      uses: 0,
      sum: 100_000,
      chained: true,
    });
  });

  it('60 new users charging 5 times each, all at once: every wallet exact, no deadlock', async () => {
    const users = Array.from({ length: 60 }, () => randomUUID());
    const requests = users.flatMap((userId) =>
      Array.from({ length: 5 }, (_, i) => ({ userId, amount: 100 * (i + 1) })),
    );
    expect(await race(requests)).toEqual({ outcomes: { ok: 300 }, deadlocks: 0 });
    for (const userId of users) {
      expect(await ledgerOf(t.db, userId)).toEqual({
        balance: 1_500,
        rows: 5,
        charges: 5,
        uses: 0,
        sum: 1_500,
        chained: true,
      });
    }
  });
});
