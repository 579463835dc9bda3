import { randomUUID } from 'node:crypto';
import { seedConcert, type SeededConcert } from '../../../../test/support/catalogue.js';
import { startTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { ChargePointsUseCase } from '../../point/application/charge-points.use-case.js';
import { HoldSeatUseCase } from '../../reservation/application/hold-seat.use-case.js';
import { PayReservationUseCase } from './pay-reservation.use-case.js';

const PRICE = 50_000;
const USERS = 40;

// Found by `npm run bench` (full journey): concurrent payments of different users with Idempotency-Keys deadlocked
// on payment_idempotency and some answered 500.
describe('PayReservationUseCase, many users paying at once with idempotency keys (integration)', () => {
  let t: TestApp;
  let concert: SeededConcert;

  beforeAll(async () => {
    t = await startTestApp();
    concert = await seedConcert(t.db, { now: t.clock.now(), dayOffsets: [5], price: () => PRICE });
  });
  afterAll(() => t.close());

  const buyer = async (seatNumber: number) => {
    const userId = randomUUID();
    await t.get(ChargePointsUseCase).execute({ userId, amount: PRICE });
    const held = await t
      .get(HoldSeatUseCase)
      .execute({ userId, concertId: concert.concertId, date: concert.dates[0], seatNumber });
    const { insertId: tokenId }: { insertId: number } = await t.db.query(
      `INSERT INTO queue_token (token_hash, nonce, user_id, live_user_id, status, created_at, last_seen_at, activated_at, expires_at)
       VALUES (RANDOM_BYTES(32), RANDOM_BYTES(16), ?, ?, 'ACTIVE', ?, ?, ?, ?)`,
      [userId, userId, t.clock.now(), t.clock.now(), t.clock.now(), new Date(t.clock.now().getTime() + 600_000)],
    );
    return { userId, tokenId: String(tokenId), reservationId: held.reservationId };
  };

  it(`completes all ${USERS} payments, each once, with no deadlock between users`, async () => {
    const buyers = await Promise.all(Array.from({ length: USERS }, (_, i) => buyer(i + 1)));
    const results = await Promise.allSettled(
      buyers.map((b) =>
        t.get(PayReservationUseCase).execute({ ...b, idempotencyKey: randomUUID(), replayOnly: false }),
      ),
    );
    const failures = results.filter((r) => r.status === 'rejected').map((r) => String(r.reason));
    expect(failures).toEqual([]);
    const [row]: { payments: string; keys: string; sold: string }[] = await t.db.query(
      `SELECT (SELECT COUNT(*) FROM payment) AS payments,
              (SELECT COUNT(*) FROM payment_idempotency WHERE response IS NOT NULL) AS \`keys\`,
              (SELECT COUNT(*) FROM seat WHERE status = 'SOLD') AS sold`,
    );
    expect([Number(row.payments), Number(row.keys), Number(row.sold)]).toEqual([USERS, USERS, USERS]);
  });
});
