import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { ChargePointsUseCase } from './charge-points.use-case.js';
import { HistoryCursor } from './history-cursor.js';
import { ListPointHistoryUseCase } from './list-point-history.use-case.js';
import { PointFacade } from './point.facade.js';

describe('ListPointHistoryUseCase (MariaDB)', () => {
  let t: TestApp;
  let history: ListPointHistoryUseCase;
  let charge: ChargePointsUseCase;

  beforeAll(async () => {
    t = await startTestApp();
    history = t.get(ListPointHistoryUseCase);
    charge = t.get(ChargePointsUseCase);
  });

  afterAll(() => t.close());

  /** A user with `count` charges of 1, 2, … count, one after another. */
  async function userWithCharges(count: number): Promise<string> {
    const userId = randomUUID();
    for (let i = 1; i <= count; i++) await charge.execute({ userId, amount: i });
    return userId;
  }

  it('is empty, with no next cursor, for a user who never charged', async () => {
    expect(await history.execute({ userId: randomUUID() })).toEqual({ items: [], nextCursor: null });
  });

  it('lists newest first, 20 by default, with CHARGE and USE entries', async () => {
    const userId = await userWithCharges(24);
    await t.get(PointFacade).use(userId, 100);
    const page = await history.execute({ userId });
    expect(page.items).toHaveLength(20);
    expect(page.items[0]).toMatchObject({ type: 'USE', amount: 100, balanceAfter: 200 });
    expect(page.items[0].createdAt).toBeInstanceOf(Date);
    expect(page.items.slice(1).map((e) => e.amount)).toEqual(Array.from({ length: 19 }, (_, i) => 24 - i));
    expect(page.items.slice(1).every((e) => e.type === 'CHARGE')).toBe(true);
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it('gives no next cursor when the page holds exactly the last entries', async () => {
    const userId = await userWithCharges(5);
    expect((await history.execute({ userId, limit: 5 })).nextCursor).toBeNull();
    const first = await history.execute({ userId, limit: 4 });
    const last = await history.execute({ userId, limit: 4, cursor: first.nextCursor! });
    expect(last.items.map((e) => e.amount)).toEqual([1]);
    expect(last.nextCursor).toBeNull();
  });

  it('walks every entry once with limit 1 and limit 100', async () => {
    const userId = await userWithCharges(7);
    for (const limit of [1, 100]) {
      const seen: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await history.execute({ userId, limit, cursor });
        seen.push(...page.items.map((e) => e.amount));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1]);
    }
  });

  it('shows only the caller’s own entries, also with a cursor taken from another user', async () => {
    const mine = await userWithCharges(3);
    const theirs = await userWithCharges(3);
    const theirPage = await history.execute({ userId: theirs, limit: 1 });
    expect((await history.execute({ userId: mine })).items).toHaveLength(3);
    const withTheirCursor = await history.execute({ userId: mine, cursor: theirPage.nextCursor! });
    expect(withTheirCursor.items.every((e) => e.amount <= 3)).toBe(true);
    const ids: { n: number }[] = await t.db.query(
      'SELECT COUNT(*) AS n FROM point_history WHERE user_id = ? AND id < ?',
      [mine, HistoryCursor.decode(theirPage.nextCursor!)],
    );
    expect(withTheirCursor.items).toHaveLength(Number(ids[0].n));
  });

  it.each(['x', '42', 'aDE6MA', Buffer.from('h1:-1').toString('base64url')])(
    'refuses the cursor %s with VALIDATION_FAILED',
    async (cursor) => {
      await expect(history.execute({ userId: randomUUID(), cursor })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    },
  );

  it('never skips or repeats an entry while charges are added between pages', async () => {
    const userId = await userWithCharges(45);
    const seen: number[] = [];
    let cursor: string | undefined;
    let added = 0;
    do {
      const page = await history.execute({ userId, limit: 10, cursor });
      seen.push(...page.items.map((e) => e.balanceAfter));
      cursor = page.nextCursor ?? undefined;
      // New entries land on top, above every cursor already handed out.
      await Promise.all(Array.from({ length: 5 }, () => charge.execute({ userId, amount: 1_000 })));
      added += 5;
    } while (cursor);
    const original = Array.from({ length: 45 }, (_, i) => ((45 - i) * (46 - i)) / 2);
    expect(seen).toEqual(original);
    expect(added).toBe(25);
  });

  it('never skips or repeats an entry while charges race with the paging', async () => {
    const userId = await userWithCharges(60);
    const firstPage = await history.execute({ userId, limit: 7 });
    const pagesDone = (async () => {
      const seen = [...firstPage.items.map((e) => e.id)];
      let cursor = firstPage.nextCursor ?? undefined;
      while (cursor) {
        const page = await history.execute({ userId, limit: 7, cursor });
        seen.push(...page.items.map((e) => e.id));
        cursor = page.nextCursor ?? undefined;
      }
      return seen;
    })();
    const [seen] = await Promise.all([
      pagesDone,
      Promise.all(Array.from({ length: 60 }, () => charge.execute({ userId, amount: 1 }))),
    ]);
    const before: { id: string }[] = await t.db.query(
      'SELECT id FROM point_history WHERE user_id = ? AND id <= ? ORDER BY id DESC',
      [userId, firstPage.items[0].id],
    );
    expect(seen).toEqual(before.map((row) => Number(row.id)));
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
  });
});
