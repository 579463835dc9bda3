import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Agent, request } from 'undici';
import { type AppProcess, startAppProcess } from '../support/app-process.js';
import { type SeededConcert, seedConcert } from '../support/catalogue.js';
import { ledgerOf } from '../support/point-ledger.js';
import { deleteKeysMatching } from '../support/redis-keys.js';
import { assertTestDatabase, dropTestDatabase, uniqueTestDatabaseName } from '../support/test-database.js';

const USERS = 24;
const PRICE = 1_000;
const CHARGE = 1_500;
/** SIGTERM once this many payments have been answered: the load is well under way. */
const PAYMENTS_BEFORE_SIGTERM = 40;
const EXIT_WITHIN_MS = 10_000;
const SEATS_PER_USER = 40;

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** What one request of the load got: an answer, or none (the connection failed or closed first). */
interface Sent {
  readonly user: number;
  readonly kind: 'issue' | 'poll' | 'charge' | 'hold' | 'pay';
  readonly answer: Answer | null;
  readonly wrong: string | null;
  readonly at: number;
}

/** A user's journeys against one instance until a request gets no answer or the load stops. */
interface UserRun {
  readonly userId: string;
  readonly charged: number[];
  readonly paid: { reservationId: number; paymentId: number }[];
  /** The request left without an answer, if any: a keyed payment is retried on the other instance. */
  unanswered: { kind: Sent['kind']; token?: string; key?: string; reservationId?: number } | null;
}

// Sockets are reused (keep-alive), as a load balancer or a browser would: requests keep coming on open connections
// while the instance drains.
const sockets = new Agent({ connections: 64, pipelining: 1 });
afterAll(() => sockets.close());

/** The answer, or null when the connection failed or closed before one came. */
async function send(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  let answer: { status: number; text: string };
  try {
    const response = await request(`${base}${path}`, {
      method: method as 'GET',
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      dispatcher: sockets,
    });
    answer = { status: response.statusCode, text: await response.body.text() };
  } catch {
    return null;
  }
  return { status: answer.status, body: (answer.text ? JSON.parse(answer.text) : {}) as Record<string, unknown> };
}

/** The error lines an instance logged. */
const errorLines = (app: AppProcess) =>
  app
    .output()
    .split('\n')
    .filter((line) => /"level":"(error|fatal)"/.test(line))
    .join('\n');

describe.each(['redis', 'database'] as const)(
  'Graceful shutdown: SIGTERM under a steady mixed load (two node dist/main.js, %s queue store, e2e)',
  (store) => {
    const database = uniqueTestDatabaseName();
    const db = {
      host: process.env.DB_HOST ?? '127.0.0.1',
      port: Number(process.env.DB_PORT ?? 3306),
      username: process.env.DB_USERNAME ?? 'root',
      password: process.env.DB_PASSWORD ?? '',
      database,
    };
    const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    const env = {
      DB_TYPE: process.env.DB_TYPE ?? 'mariadb',
      DB_HOST: db.host,
      DB_PORT: String(db.port),
      DB_USERNAME: db.username,
      DB_PASSWORD: db.password,
      DB_DATABASE: database,
      SEED_DEMO_DATA: 'false',
      SCHEDULERS_ENABLED: 'true',
      // With the Redis store every kind of pool (TypeORM's, the Sql seam's mysql2 pool, Redis) closes at shutdown;
      // with the database store the admission tick runs against the payments' row locks.
      QUEUE_STORE: store,
      REDIS_URL: redisUrl,
      QUEUE_MAX_ACTIVE: '100000',
      QUEUE_ACTIVATION_INTERVAL_MS: '50',
      RATE_LIMIT_ISSUE_PER_MINUTE: '1000000',
      RATE_LIMIT_PER_TOKEN_PER_MINUTE: '1000000',
      LOG_LEVEL: 'warn',
    };
    let a: AppProcess;
    let b: AppProcess;
    let verify: DataSource;
    let concert: SeededConcert;

    beforeAll(async () => {
      assertTestDatabase(database);
      a = await startAppProcess(env); // creates and migrates the database
      b = await startAppProcess(env);
      verify = await new DataSource({ type: 'mariadb', ...db }).initialize();
      // A date of its own per user, so that every hold of the load is for a free seat.
      concert = await seedConcert(verify, {
        now: new Date(),
        dayOffsets: Array.from({ length: USERS }, (_, user) => user + 1),
        seatCount: SEATS_PER_USER + 1, // the last one for the hang below
        price: () => PRICE,
      });
    }, 120_000);

    afterAll(async () => {
      for (const app of [a, b]) {
        if (app?.child.exitCode !== null) continue;
        app.child.kill('SIGTERM');
        await app.exited;
      }
      await verify?.destroy();
      await dropTestDatabase({ type: 'mariadb', ...db });
      const redis = new Redis(redisUrl);
      await deleteKeysMatching(redis, `{${database}:queue}:*`);
      await deleteKeysMatching(redis, `${database}:rate:*`);
      await redis.quit();
    });

    it('answers every request it takes rightly, exits 0 within 10 s, and every balance, ledger and seat is exact', async () => {
      const sent: Sent[] = [];
      let stopped = false;
      let answeredPayments = 0;
      const record = (user: number, kind: Sent['kind'], answer: Answer | null, ok: (a: Answer) => boolean) => {
        const wrong = answer && !ok(answer) ? `${kind} → ${answer.status} ${JSON.stringify(answer.body)}` : null;
        sent.push({ user, kind, answer, wrong, at: Date.now() });
        // With the instance's own error lines, so that a failure says why (e.g. ER_CON_COUNT_ERROR from a busy server).
        if (wrong) throw new Error(`${wrong}\n${errorLines(a)}`);
        return answer;
      };

      async function journeys(user: number): Promise<UserRun> {
        const run: UserRun = { userId: randomUUID(), charged: [], paid: [], unanswered: null };
        let balance = 0;
        for (let journey = 0; !stopped && journey < SEATS_PER_USER; journey++) {
          const issued = record(
            user,
            'issue',
            await send(a.baseUrl, 'POST', '/queue/tokens', { userId: run.userId }),
            (r) => [200, 201].includes(r.status),
          );
          if (!issued) return { ...run, unanswered: { kind: 'issue' } };
          const token = String(issued.body.token);
          const auth = { 'x-queue-token': token };
          for (let active = issued.body.status === 'ACTIVE'; !active;) {
            const polled = record(
              user,
              'poll',
              await send(a.baseUrl, 'GET', '/queue/status', undefined, auth),
              (r) => r.status === 200 && ['WAITING', 'ACTIVE'].includes(String(r.body.status)),
            );
            if (!polled) return { ...run, unanswered: { kind: 'poll' } };
            active = polled.body.status === 'ACTIVE';
            if (!active) await new Promise((done) => setTimeout(done, 20));
          }
          const charged = record(
            user,
            'charge',
            await send(a.baseUrl, 'POST', '/points/charge', { amount: CHARGE }, auth),
            (r) => r.status === 200 && r.body.balance === balance + CHARGE,
          );
          if (!charged) return { ...run, unanswered: { kind: 'charge' } };
          balance += CHARGE;
          run.charged.push(CHARGE);
          const seat = { concertId: concert.concertId, date: concert.dates[user], seatNumber: journey + 1 };
          const held = record(
            user,
            'hold',
            await send(a.baseUrl, 'POST', '/reservations', seat, auth),
            (r) => r.status === 201 && r.body.status === 'HELD',
          );
          if (!held) return { ...run, unanswered: { kind: 'hold' } };
          const reservationId = Number(held.body.reservationId);
          const key = randomUUID();
          const paid = record(
            user,
            'pay',
            await send(a.baseUrl, 'POST', '/payments', { reservationId }, { ...auth, 'idempotency-key': key }),
            (r) => r.status === 201 && r.body.amount === PRICE && r.body.balance === balance - PRICE,
          );
          if (!paid) return { ...run, unanswered: { kind: 'pay', token, key, reservationId } };
          balance -= PRICE;
          answeredPayments++;
          run.paid.push({ reservationId, paymentId: Number(paid.body.paymentId) });
        }
        return run;
      }

      const load = Promise.all(Array.from({ length: USERS }, (_, user) => journeys(user)));
      const deadline = Date.now() + 60_000;
      while (answeredPayments < PAYMENTS_BEFORE_SIGTERM && Date.now() < deadline) {
        await new Promise((done) => setTimeout(done, 10));
      }
      expect(answeredPayments).toBeGreaterThanOrEqual(PAYMENTS_BEFORE_SIGTERM);
      const sigtermAt = Date.now();
      a.child.kill('SIGTERM');

      const exit = await a.exited;
      stopped = true;
      const runs = await load;

      expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
      expect(exit.at - sigtermAt).toBeLessThan(EXIT_WITHIN_MS);
      expect(errorLines(a)).toBe('');
      expect(sent.filter((s) => s.answer && s.answer.status >= 500)).toEqual([]);
      expect(sent.filter((s) => s.wrong).map((s) => s.wrong)).toEqual([]);
      // Mid-load: requests were still answered after the SIGTERM, and the load went on until some got none.
      expect(sent.filter((s) => s.answer && s.at > sigtermAt).length).toBeGreaterThan(0);
      expect(runs.filter((run) => run.unanswered).length).toBeGreaterThan(0);

      // Every keyed payment left without an answer, sent again to B with the same key and body.
      for (const run of runs) {
        const left = run.unanswered;
        if (left?.kind !== 'pay') continue;
        const retried = await send(
          b.baseUrl,
          'POST',
          '/payments',
          { reservationId: left.reservationId },
          { 'x-queue-token': left.token!, 'idempotency-key': left.key! },
        );
        expect(retried).toMatchObject({ status: 201, body: { reservationId: left.reservationId, amount: PRICE } });
        run.paid.push({ reservationId: left.reservationId!, paymentId: Number(retried!.body.paymentId) });
      }

      for (const run of runs) {
        const ledger = await ledgerOf(verify, run.userId);
        expect(ledger.chained).toBe(true);
        expect(ledger.balance).toBe(ledger.sum);
        // A charge left without an answer applied once or not at all.
        const unansweredCharge = run.unanswered?.kind === 'charge' ? [0, 1] : [0];
        expect(unansweredCharge).toContain(ledger.charges - run.charged.length);
        expect(ledger.uses).toBe(run.paid.length);
        expect(ledger.sum).toBe(ledger.charges * CHARGE - run.paid.length * PRICE);
        const payments: { id: number; reservationId: number; status: string; seat: string; rows: string }[] =
          await verify.query(
            `SELECT p.id, p.reservation_id AS reservationId, r.status, s.status AS seat,
                  (SELECT COUNT(*) FROM payment q WHERE q.reservation_id = p.reservation_id) AS \`rows\`
             FROM payment p JOIN reservation r ON r.id = p.reservation_id JOIN seat s ON s.id = r.seat_id
            WHERE p.user_id = ? ORDER BY p.id`,
            [run.userId],
          );
        // Every 201 payment: one payment row, its reservation CONFIRMED and its seat SOLD (one USE each, above).
        expect(
          payments.map((p) => ({
            ...p,
            id: Number(p.id),
            reservationId: Number(p.reservationId),
            rows: Number(p.rows),
          })),
        ).toEqual(
          run.paid.map((paid) => ({
            id: paid.paymentId,
            reservationId: paid.reservationId,
            status: 'CONFIRMED',
            seat: 'SOLD',
            rows: 1,
          })),
        );
      }
    }, 120_000);

    it('exits 1 at the deadline, with a log line, when a request in flight hangs', async () => {
      const userId = randomUUID();
      const issued = await send(b.baseUrl, 'POST', '/queue/tokens', { userId });
      const auth = { 'x-queue-token': String(issued?.body.token) };
      const deadline = Date.now() + 30_000;
      while ((await send(b.baseUrl, 'GET', '/queue/status', undefined, auth))?.body.status !== 'ACTIVE') {
        if (Date.now() > deadline) throw new Error('never admitted');
        await new Promise((done) => setTimeout(done, 20));
      }
      const seat = { concertId: concert.concertId, date: concert.dates[0], seatNumber: SEATS_PER_USER + 1 };
      // The seat row stays locked by the test: the hold waits on it well past the deadline.
      const blocker = verify.createQueryRunner();
      await blocker.startTransaction();
      try {
        await blocker.query(
          `SELECT s.id FROM seat s JOIN concert_date d ON d.id = s.concert_date_id
          WHERE d.concert_id = ? AND d.date = ? AND s.seat_number = ? FOR UPDATE`,
          [seat.concertId, seat.date, seat.seatNumber],
        );
        const hold = send(b.baseUrl, 'POST', '/reservations', seat, auth);
        const until = Date.now() + 30_000;
        for (;;) {
          const waiting: { n: string }[] = await verify.query(
            `SELECT COUNT(*) AS n FROM information_schema.processlist WHERE db = ? AND info LIKE 'UPDATE seat%'`,
            [database],
          );
          if (Number(waiting[0].n) === 1) break;
          if (Date.now() > until) throw new Error('the hold never reached the seat');
          await new Promise((done) => setTimeout(done, 20));
        }
        const sigtermAt = Date.now();
        b.child.kill('SIGTERM');
        const exit = await b.exited;
        expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 1, signal: null });
        expect(exit.at - sigtermAt).toBeLessThan(EXIT_WITHIN_MS);
        expect(b.output()).toMatch(
          /"level":"error".*still closing after \d+ ms \(1 HTTP connections open\): exiting anyway/,
        );
        expect(await hold).toBeNull();
      } finally {
        await blocker.rollbackTransaction();
        await blocker.release();
      }
    }, 60_000);
  },
);
