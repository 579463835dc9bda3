import { randomUUID } from 'node:crypto';
import { DomainError } from '../../../shared/domain/domain-error.js';
import { TransactionRunner } from '../../../shared/domain/transaction-runner.js';
import { ledgerOf } from '../../../../test/support/point-ledger.js';
import { startTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { ChargePointsUseCase } from './charge-points.use-case.js';
import { GetPointBalanceUseCase } from './get-point-balance.use-case.js';
import { PointFacade } from './point.facade.js';

function codesOf(results: PromiseSettledResult<unknown>[]): string[] {
  return results
    .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    .map((r) => (r.reason instanceof DomainError ? r.reason.code : String(r.reason)));
}

describe('PointFacade (MariaDB)', () => {
  let t: TestApp;
  let points: PointFacade;
  let charge: ChargePointsUseCase;
  let transaction: TransactionRunner;

  beforeAll(async () => {
    t = await startTestApp();
    points = t.get(PointFacade);
    charge = t.get(ChargePointsUseCase);
    transaction = t.get(TransactionRunner);
  });

  afterAll(() => t.close());

  async function walletWith(balance: number): Promise<string> {
    const userId = randomUUID();
    await charge.execute({ userId, amount: balance });
    return userId;
  }

  it('reports 0 for a user who never charged, without creating a wallet', async () => {
    const userId = randomUUID();
    expect((await t.get(GetPointBalanceUseCase).execute(userId)).balance).toBe(0);
    const rows: unknown[] = await t.db.query('SELECT 1 FROM point_wallet WHERE user_id = ?', [userId]);
    expect(rows).toHaveLength(0);
  });

  it('uses points: lowers the balance and writes a USE entry with the balance after', async () => {
    const userId = await walletWith(100_000);
    expect(await points.use(userId, 80_000)).toEqual({ balance: 20_000 });
    expect((await t.get(GetPointBalanceUseCase).execute(userId)).balance).toBe(20_000);
    const rows: { type: string; amount: number; balanceAfter: number }[] = await t.db.query(
      'SELECT type, amount, balance_after AS balanceAfter FROM point_history WHERE user_id = ? ORDER BY id',
      [userId],
    );
    expect(rows).toEqual([
      { type: 'CHARGE', amount: 100_000, balanceAfter: 100_000 },
      { type: 'USE', amount: 80_000, balanceAfter: 20_000 },
    ]);
  });

  it('may use the whole balance', async () => {
    const userId = await walletWith(80_000);
    expect(await points.use(userId, 80_000)).toEqual({ balance: 0 });
  });

  it('fails with INSUFFICIENT_BALANCE and changes nothing when the balance is short by 1', async () => {
    const userId = await walletWith(79_999);
    await expect(points.use(userId, 80_000)).rejects.toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
    expect(await ledgerOf(t.db, userId)).toMatchObject({ balance: 79_999, rows: 1, uses: 0 });
  });

  it('fails with INSUFFICIENT_BALANCE for a user without a wallet, and creates none', async () => {
    const userId = randomUUID();
    await expect(points.use(userId, 1)).rejects.toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
    const rows: unknown[] = await t.db.query('SELECT 1 FROM point_wallet WHERE user_id = ?', [userId]);
    expect(rows).toHaveLength(0);
    expect(await ledgerOf(t.db, userId)).toMatchObject({ rows: 0 });
  });

  it.each([0, -1, 1.5])('refuses to use %d with VALIDATION_FAILED', async (amount) => {
    const userId = await walletWith(1_000);
    await expect(points.use(userId, amount)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await ledgerOf(t.db, userId)).toMatchObject({ balance: 1_000, rows: 1 });
  });

  it('joins the caller’s transaction: nothing is visible before its commit, and its rollback undoes the use', async () => {
    const userId = await walletWith(100_000);
    let seenFromOutside: number | undefined;
    await expect(
      transaction.run(async () => {
        await points.use(userId, 30_000);
        // Another connection still sees the committed state while the caller's transaction is open.
        seenFromOutside = (await ledgerOf(t.db, userId)).balance;
        throw new Error('the payment failed after the points were taken');
      }),
    ).rejects.toThrow('the payment failed');
    expect(seenFromOutside).toBe(100_000);
    expect(await ledgerOf(t.db, userId)).toMatchObject({ balance: 100_000, rows: 1, uses: 0 });
  });

  it('commits with the caller’s transaction', async () => {
    const userId = await walletWith(100_000);
    const result = await transaction.run(async () => {
      const first = await points.use(userId, 30_000);
      const second = await points.use(userId, 20_000);
      return [first, second];
    });
    expect(result).toEqual([{ balance: 70_000 }, { balance: 50_000 }]);
    expect(await ledgerOf(t.db, userId)).toMatchObject({
      balance: 50_000,
      rows: 3,
      uses: 2,
      sum: 50_000,
      chained: true,
    });
  });

  it('an INSUFFICIENT_BALANCE inside the caller’s transaction leaves its earlier work alone', async () => {
    const userId = await walletWith(50_000);
    const outcome = await transaction.run(async () => {
      await points.use(userId, 30_000);
      const refused = await points.use(userId, 30_000).catch((error: DomainError) => error.code);
      return refused;
    });
    expect(outcome).toBe('INSUFFICIENT_BALANCE');
    expect(await ledgerOf(t.db, userId)).toMatchObject({ balance: 20_000, rows: 2, uses: 1, chained: true });
  });

  it('of 25 concurrent uses of 1,000 on 10,000 exactly 10 succeed: balance 0, never negative', async () => {
    const userId = await walletWith(10_000);
    const results = await Promise.allSettled(Array.from({ length: 25 }, () => points.use(userId, 1_000)));
    const balances = results
      .filter((r): r is PromiseFulfilledResult<{ balance: number }> => r.status === 'fulfilled')
      .map((r) => r.value.balance)
      .sort((a, b) => a - b);
    expect(balances).toEqual([0, 1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 7_000, 8_000, 9_000]);
    expect(codesOf(results)).toEqual(Array.from({ length: 15 }, () => 'INSUFFICIENT_BALANCE'));
    expect(await ledgerOf(t.db, userId)).toEqual({
      balance: 0,
      rows: 11,
      charges: 1,
      uses: 10,
      sum: 0,
      chained: true,
    });
  });

  it('concurrent uses of different sizes: the successes add up exactly to what left the balance', async () => {
    const userId = await walletWith(100_000);
    const amounts = Array.from({ length: 40 }, (_, i) => 1_000 + i * 250);
    const results = await Promise.allSettled(amounts.map((amount) => points.use(userId, amount)));
    const used = amounts.filter((_, i) => results[i].status === 'fulfilled').reduce((a, b) => a + b, 0);
    expect(used).toBeLessThanOrEqual(100_000);
    expect(new Set(codesOf(results))).toEqual(new Set(['INSUFFICIENT_BALANCE']));
    const summary = await ledgerOf(t.db, userId);
    expect(summary).toMatchObject({ balance: 100_000 - used, sum: 100_000 - used, chained: true });
    // Refused only while the balance really was short: what is left is below every refused amount.
    const refused = amounts.filter((_, i) => results[i].status === 'rejected');
    expect(Math.min(...refused)).toBeGreaterThan(summary.balance);
  });

  it('concurrent charges and uses of one wallet: the ledger chains in commit order and sums to the balance', async () => {
    const userId = await walletWith(20_000);
    const results = await Promise.allSettled(
      Array.from({ length: 120 }, (_, i) =>
        i % 2 === 0 ? charge.execute({ userId, amount: 1_000 }) : points.use(userId, 1_500),
      ),
    );
    const charged = results.filter((r, i) => i % 2 === 0 && r.status === 'fulfilled').length;
    const used = results.filter((r, i) => i % 2 === 1 && r.status === 'fulfilled').length;
    expect(charged).toBe(60);
    expect(new Set(codesOf(results))).toEqual(used === 60 ? new Set() : new Set(['INSUFFICIENT_BALANCE']));
    expect(await ledgerOf(t.db, userId)).toEqual({
      balance: 20_000 + charged * 1_000 - used * 1_500,
      rows: 1 + charged + used,
      charges: 1 + charged,
      uses: used,
      sum: 20_000 + charged * 1_000 - used * 1_500,
      chained: true,
    });
  });
});
