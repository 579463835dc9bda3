import { randomUUID } from 'node:crypto';
import { DomainError } from '../../../shared/domain/domain-error.js';
import { ledgerOf } from '../../../../test/support/point-ledger.js';
import { startTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { ChargePointsUseCase } from './charge-points.use-case.js';

function codesOf(results: PromiseSettledResult<unknown>[]): string[] {
  return results
    .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    .map((r) => (r.reason instanceof DomainError ? r.reason.code : String(r.reason)));
}

describe('ChargePointsUseCase (MariaDB)', () => {
  let t: TestApp;
  let charge: ChargePointsUseCase;

  beforeAll(async () => {
    t = await startTestApp();
    charge = t.get(ChargePointsUseCase);
  });

  afterAll(() => t.close());

  it('creates the wallet on the first charge and adds later ones', async () => {
    const userId = randomUUID();
    expect((await charge.execute({ userId, amount: 50_000 })).balance).toBe(50_000);
    const wallet = await charge.execute({ userId, amount: 100_000 });
    expect({ userId: wallet.userId, balance: wallet.balance }).toEqual({ userId, balance: 150_000 });
    const rows: { type: string; amount: number; balanceAfter: number; createdAt: Date }[] = await t.db.query(
      'SELECT type, amount, balance_after AS balanceAfter, created_at AS createdAt FROM point_history WHERE user_id = ? ORDER BY id',
      [userId],
    );
    expect(rows.map(({ type, amount, balanceAfter }) => ({ type, amount, balanceAfter }))).toEqual([
      { type: 'CHARGE', amount: 50_000, balanceAfter: 50_000 },
      { type: 'CHARGE', amount: 100_000, balanceAfter: 150_000 },
    ]);
  });

  it('stamps the wallet and the ledger with the clock', async () => {
    const userId = randomUUID();
    t.clock.advance(3_600_000);
    const now = t.clock.now();
    await charge.execute({ userId, amount: 1 });
    const [wallet]: { updatedAt: Date }[] = await t.db.query(
      'SELECT updated_at AS updatedAt FROM point_wallet WHERE user_id = ?',
      [userId],
    );
    const [entry]: { createdAt: Date }[] = await t.db.query(
      'SELECT created_at AS createdAt FROM point_history WHERE user_id = ?',
      [userId],
    );
    expect(Math.abs(wallet.updatedAt.getTime() - now.getTime())).toBeLessThan(1_000);
    expect(entry.createdAt.getTime()).toBe(wallet.updatedAt.getTime());
  });

  it('applies 100 concurrent charges of 1,000 on a new wallet: 100,000 and 100 ledger rows', async () => {
    const userId = randomUUID();
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, () => charge.execute({ userId, amount: 1_000 })),
    );
    expect(codesOf(results)).toEqual([]);
    const balancesAfter = results.map((r) => (r.status === 'fulfilled' ? r.value.balance : -1)).sort((a, b) => a - b);
    expect(balancesAfter).toEqual(Array.from({ length: 100 }, (_, i) => (i + 1) * 1_000));
    expect(await ledgerOf(t.db, userId)).toEqual({
      balance: 100_000,
      rows: 100,
      charges: 100,
      uses: 0,
      sum: 100_000,
      chained: true,
    });
  });

  it('applies 100 concurrent charges on an existing wallet, with other users charging at the same time', async () => {
    const userId = randomUUID();
    const others = [randomUUID(), randomUUID()];
    await charge.execute({ userId, amount: 5 });
    const results = await Promise.allSettled([
      ...Array.from({ length: 100 }, (_, i) => charge.execute({ userId, amount: 1_000 + i })),
      ...others.flatMap((other) => Array.from({ length: 20 }, () => charge.execute({ userId: other, amount: 7 }))),
    ]);
    expect(codesOf(results)).toEqual([]);
    const expected = 5 + Array.from({ length: 100 }, (_, i) => 1_000 + i).reduce((a, b) => a + b, 0);
    expect(await ledgerOf(t.db, userId)).toMatchObject({ balance: expected, rows: 101, sum: expected, chained: true });
    for (const other of others) {
      expect(await ledgerOf(t.db, other)).toMatchObject({ balance: 140, rows: 20, sum: 140, chained: true });
    }
  });

  it.each([0, -5, 1.5, 1_000_001, Number.NaN])(
    'refuses amount %d with VALIDATION_FAILED and writes nothing',
    async (amount) => {
      const userId = randomUUID();
      await expect(charge.execute({ userId, amount })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await ledgerOf(t.db, userId)).toMatchObject({ balance: 0, rows: 0 });
      const wallets: unknown[] = await t.db.query('SELECT 1 FROM point_wallet WHERE user_id = ?', [userId]);
      expect(wallets).toHaveLength(0);
    },
  );

  it('accepts exactly POINT_MAX_CHARGE', async () => {
    const userId = randomUUID();
    expect((await charge.execute({ userId, amount: 1_000_000 })).balance).toBe(1_000_000);
  });
});

describe('ChargePointsUseCase near the cap (POINT_MAX_BALANCE=10000)', () => {
  let t: TestApp;
  let charge: ChargePointsUseCase;

  beforeAll(async () => {
    t = await startTestApp({ env: { POINT_MAX_BALANCE: '10000', POINT_MAX_CHARGE: '20000' } });
    charge = t.get(ChargePointsUseCase);
  });

  afterAll(() => t.close());

  it('charges up to exactly the cap and refuses one point more with BALANCE_LIMIT_EXCEEDED, writing nothing', async () => {
    const userId = randomUUID();
    await charge.execute({ userId, amount: 9_999 });
    expect((await charge.execute({ userId, amount: 1 })).balance).toBe(10_000);
    await expect(charge.execute({ userId, amount: 1 })).rejects.toMatchObject({
      code: 'BALANCE_LIMIT_EXCEEDED',
      message: 'Charging 1 would lift the balance above 10000',
    });
    expect(await ledgerOf(t.db, userId)).toMatchObject({ balance: 10_000, rows: 2, sum: 10_000, chained: true });
  });

  it('refuses a first charge above the cap (allowed as a single charge) and leaves the balance at 0', async () => {
    const userId = randomUUID();
    await expect(charge.execute({ userId, amount: 10_001 })).rejects.toMatchObject({ code: 'BALANCE_LIMIT_EXCEEDED' });
    expect(await ledgerOf(t.db, userId)).toMatchObject({ balance: 0, rows: 0 });
  });

  it('lets exactly 10 of 30 concurrent charges of 1,000 through: balance 10,000, never above', async () => {
    const userId = randomUUID();
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () => charge.execute({ userId, amount: 1_000 })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    expect(codesOf(results)).toEqual(Array.from({ length: 20 }, () => 'BALANCE_LIMIT_EXCEEDED'));
    expect(await ledgerOf(t.db, userId)).toEqual({
      balance: 10_000,
      rows: 10,
      charges: 10,
      uses: 0,
      sum: 10_000,
      chained: true,
    });
  });

  it('never passes the cap when concurrent charges of different sizes race from near it', async () => {
    const userId = randomUUID();
    await charge.execute({ userId, amount: 9_000 });
    // 700 + 300 fit exactly, as do 600 + 400, or 999 alone: whatever wins, the cap holds and the ledger agrees.
    const amounts = [700, 300, 600, 400, 999, 1_001, 250, 250, 500, 2];
    const results = await Promise.allSettled(amounts.map((amount) => charge.execute({ userId, amount })));
    const applied = amounts.filter((_, i) => results[i].status === 'fulfilled').reduce((a, b) => a + b, 0);
    const summary = await ledgerOf(t.db, userId);
    expect(summary.balance).toBe(9_000 + applied);
    expect(summary.balance).toBeLessThanOrEqual(10_000);
    expect(summary).toMatchObject({
      sum: summary.balance,
      chained: true,
      rows: 1 + (amounts.length - codesOf(results).length),
    });
    expect(new Set(codesOf(results))).toEqual(new Set(['BALANCE_LIMIT_EXCEEDED']));
  });
});
