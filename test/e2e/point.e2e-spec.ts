import { randomUUID } from 'node:crypto';
import { PointFacade } from '../../src/modules/point/index.js';
import { QueueFacade } from '../../src/modules/queue/index.js';
import { ledgerOf } from '../support/point-ledger.js';
import { activeCaller, type Caller, waitingCaller } from '../support/queue.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface Balance {
  userId: string;
  balance: number;
}

interface HistoryPage {
  items: { type: string; amount: number; balanceAfter: number; createdAt: string }[];
  nextCursor: string | null;
}

const MAX_BALANCE = 100_000_000;

describe('Points (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { QUEUE_MAX_ACTIVE: '10000' } });
  });

  afterAll(() => t.close());

  const tokenIdOf = async (caller: Caller): Promise<string> => {
    const rows: { id: string }[] = await t.db.query(
      'SELECT id FROM queue_token WHERE user_id = ? AND live_user_id = user_id',
      [caller.userId],
    );
    return String(rows[0].id);
  };
  const charge = (caller: Caller, amount: unknown) =>
    t.http.post<Balance>('/points/charge', { amount }, { token: caller.token });
  const balanceOf = (caller: Caller) => t.http.get<Balance>('/points', { token: caller.token });
  const historyOf = (caller: Caller, query = '') =>
    t.http.get<HistoryPage>(`/points/history${query}`, { token: caller.token });

  describe('with a WAITING or an ACTIVE token', () => {
    it('shows balance 0 for a user who never charged', async () => {
      const caller = await waitingCaller(t);
      const res = await balanceOf(caller);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ userId: caller.userId, balance: 0 });
    });

    it('charges with a WAITING token: 200 (not 201) with the balance after, and GET /points agrees', async () => {
      const caller = await waitingCaller(t);
      const first = await charge(caller, 50_000);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ userId: caller.userId, balance: 50_000 });
      const second = await charge(caller, 100_000);
      expect(second.body).toEqual({ userId: caller.userId, balance: 150_000 });
      expect((await balanceOf(caller)).body).toEqual({ userId: caller.userId, balance: 150_000 });
    });

    it('charges and reads with an ACTIVE token', async () => {
      const caller = await activeCaller(t);
      expect((await charge(caller, 1_000_000)).body).toEqual({ userId: caller.userId, balance: 1_000_000 });
      expect((await balanceOf(caller)).body.balance).toBe(1_000_000);
      expect((await historyOf(caller)).status).toBe(200);
    });

    it('acts only as the token’s user: each user sees their own balance and history', async () => {
      const alice = await waitingCaller(t);
      const bob = await activeCaller(t);
      await charge(alice, 7_000);
      await charge(bob, 3_000);
      expect((await balanceOf(alice)).body).toEqual({ userId: alice.userId, balance: 7_000 });
      expect((await balanceOf(bob)).body).toEqual({ userId: bob.userId, balance: 3_000 });
      expect((await historyOf(alice)).body.items.map((e) => e.amount)).toEqual([7_000]);
      expect((await historyOf(bob)).body.items.map((e) => e.amount)).toEqual([3_000]);
    });

    it('keeps the wallet when the user comes back with a new token after a payment ended the old one', async () => {
      const first = await activeCaller(t);
      await charge(first, 12_345);
      await t.get(QueueFacade).expireAfterPayment(await tokenIdOf(first));
      expect((await balanceOf(first)).status).toBe(401);
      const second = await waitingCaller(t, first.userId);
      expect(second.token).not.toBe(first.token);
      expect((await balanceOf(second)).body).toEqual({ userId: first.userId, balance: 12_345 });
    });
  });

  describe('races over HTTP', () => {
    it('applies 100 concurrent charges of 1,000: every response 200, balance 100,000, 100 ledger rows', async () => {
      const caller = await waitingCaller(t);
      const responses = await Promise.all(Array.from({ length: 100 }, () => charge(caller, 1_000)));
      expect(responses.map((res) => res.status)).toEqual(Array.from({ length: 100 }, () => 200));
      expect(responses.map((res) => res.body.balance).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 100 }, (_, i) => (i + 1) * 1_000),
      );
      expect((await balanceOf(caller)).body.balance).toBe(100_000);
      expect(await ledgerOf(t.db, caller.userId)).toEqual({
        balance: 100_000,
        rows: 100,
        charges: 100,
        uses: 0,
        sum: 100_000,
        chained: true,
      });
      const history = await historyOf(caller, '?limit=100');
      expect(history.body.items.map((e) => e.balanceAfter)).toEqual(
        Array.from({ length: 100 }, (_, i) => (100 - i) * 1_000),
      );
      expect(history.body.nextCursor).toBeNull();
    });

    it('never passes POINT_MAX_BALANCE: of 20 concurrent charges of 1,000 from 10,000 below the cap exactly 10 apply', async () => {
      const caller = await waitingCaller(t);
      await charge(caller, 1_000_000);
      // Fill up to 10,000 below the cap with a consistent ledger, without 99 more requests.
      const start = MAX_BALANCE - 10_000;
      await t.db.query('UPDATE point_wallet SET balance = ? WHERE user_id = ?', [start, caller.userId]);
      await t.db.query('UPDATE point_history SET amount = ?, balance_after = ? WHERE user_id = ?', [
        start,
        start,
        caller.userId,
      ]);
      const responses = await Promise.all(Array.from({ length: 20 }, () => charge(caller, 1_000)));
      expect(responses.filter((res) => res.status === 200)).toHaveLength(10);
      const refused = responses.filter((res) => res.status !== 200);
      expect(refused.map((res) => res.body)).toEqual(
        Array.from({ length: 10 }, () => ({
          statusCode: 409,
          code: 'BALANCE_LIMIT_EXCEEDED',
          message: `Charging 1000 would lift the balance above ${MAX_BALANCE}`,
        })),
      );
      expect((await balanceOf(caller)).body.balance).toBe(MAX_BALANCE);
      expect(await ledgerOf(t.db, caller.userId)).toMatchObject({
        balance: MAX_BALANCE,
        sum: MAX_BALANCE,
        rows: 11,
        chained: true,
      });
    });
  });

  describe('GET /points/history', () => {
    let caller: Caller;

    beforeAll(async () => {
      caller = await waitingCaller(t);
      for (let i = 1; i <= 25; i++) await charge(caller, i * 100);
      await t.get(PointFacade).use(caller.userId, 2_500);
    });

    it('lists newest first, 20 by default, with ISO times and a cursor for the next page', async () => {
      const res = await historyOf(caller);
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(20);
      expect(res.body.items[0]).toEqual({
        type: 'USE',
        amount: 2_500,
        balanceAfter: 30_000,
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      });
      expect(res.body.items[1]).toMatchObject({ type: 'CHARGE', amount: 2_500, balanceAfter: 32_500 });
      expect(Math.abs(Date.parse(res.body.items[0].createdAt) - t.clock.now().getTime())).toBeLessThan(60_000);
      expect(res.body.nextCursor).toEqual(expect.any(String));
    });

    it('follows nextCursor to the end, with every entry exactly once, then null', async () => {
      const amounts: number[] = [];
      let query = '?limit=7';
      let pages = 0;
      for (;;) {
        const res = await historyOf(caller, query);
        expect(res.status).toBe(200);
        pages += 1;
        amounts.push(...res.body.items.map((e) => e.amount));
        if (res.body.nextCursor === null) break;
        query = `?limit=7&cursor=${encodeURIComponent(res.body.nextCursor)}`;
      }
      expect(pages).toBe(4);
      expect(amounts).toEqual([2_500, ...Array.from({ length: 25 }, (_, i) => (25 - i) * 100)]);
    });

    it('does not repeat or skip entries when charges land between pages', async () => {
      const user = await waitingCaller(t);
      for (let i = 1; i <= 10; i++) await charge(user, i);
      const first = await historyOf(user, '?limit=4');
      await Promise.all(Array.from({ length: 5 }, () => charge(user, 1_000)));
      const second = await historyOf(user, `?limit=4&cursor=${first.body.nextCursor}`);
      await charge(user, 1_000);
      const third = await historyOf(user, `?limit=4&cursor=${second.body.nextCursor}`);
      expect([...first.body.items, ...second.body.items, ...third.body.items].map((e) => e.amount)).toEqual([
        10, 9, 8, 7, 6, 5, 4, 3, 2, 1,
      ]);
      expect(third.body.nextCursor).toBeNull();
    });

    it('accepts limit 1 and 100', async () => {
      expect((await historyOf(caller, '?limit=1')).body.items).toHaveLength(1);
      const all = await historyOf(caller, '?limit=100');
      expect(all.body.items).toHaveLength(26);
      expect(all.body.nextCursor).toBeNull();
    });

    it('is empty for a user with no entries', async () => {
      const res = await historyOf(await waitingCaller(t));
      expect(res.body).toEqual({ items: [], nextCursor: null });
    });
  });

  describe('400 VALIDATION_FAILED', () => {
    let caller: Caller;

    beforeAll(async () => {
      caller = await waitingCaller(t);
    });

    it.each([
      ['a string', { amount: '1000' }],
      ['zero', { amount: 0 }],
      ['negative', { amount: -5 }],
      ['a fraction', { amount: 1.5 }],
      ['above POINT_MAX_CHARGE', { amount: 1_000_001 }],
      ['huge', { amount: 1e20 }],
      ['null', { amount: null }],
      ['missing', {}],
      ['an extra field', { amount: 1_000, userId: randomUUID() }],
      ['a boolean', { amount: true }],
      ['an array body', [1_000]],
      ['a number body', 1_000],
    ])('POST /points/charge with %s', async (_name, body) => {
      const res = await t.http.post('/points/charge', body, { token: caller.token });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', message: expect.any(String) });
    });

    it('POST /points/charge with malformed JSON or no body', async () => {
      const malformed = await t.http.request('POST', '/points/charge', undefined, {
        token: caller.token,
        raw: '{"amount":',
      });
      expect(malformed.status).toBe(400);
      expect(malformed.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      const empty = await t.http.post('/points/charge', undefined, { token: caller.token });
      expect(empty.status).toBe(400);
      expect(empty.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('POST /points/charge with a body over 16 KiB → 413 PAYLOAD_TOO_LARGE', async () => {
      const raw = JSON.stringify({ amount: 1_000, pad: 'x'.repeat(17 * 1024) });
      const res = await t.http.request('POST', '/points/charge', undefined, { token: caller.token, raw });
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    });

    it('names the largest charge when the amount is above it, and charges nothing', async () => {
      const res = await charge(caller, 1_000_001);
      expect(res.body).toEqual({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'amount must be an integer from 1 to 1000000',
      });
      expect((await balanceOf(caller)).body.balance).toBe(0);
      expect(await ledgerOf(t.db, caller.userId)).toMatchObject({ rows: 0 });
    });

    it.each([
      '?limit=0',
      '?limit=101',
      '?limit=abc',
      '?limit=1.5',
      '?limit=-1',
      '?limit=',
      '?limit=1e2',
      '?limit=1&limit=2',
      '?cursor=',
      '?cursor=not!base64',
      '?cursor=42',
      `?cursor=${Buffer.from('h1:0').toString('base64url')}`,
      `?cursor=${Buffer.from('h1:12abc').toString('base64url')}`,
      `?cursor=${'A'.repeat(65)}`,
      '?cursor=a&cursor=b',
      '?page=2',
    ])('GET /points/history%s', async (query) => {
      const res = await historyOf(caller, query);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    });

    it('GET /points/history with a cursor that was altered', async () => {
      const user = await waitingCaller(t);
      for (let i = 0; i < 3; i++) await charge(user, 1);
      const { nextCursor } = (await historyOf(user, '?limit=1')).body;
      expect((await historyOf(user, `?cursor=${nextCursor}`)).status).toBe(200);
      const altered = await historyOf(user, `?cursor=${nextCursor}x`);
      expect(altered.status).toBe(400);
      expect(altered.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: 'cursor is not a cursor this API returned',
      });
    });
  });

  describe('401', () => {
    const routes: [string, (token?: string) => ReturnType<TestApp['http']['get']>][] = [
      ['POST /points/charge', (token) => t.http.post('/points/charge', { amount: 1_000 }, { token })],
      ['GET /points', (token) => t.http.get('/points', { token })],
      ['GET /points/history', (token) => t.http.get('/points/history', { token })],
    ];

    it.each(routes)('%s without X-Queue-Token → QUEUE_TOKEN_MISSING', async (_route, send) => {
      const res = await send();
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 401, code: 'QUEUE_TOKEN_MISSING' });
    });

    it.each(routes)('%s with an unknown token → QUEUE_TOKEN_INVALID', async (_route, send) => {
      const res = await send('x'.repeat(43));
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 401, code: 'QUEUE_TOKEN_INVALID' });
    });

    it.each(routes)('%s with a token whose ACTIVE time ran out → QUEUE_TOKEN_INVALID', async (_route, send) => {
      const caller = await activeCaller(t);
      t.clock.advanceSeconds(t.config.queue.activeTtlSeconds);
      const res = await send(caller.token);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'QUEUE_TOKEN_INVALID' });
    });

    it.each(routes)('%s with a token a payment expired → QUEUE_TOKEN_INVALID', async (_route, send) => {
      const caller = await activeCaller(t);
      await t.get(QueueFacade).expireAfterPayment(await tokenIdOf(caller));
      const res = await send(caller.token);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'QUEUE_TOKEN_INVALID' });
    });

    it('checks the token before the body: no token and a bad body → 401, and nothing is charged', async () => {
      const res = await t.http.post('/points/charge', { amount: 'lots' });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'QUEUE_TOKEN_MISSING' });
    });
  });

  it('documents the point routes in Swagger with the queue token and their error codes', async () => {
    const doc = await t.http.get<{
      paths: Record<
        string,
        Record<string, { security?: unknown[]; responses: Record<string, { description?: string }> }>
      >;
    }>('/api-docs-json');
    const chargeDoc = doc.body.paths['/points/charge'].post;
    expect(chargeDoc.security).toEqual([{ 'queue-token': [] }]);
    expect(Object.keys(chargeDoc.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '409', '503']));
    expect(chargeDoc.responses['409'].description).toContain('BALANCE_LIMIT_EXCEEDED');
    expect(Object.keys(doc.body.paths['/points'].get.responses)).toEqual(expect.arrayContaining(['200', '401']));
    const historyDoc = doc.body.paths['/points/history'].get as unknown as {
      parameters: { name: string; required: boolean; schema: Record<string, unknown> }[];
    };
    expect(historyDoc.parameters.map(({ name, required }) => ({ name, required }))).toEqual([
      { name: 'limit', required: false },
      { name: 'cursor', required: false },
    ]);
    expect(historyDoc.parameters[0].schema).toMatchObject({ minimum: 1, maximum: 100, default: 20 });
    expect(Object.keys(doc.body.paths['/points/history'].get.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401']),
    );
  });
});
